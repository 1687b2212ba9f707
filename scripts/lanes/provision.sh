#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs INSIDE a fresh lane chroot (called by lane.sh, not by hand): installs QGIS, GDAL's Python
# bindings and a venv of the test tools. Its text is part of the chroot's cache key: edit it and the
# lanes rebuild. Argument: the backports suite to take QGIS from, or nothing for the release itself.
set -euo pipefail
backports=${1:-}
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends ${backports:+-t "$backports"} \
  python3-qgis qgis-providers python3-gdal python3-venv ca-certificates fonts-dejavu-core \
  qgis >/dev/null  # qgis: the qgis_process that tests/processing runs
# tests/release: make package (git archive, pylupdate5, lrelease) and the installed desktop under Xvfb
apt-get install -y -qq --no-install-recommends git xvfb xauth pyqt5-dev-tools qttools5-dev-tools >/dev/null
# Debian 13 dropped qtchooser's /usr/bin/lrelease: point the plain name at Qt 5's own tool when it is missing
for tool in lrelease; do
  command -v "$tool" >/dev/null || for c in /usr/lib/qt5/bin/$tool /usr/bin/$tool-qt5; do
    [ -x "$c" ] && ln -sf "$c" "/usr/local/bin/$tool" && break
  done
done
command -v lrelease >/dev/null && command -v pylupdate5 >/dev/null && command -v git >/dev/null
apt-get clean
python3 -m venv --system-site-packages /opt/lane-venv
# The host's CA bundle (copied in by lane.sh): pip must trust what the host trusts.
PIP_CERT=/etc/eo-host-ca.crt /opt/lane-venv/bin/pip install -q --disable-pip-version-check \
  -r /opt/lane-requirements.txt
python3 -c 'from qgis.core import Qgis; print(Qgis.version().split("-")[0])' >/opt/lane-qgis-version
