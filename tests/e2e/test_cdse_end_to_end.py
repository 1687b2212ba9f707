# SPDX-License-Identifier: GPL-2.0-or-later
"""The foundation flow, as an analyst clicks it: AOI from the canvas → workflows → inputs → submit →
follow → download → raster layers in the project. Real QGIS, real HTTP to the sandbox, real GeoTIFFs."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsProject, QgsSettings


def test_cdse_flow_ends_with_valid_raster_layers(plugin, sandbox, qgis_canvas, artifacts_dir, tmp_path):
    from eo_orders.demo.flow import DEMO_PASSWORD, add_connection, run_cdse_flow

    messages: list[str] = []
    QgsApplication.messageLog().messageReceived.connect(lambda msg, *_: messages.append(msg))
    dock = plugin.dock
    conn = add_connection(plugin.store, "e2e-cdse", "CDSE sandbox", "cdse_odp", sandbox.connection_urls("cdse"))
    if hasattr(dock, "reload_connections"):
        dock.reload_connections()
    dock.set_connection(conn.id)

    def call(method, path, body=None):
        import requests

        return requests.request(method, sandbox.base_url + path, json=body, timeout=10).json()

    result = run_cdse_flow(dock, call, qgis_canvas, log=lambda s: None)

    dock.setFloating(True)  # docked, the headless main window would crop it
    dock.resize(440, 860)
    dock.grab().save(str(artifacts_dir / "e2e-cdse-dock.png"))

    # the layers: valid, in the project, in the order's group, with the result's CRS, extent and bands
    group = QgsProject.instance().layerTreeRoot().findGroup(result.group_name)
    assert group is not None
    group_ids = {child.layerId() for child in group.findLayers()}
    from osgeo import gdal

    for layer in result.layers:
        assert layer.isValid()
        assert layer.id() in group_ids
        ds = gdal.Open(layer.source())
        # CARD-BS: VV and VH in dB plus VV − VH, the false-colour composite, named from the product
        assert layer.bandCount() == ds.RasterCount == 3
        assert [ds.GetRasterBand(i).GetDescription() for i in (1, 2, 3)] == ["VV (dB)", "VH (dB)", "VV − VH (dB)"]
        assert layer.name().startswith("Sentinel-1") and layer.name().endswith(" UTC · VV/VH (dB)")
        assert layer.temporalProperties().isActive()
        assert layer.crs().authid() == "EPSG:" + ds.GetSpatialRef().GetAuthorityCode(None)
        gt = ds.GetGeoTransform()
        assert layer.extent().xMinimum() == pytest.approx(gt[0])
        assert layer.extent().yMaximum() == pytest.approx(gt[3])
        assert layer.crs().authid().startswith("EPSG:326")  # UTM over Rome

    # no secret anywhere: project file, settings file, QGIS log
    project_file = tmp_path / "e2e.qgz"
    QgsProject.instance().write(str(project_file))
    with zipfile.ZipFile(project_file) as zf:
        project_text = "".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())
    settings_text = Path(QgsSettings().fileName()).read_text(encoding="utf-8", errors="replace") \
        if Path(QgsSettings().fileName()).exists() else ""
    tokens = [t for t in list(sandbox.state.tokens._tokens)]
    assert tokens, "the flow logged in"
    haystacks = {"project": project_text, "settings": settings_text, "log": "\n".join(messages),
                 "dock messages": dock.last_error or ""}
    for where, text in haystacks.items():
        assert DEMO_PASSWORD not in text, where
        for token in tokens:
            assert token not in text, where
