#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Installs what the demo and the tests need on a fresh Debian 12 machine, then makes .venv.
# QGIS, PyQt5 and GDAL come from Debian (python3-qgis); the venv sees them through
# --system-site-packages and adds only the test and sandbox tools from requirements-dev.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
need_apt=()
/usr/bin/python3 -c "import qgis.core" 2>/dev/null || need_apt+=(python3-qgis qgis-providers)
/usr/bin/python3 -c "import venv, ensurepip" 2>/dev/null || need_apt+=(python3-venv)
/usr/bin/python3 -c "from osgeo import gdal" 2>/dev/null || need_apt+=(python3-gdal)
command -v curl >/dev/null || need_apt+=(curl)
command -v lrelease >/dev/null || need_apt+=(qttools5-dev-tools)  # make package compiles i18n/*.ts
command -v pylupdate5 >/dev/null || need_apt+=(pyqt5-dev-tools)  # ... after refreshing them from the code
if [ "${WITH_XVFB:-0}" = 1 ] && ! command -v Xvfb >/dev/null; then need_apt+=(xvfb); fi
# xvfb-run (the desktop tests) needs xauth, which xvfb only recommends
if [ "${WITH_XVFB:-0}" = 1 ] && ! command -v xauth >/dev/null; then need_apt+=(xauth); fi
if [ "${WITH_DESKTOP:-0}" = 1 ] && ! command -v qgis >/dev/null; then need_apt+=(qgis); fi
command -v qgis_process >/dev/null || need_apt+=(qgis)  # tests/processing run the real qgis_process
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "Installing from Debian: ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
# Debian 13 has no qtchooser: its Qt 5 lrelease lives in /usr/lib/qt5/bin; give it its plain name
if ! command -v lrelease >/dev/null; then
  for c in /usr/lib/qt5/bin/lrelease /usr/bin/lrelease-qt5; do
    if [ -x "$c" ]; then $SUDO ln -sf "$c" /usr/local/bin/lrelease; break; fi
  done
fi
stamp=.venv/.installed-$(md5sum requirements-dev.txt | cut -c1-12)
if [ ! -f "$stamp" ]; then
  [ -x .venv/bin/python ] || /usr/bin/python3 -m venv --system-site-packages .venv
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
  rm -f .venv/.installed-*; touch "$stamp"
fi
