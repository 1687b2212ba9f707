#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Usage: sudo bash scripts/lanes/lane.sh 3.44 [pytest args…]   (lanes: 3.22 3.40 3.44; `make test QGIS=3.44`)
#
# Runs the test suite on one QGIS release inside a Debian chroot of its own, so a lane gets its QGIS
# the same way on a Debian 12 or a Debian 13 host:
#   3.22 = bookworm (main), 3.40 = bookworm-backports, 3.44 = trixie-backports (the LTR).
# The chroot is built once with debootstrap from the mirror the host's apt sources name and cached under
# $EO_LANES_CACHE (default /var/cache/eo-orders/lanes), keyed by a hash of provision.sh, of
# requirements-dev.txt and of the lane's suites, so changing any of them rebuilds it. Each run copies the work tree into the chroot,
# mounts ../shared read-only beside it (tests read ../shared/fixtures) and runs pytest in a private
# mount namespace, so nothing stays mounted when it ends. The output closes with one line such as
# `qgis-3.44.16: 812 passed, 0 failed`. A lane that cannot be built (archive unreachable, QGIS missing
# or of another release) fails with a message naming the lane; it never skips.
set -euo pipefail

lane=${1:?usage: lane.sh <3.22|3.40|3.44> [pytest args]}
shift
case "$lane" in
  3.22) suite=bookworm; backports="" ;;
  3.40) suite=bookworm; backports=bookworm-backports ;;
  3.44) suite=trixie; backports=trixie-backports ;;
  *) echo "qgis-$lane: unknown lane (known: 3.22 3.40 3.44)" >&2; exit 2 ;;
esac
tag="qgis-$lane"
die() { echo "$tag: LANE FAILED: $*" >&2; exit 1; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
shared=$(cd "$repo/.." && pwd)/shared
[ -d "$shared" ] || die "no shared/ folder beside the repository ($shared)"
args=("$@")

# The Debian mirror the host's apt already uses (deb822 or one-line sources), else EO_LANES_MIRROR.
host_mirror() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list /etc/apt/sources.list; do
    [ -f "$f" ] || continue
    uri=$(grep -E '^(URIs:|deb )' "$f" | grep -oE 'https?://[^ ]+/debian/?( |$)' | grep -v security | head -n1 || true)
    if [ -n "$uri" ]; then echo "${uri%% *}" | sed 's:/*$::'; return; fi
  done
  echo "http://deb.debian.org/debian"
}
mirror=${EO_LANES_MIRROR:-$(host_mirror)}

cache=${EO_LANES_CACHE:-/var/cache/eo-orders/lanes}
# The cache key: what goes into the chroot (the recipe, the test tools, the archive and suites).
key=$( (cat "$here/provision.sh" "$repo/requirements-dev.txt"; echo "$mirror $suite $backports") |
  sha256sum | cut -c1-12)
root="$cache/$lane-$key"

# Remove a chroot tree without ever following a mount into the host (there should be none: runs use a
# private mount namespace), and refuse when something is still mounted below it.
remove_tree() {
  local d=$1
  [ -e "$d" ] || return 0
  if findmnt -rn -o TARGET | grep -q "^$d/"; then die "$d still has mounts; not removing it"; fi
  rm -rf --one-file-system "$d"
}

# Before anything is installed or built: the archive must answer for the lane's suites, else fail loudly.
check_archive() {
  local dist
  for dist in "$suite" $backports; do
    python3 - "$mirror/dists/$dist/Release" <<'PY' || die "the Debian archive $mirror cannot be reached or has no $dist (dists/$dist/Release)"
import sys
import urllib.request

try:
    with urllib.request.urlopen(sys.argv[1], timeout=60) as reply:
        reply.read(1)
except Exception as exc:  # any failure: unreachable, refused, 404, timeout
    print(f"{sys.argv[1]}: {exc}", file=sys.stderr)
    sys.exit(1)
PY
  done
}

