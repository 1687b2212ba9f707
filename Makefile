# EO Orders — the two commands a newcomer needs are `make demo` and `make test`.
PY := .venv/bin/python
export QT_QPA_PLATFORM ?= offscreen
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup demo run test test-matrix lint bench sandbox package check-package translations clean

help:
	@echo "make demo   - start the sandbox and run the whole order flow in real QGIS (writes demo-output/)"
	@echo "make run    - open QGIS with the plugin, a basemap and sandbox connections (needs a display);"
	@echo "             make run KEEP_PROFILE=1 keeps the profile and offers a restart"
	@echo "make test   - the full test suite in real QGIS, offscreen"
	@echo "make test QGIS=3.44 - the suite on one other QGIS (3.22, 3.40, 3.44) in a cached chroot (root)"
	@echo "make test-matrix    - the suite on every QGIS lane but the host's (see README, Tested QGIS)"
	@echo "make lint   - ruff"
	@echo "make bench  - benchmarks against the sandbox (writes bench/results.md)"
	@echo "make package       - build/eo_orders.zip with qgis-plugin-ci (what a user installs)"
	@echo "make check-package - validate that ZIP as plugins.qgis.org does (metadata, licence, files, bandit, detect-secrets)"
	@echo "make translations  - refresh i18n/*.ts with pylupdate5 and compile them with lrelease"

setup:
	@bash scripts/bootstrap.sh

demo: setup
	$(PY) -m demo

run:
	@WITH_DESKTOP=1 bash scripts/bootstrap.sh
	QT_QPA_PLATFORM= KEEP_PROFILE=$(KEEP_PROFILE) $(PY) -m demo --gui

# QGIS=3.22|3.40|3.44 runs that lane (scripts/lanes/lane.sh) instead of the host's QGIS.
# The release tests start the QGIS desktop under Xvfb from the built ZIP (tests/release): install both.
test: $(if $(QGIS),,setup)
ifeq ($(QGIS),)
	@WITH_DESKTOP=1 WITH_XVFB=1 bash scripts/bootstrap.sh
	$(PY) -m ruff check .
	$(MAKE) --no-print-directory check-package
	$(PY) scripts/qt6_check.py && $(PY) -m pytest -c tests_qt6/pytest.ini tests_qt6
	rm -rf .qgis-settings
	$(PY) -m pytest
else
	bash scripts/lanes/lane.sh $(QGIS)
endif

test-matrix:
	bash scripts/lanes/matrix.sh

lint: setup
	$(PY) -m ruff check .

bench: setup
	$(PY) bench/run.py

sandbox: setup
	$(PY) -m sandbox --port 8765 --print-connections

package: setup
	$(PY) scripts/package.py

check-package: package
	$(PY) scripts/spdx.py --check
	$(PY) scripts/check_package.py build/eo_orders.zip

# Strings from the plugin's Python and .ui files into i18n/*.ts (Debian's pylupdate5), then .qm (lrelease).
translations:
	@command -v pylupdate5 >/dev/null && command -v lrelease >/dev/null || { \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); $$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
		pyqt5-dev-tools qttools5-dev-tools >/dev/null; }
	$(PY) scripts/translations.py

clean:
	rm -rf .venv demo-output build .pytest_cache .pytest_pkg test-artifacts
