# SPDX-License-Identifier: GPL-2.0-or-later
"""The real ``qgis_process`` binary runs the EO Orders algorithms headless against the sandbox, with the
connections saved in a profile (secrets in its QGIS authentication database, unlocked by a master password
file) — no secret on any command line — and runs the shipped model."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from osgeo import gdal

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "docs" / "examples" / "eo_orders_search_order_load.model3"
#: Debian 12's ``qgis_process`` wrapper passes --noversioncheck, which its 3.22 binary refuses: call the binary
QGIS_PROCESS = shutil.which("qgis_process.bin") or shutil.which("qgis_process")
MASTER = "profile master password, not a connection secret"


class HeadlessQgis:
    def __init__(self, config: Path, master_file: Path, connections: dict[str, str]) -> None:
        self.config, self.master_file, self.connections = config, master_file, connections
        self.commands: list[list[str]] = []

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("QGIS_", "PYTHONPATH"))}
        env.update(QT_QPA_PLATFORM="offscreen", QGIS_CUSTOM_CONFIG_PATH=str(self.config),
                   QGIS_AUTH_PASSWORD_FILE=str(self.master_file))
        return env

    def run(self, alg: str, params: dict[str, Any], check: bool = True) -> dict[str, Any]:
        """``qgis_process run <alg> --json -- NAME=value ...``: the outputs (or the failure's log)."""
        cmd = [QGIS_PROCESS, "run", alg, "--json", "--"] + [f"{k}={v}" for k, v in params.items()]
        self.commands.append(cmd)
        proc = subprocess.run(cmd, env=self.env(), capture_output=True, text=True, timeout=240, cwd=self.config)
        if not check:
            return {"returncode": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr}
        assert proc.returncode == 0, f"{alg} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
        start = proc.stdout.index("{")
        return json.loads(proc.stdout[start:])


def csv_rows(path: str | Path) -> list[dict[str, str]]:
    import csv

    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture()
def headless(sandbox, tmp_path) -> HeadlessQgis:
    from eo_orders.demo.flow import flow_specs

    assert QGIS_PROCESS, "qgis_process is not installed: `make setup` installs Debian's qgis package"
    config = tmp_path / "qgis-config"
    plugins = config / "profiles" / "default" / "python" / "plugins"
    plugins.mkdir(parents=True)
    (plugins / "eo_orders").symlink_to(ROOT, target_is_directory=True)  # the checkout, installed as QGIS would
    master = tmp_path / "master-password"
    master.write_text(MASTER + "\n", encoding="utf-8")
    master.chmod(0o600)
    specs = []
    for emulator, name in (("cdse", "CDSE sandbox"), ("proseo", "prosEO sandbox")):
        spec = flow_specs()[emulator]
        specs.append({"id": "", "name": name, "kind": spec.kind, "urls": sandbox.connection_urls(emulator),
                      "username": spec.username, "secret": spec.secret, "options": spec.connection_options})
    env = {k: v for k, v in os.environ.items() if not k.startswith("QGIS_")}
    env.update(QT_QPA_PLATFORM="offscreen", QGIS_CUSTOM_CONFIG_PATH=str(config),
               EO_ORDERS_MASTER_FILE=str(master))
    made = subprocess.run([sys.executable, str(Path(__file__).with_name("make_profile.py"))], input=json.dumps(specs),
                          env=env, capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    info = json.loads(made.stdout.strip().splitlines()[-1])
    ini = (config / "profiles" / "default" / "QGIS" / "QGIS3.ini").read_text(encoding="utf-8")
    assert "eo_orders=true" in ini and all(s["secret"] not in ini for s in specs)
    yield HeadlessQgis(config, master, info["connections"])


def test_qgis_process_lists_the_provider_and_its_algorithms(headless):
    proc = subprocess.run([QGIS_PROCESS, "list"], env=headless.env(), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    listing = proc.stdout
    assert "EO Orders" in listing
    for alg in ("listworkflows", "searchinputs", "submitorders", "waitforresults", "listorders"):
        assert f"eo_orders:{alg}" in listing
    helped = subprocess.run([QGIS_PROCESS, "help", "eo_orders:submitorders"], env=headless.env(), capture_output=True,
                            text=True, timeout=120)
    assert helped.returncode == 0 and "MAX_COST" in helped.stdout and "never placed twice" in helped.stdout


def test_search_submit_wait_headless_with_secrets_from_the_auth_database(headless, sandbox, tmp_path):
    from eo_orders.demo.flow import flow_specs

    out = headless.run("eo_orders:listworkflows", {"CONNECTION": "CDSE sandbox", "OUTPUT": tmp_path / "wf.csv"})
    assert out["results"]["COUNT"] > 0 and any(r["name"] == "card_bs" for r in csv_rows(tmp_path / "wf.csv"))

    found = headless.run("eo_orders:searchinputs", {
        "CONNECTION": "CDSE sandbox", "EXTENT": "12.35,12.65,41.80,42.00 [EPSG:4326]", "PRODUCT_TYPE": "IW_GRDH_1S",
        "START": "2026-10-01T00:00:00", "END": "2026-12-01T00:00:00", "LIMIT": 5,
        "OUTPUT": tmp_path / "products.gpkg"})
    assert found["results"]["COUNT"] > 0
    # chained with a QGIS algorithm: keep one product the sandbox processes (not its failure marker)
    headless.run("native:extractbyexpression", {
        "INPUT": tmp_path / "products.gpkg", "EXPRESSION": "\"name\" NOT LIKE '%FAILME%' AND \"online\"",
        "OUTPUT": tmp_path / "chosen.gpkg"})
    placed = headless.run("eo_orders:submitorders", {
        "CONNECTION": "CDSE sandbox", "WORKFLOW": "card_bs", "INPUT": tmp_path / "chosen.gpkg", "MODE": 1,
        "OPTIONS": '{"DEM": "getasse30v1"}', "OUTPUT": tmp_path / "orders.csv"})
    orders = csv_rows(tmp_path / "orders.csv")
    assert placed["results"]["SUBMITTED"] == len(orders) > 0 and all(o["order_id"] for o in orders)
    waited = headless.run("eo_orders:waitforresults", {
        "ORDERS": tmp_path / "orders.csv", "POLL_INTERVAL": 1, "FOLDER": tmp_path / "results",
        "OUTPUT": tmp_path / "results.csv"})
    rows = csv_rows(tmp_path / "results.csv")
    assert sorted(r["order_id"] for r in rows) == sorted(o["order_id"] for o in orders)
    assert all(r["status"] == "completed" for r in rows) and waited["results"]["COMPLETED"] == len(orders)
    rasters = waited["results"]["OUTPUT_LAYERS"]
    assert rasters and all(gdal.Open(p) is not None for p in rasters)
    from eo_orders.core.processing.wait_for_results import LOADING_NOTE

    assert "Following" in json.dumps(waited) and LOADING_NOTE not in json.dumps(waited)  # headless: paths only

    # the same journal as the dock: the profile's, with the order placed and downloaded
    import sqlite3

    journal = headless.config / "profiles" / "default" / "eo_orders" / "journal.sqlite"
    with sqlite3.connect(journal) as db:
        assert sorted(r[0] for r in db.execute("SELECT order_id FROM orders")) == sorted(o["order_id"] for o in orders)

    listed = headless.run("eo_orders:listorders", {"OUTPUT": tmp_path / "all.csv"})
    assert listed["results"]["COUNT"] >= 1
    assert {o["order_id"] for o in orders} <= {r["order_id"] for r in csv_rows(tmp_path / "all.csv")}

    secrets = {s.secret for s in flow_specs().values()}
    assert not any(secret in " ".join(map(str, cmd)) for cmd in headless.commands for secret in secrets)


def test_a_time_range_order_placed_and_followed_headless(headless, tmp_path):
    placed = headless.run("eo_orders:submitorders", {
        "CONNECTION": "prosEO sandbox", "WORKFLOW": "S5P-L2-NO2", "START": "2026-11-18T00:00:00",
        "END": "2026-11-20T00:00:00", "OUTPUT": tmp_path / "orders.csv"})
    [order] = csv_rows(tmp_path / "orders.csv")
    assert placed["results"]["SUBMITTED"] == 1
    waited = headless.run("eo_orders:waitforresults", {
        "CONNECTION": headless.connections["prosEO sandbox"], "ORDER_IDS": order["order_id"], "POLL_INTERVAL": 1,
        "FOLDER": tmp_path / "results", "OUTPUT": tmp_path / "results.csv"})
    assert waited["results"]["COMPLETED"] == 1 and waited["results"]["OUTPUT_LAYERS"]


def test_a_wrong_connection_fails_with_a_message_naming_the_saved_ones(headless, tmp_path):
    failed = headless.run("eo_orders:listworkflows", {"CONNECTION": "nope", "OUTPUT": tmp_path / "x.csv"},
                          check=False)
    assert failed["returncode"] != 0 and "CDSE sandbox" in failed["stdout"] + failed["stderr"]


def test_the_model_runs_headless(headless, tmp_path):
    out = headless.run(str(MODEL), {
        "connection": "CDSE sandbox", "workflow": "card_bs", "extent": "12.35,12.65,41.80,42.00 [EPSG:4326]",
        "product_type": "IW_GRDH_1S", "limit": 1, "options": '{"DEM": "getasse30v1"}', "folder": tmp_path / "res",
        "search:products": tmp_path / "products.gpkg", "submit:orders": tmp_path / "orders.csv",
        "wait:results": tmp_path / "results.csv"})
    assert set(out["results"]) >= {"search:products", "submit:orders", "wait:results"}
    products = gdal.OpenEx(str(tmp_path / "products.gpkg"))
    names = [f.GetField("name") for f in products.GetLayer(0)]
    rows = csv_rows(tmp_path / "results.csv")
    assert len(rows) == len(names) == 1 and rows[0]["order_id"]
    # the sandbox fails a product carrying its failure marker; any other completes with rasters
    expected = "failed" if "FAILME" in names[0] else "completed"
    assert rows[0]["status"] == expected
    assert all(gdal.Open(p) is not None for p in rows[0]["rasters"].split(";") if p)
    assert (expected == "failed") == (rows[0]["rasters"] == "")