build() {
  local tmp="$cache/.build-$lane-$key" t0
  t0=$(date +%s)
  remove_tree "$tmp"
  if ! command -v debootstrap >/dev/null; then
    { apt-get -o DPkg::Lock::Timeout=600 update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq debootstrap >/dev/null
    } || die "cannot install debootstrap on the host"
  fi
  echo "$tag: building the chroot ($suite${backports:+ + $backports}) from $mirror into $root"
  debootstrap --variant=minbase "$suite" "$tmp" "$mirror" >"$cache/.build-$lane.log" 2>&1 ||
    { tail -n 20 "$cache/.build-$lane.log" >&2; die "debootstrap $suite from $mirror failed (log: $cache/.build-$lane.log)"; }
  {
    echo "deb $mirror $suite main"
    echo "deb $mirror $suite-updates main"
    [ -z "$backports" ] || echo "deb $mirror $backports main"
  } >"$tmp/etc/apt/sources.list"
  # The host's CA bundle: pip inside the chroot must trust what the host trusts.
  cp "${PIP_CERT:-/etc/ssl/certs/ca-certificates.crt}" "$tmp/etc/eo-host-ca.crt"
  cp "$repo/requirements-dev.txt" "$tmp/opt/lane-requirements.txt"
  cp "$here/provision.sh" "$tmp/opt/lane-provision.sh"
  in_chroot "$tmp" bash /opt/lane-provision.sh "$backports" >>"$cache/.build-$lane.log" 2>&1 ||
    { tail -n 30 "$cache/.build-$lane.log" >&2; die "installing QGIS and the test tools failed (log: $cache/.build-$lane.log)"; }
  local got
  got=$(cat "$tmp/opt/lane-qgis-version")
  case "$got" in
    "$lane".*) ;;
    *) die "Debian $suite${backports:+/$backports} now ships QGIS $got, not $lane: update scripts/lanes/lane.sh" ;;
  esac
  # Older builds of this lane are out of date: remove them, then publish the new one atomically.
  local old
  for old in "$cache/$lane"-*; do [ "$old" = "$root" ] || remove_tree "$old"; done
  mv "$tmp" "$root"
  echo "$tag: chroot ready (QGIS $got) after $(($(date +%s) - t0))s"
}

# Run a command in the chroot inside a private mount namespace: /proc, /dev (with /dev/shm), a fresh
# /tmp and shared/ read-only exist only for that command and vanish with it.
in_chroot() {
  local r=$1
  shift
  unshare --mount --propagation private -- bash -euc '
    r=$1; shared=$2; shift 2
    mount -t proc proc "$r/proc"
    mount --rbind /dev "$r/dev"
    mount -t tmpfs -o size=8g tmpfs "$r/tmp"
    mkdir -p "$r/src/shared"
    mount --bind "$shared" "$r/src/shared"
    mount -o remount,bind,ro "$r/src/shared"
    cp /etc/resolv.conf "$r/etc/resolv.conf" 2>/dev/null || true
    exec chroot "$r" env -i HOME=/root LANG=C.UTF-8 LC_ALL=C.UTF-8 \
      PATH=/opt/lane-venv/bin:/usr/sbin:/usr/bin:/sbin:/bin QT_QPA_PLATFORM=offscreen \
      PYTHONDONTWRITEBYTECODE=1 "$@"
  ' in_chroot "$r" "$shared" "$@"
}

# The whole run is one function, read in full before it starts: editing this file mid-run is safe.
main() {
  [ -f "$root/opt/lane-qgis-version" ] || check_archive
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "needs root (debootstrap, chroot and mounts)"
    exec sudo --preserve-env=EO_LANES_CACHE,EO_LANES_MIRROR,EO_LANES_REPORTS bash "$0" "$lane" "${args[@]}"
  fi
  mkdir -p "$cache"
  exec 9>"$cache/.lock-$lane"
  flock 9
  [ -f "$root/opt/lane-qgis-version" ] || build
  version=$(cat "$root/opt/lane-qgis-version")
  tag="qgis-$version"

  # A fresh copy of the work tree (without its host venv, git data or earlier outputs) as /src/repo.
  rm -rf --one-file-system "$root/src/repo"
  mkdir -p "$root/src/repo"
  tar -C "$repo" --exclude=./.venv --exclude=./.git --exclude=./test-artifacts --exclude=./.qgis-settings \
    --exclude=./.pytest_pkg --exclude=./build --exclude=./demo-output -cf - . | tar -C "$root/src/repo" -xf -

  report=/src/repo/.lane-report.xml
  echo "$tag: running the suite in $root"
  start=$(date +%s)
  set +e
  in_chroot "$root" bash -c 'cd /src/repo && exec python -m pytest "$@"' lane \
    --junitxml="$report" "${args[@]}"
  rc=$?
  set -e
  secs=$(($(date +%s) - start))
  if [ ! -f "$root$report" ]; then
    die "pytest ended (exit $rc) without a report after ${secs}s"
  fi
  line=$(python3 "$here/summary.py" "$root$report")
  echo "$tag: suite took ${secs}s"
  # Keep the report where CI can add the lanes up (EO_LANES_REPORTS: a folder).
  if [ -n "${EO_LANES_REPORTS:-}" ]; then mkdir -p "$EO_LANES_REPORTS" && cp "$root$report" "$EO_LANES_REPORTS/qgis-$lane.xml"; fi
  echo "$tag: $line"
  exit "$rc"
}

main
