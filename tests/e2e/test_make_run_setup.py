# SPDX-License-Identifier: GPL-2.0-or-later
"""``make run`` opens with working connections and a local basemap (issue 14, item 5).

The desktop itself is checked by hand under Xvfb (``EO_ORDERS_RUN_SCREENSHOT``, see ``demo/gui_launch.py``);
here the parts it is made of: every connection the start-up script saves passes *Test connection* against
the sandbox as saved (before, Capella's API key and prosEO's mission were missing until edited), and the
basemap is QGIS's own world map, loaded from disk.
"""

from __future__ import annotations

import requests
from qgis.core import QgsVectorLayer


def test_every_saved_sandbox_connection_works_as_saved(sandbox):
    from eo_orders.core.connection_check import run_check, summary
    from eo_orders.demo.gui_launch import sandbox_connections
    from eo_orders.providers.base import ConnectionConfig

    served = requests.get(f"{sandbox.base_url}/_sandbox/connections", timeout=10).json()
    specs = sandbox_connections(served)
    assert {s["kind"] for s in specs} == {"cdse_odp", "proseo_odip", "creodias_finder", "up42", "capella"}
    for spec in specs:
        ok, text = summary(run_check(ConnectionConfig(**spec)))
        assert ok, f"{spec['name']}: {text}"
    by_kind = {s["kind"]: s for s in specs}
    assert by_kind["proseo_odip"]["options"]["mission"] == "S5P"
    assert by_kind["capella"]["options"]["auth_mode"] == "api_key"


def test_the_basemap_is_qgis_world_map_on_disk(qgis_app):
    from eo_orders.demo.gui_launch import world_map

    path = world_map()
    assert path is not None and path.name == "world_map.gpkg"
    for layer_name in ("countries", "states_provinces"):
        layer = QgsVectorLayer(f"{path}|layername={layer_name}", layer_name, "ogr")
        assert layer.isValid() and layer.featureCount() > 100
