#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Usage: bash scripts/lanes/matrix.sh [lane…]   (`make test-matrix`): every QGIS lane but the host's own.
#
# Runs each lane (scripts/lanes/lane.sh) one after the other (two cores: running them side by side only
# slows both), keeps going when one fails, and ends with each lane's closing line again and a non-zero
# exit when any lane failed or could not start. On a Debian 12 host the 3.22 lane is the host itself
# (`make test`), so it is not run twice.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
lanes=("$@")
[ ${#lanes[@]} -gt 0 ] || lanes=(3.22 3.40 3.44)
codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")

summary=()
failed=0
for lane in "${lanes[@]}"; do
  if [ "$lane" = 3.22 ] && [ "$codename" = bookworm ] && [ $# -eq 0 ]; then
    echo "qgis-3.22: the host lane (Debian 12's own QGIS, run by make test); not run again"
    continue
  fi
  log=$(mktemp)
  bash "$here/lane.sh" "$lane" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  last=$(grep -E '^qgis-[0-9.]+: ' "$log" | tail -n 1)
  rm -f "$log"
  if [ "$rc" != 0 ]; then
    failed=1
    summary+=("qgis-$lane: FAILED (exit $rc) — ${last:-no closing line}")
  else
    summary+=("$last")
  fi
done
echo "== QGIS lanes =="
printf '%s\n' "${summary[@]}"
exit "$failed"
