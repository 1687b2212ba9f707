# EO Orders — the two commands a newcomer needs are `make demo` and `make test`.
PY := .venv/bin/python
export QT_QPA_PLATFORM ?= offscreen
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup demo run test test-matrix lint bench sandbox package clean

help:
	@echo "make demo   - start the sandbox and run the whole order flow in real QGIS (writes demo-output/)"
	@echo "make run    - open QGIS with the plugin, a basemap and sandbox connections (needs a display);"
	@echo "             make run KEEP_PROFILE=1 keeps the profile and offers a restart"
	@echo "make test   - the full test suite in real QGIS, offscreen"
	@echo "make test QGIS=3.44 - the suite on one other QGIS (3.22, 3.40, 3.44) in a cached chroot (root)"
	@echo "make test-matrix    - the suite on every QGIS lane but the host's (see README, Tested QGIS)"
	@echo "make lint   - ruff"
	@echo "make bench  - benchmarks against the sandbox (writes bench/results.md)"

setup:
	@bash scripts/bootstrap.sh

demo: setup
	$(PY) -m demo

run:
	@WITH_DESKTOP=1 bash scripts/bootstrap.sh
	QT_QPA_PLATFORM= KEEP_PROFILE=$(KEEP_PROFILE) $(PY) -m demo --gui

# QGIS=3.22|3.40|3.44 runs that lane (scripts/lanes/lane.sh) instead of the host's QGIS.
test: $(if $(QGIS),,setup)
ifeq ($(QGIS),)
	$(PY) -m ruff check .
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

package:
	rm -rf build/eo_orders && mkdir -p build/eo_orders
	git archive HEAD | tar -x -C build/eo_orders --exclude=tests --exclude=tests_qt6 --exclude=bench --exclude=.ci --exclude=demo \
		--exclude=sandbox --exclude=docs --exclude=scripts --exclude=Makefile --exclude=pytest.ini \
		--exclude=ruff.toml --exclude=requirements-dev.txt --exclude=.gitignore
	cd build && rm -f eo_orders.zip && zip -qr eo_orders.zip eo_orders

clean:
	rm -rf .venv demo-output build .pytest_cache .pytest_pkg test-artifacts
