# SPDX-License-Identifier: GPL-2.0-or-later
"""Quicklooks in the inputs table on Qt6: the proxy model (QAbstractItemModelTester, Fatal) and the preview,
with real HTTP to a small server of our own. QGIS's task manager does not exist here, so the loader gets a
runner that runs each batch at once on this thread (the Qt5/QGIS run in tests/qgis/test_quicklooks.py
uses the real TaskRunner and the sandbox)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from flask import Flask, Response
from qgis.PyQt.QtCore import QBuffer, QByteArray, QIODevice, QObject, Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor, QImage, QPixmap
from qgis.PyQt.QtTest import QAbstractItemModelTester
from werkzeug.serving import make_server


class InlineTask(QObject):
    taskTerminated = pyqtSignal()

    def isCanceled(self) -> bool:  # noqa: N802 - QgsTask's name
        return False

    def setProgress(self, value: float) -> None:  # noqa: N802
        pass

    def cancel(self) -> None:
        pass


class InlineRunner:
    """TaskRunner's ``start`` contract, run synchronously."""

    def start(self, description: str, work: Any, on_done: Any = None, on_error: Any = None, owner: Any = None,
              can_cancel: bool = True, ask_before_cancel: bool = True) -> InlineTask:
        task = InlineTask()
        from eo_orders.providers.base import ProviderError

        try:
            result = work(task)
        except ProviderError as exc:
            on_error(exc)
        else:
            on_done(result)
        return task


def png(width: int, height: int) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(30, 120, 200))
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(data)


@pytest.fixture()
def server():
    app = Flask("ql-qt6")
    body = png(200, 100)

    @app.get("/ql.png")
    def ql():
        return Response(body, mimetype="image/png")

    @app.get("/login.png")
    def login():
        return Response("<html/>", mimetype="text/html")

    srv = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()


def test_thumbnails_and_preview_on_qt6(qgis_app, server, tmp_path):
    from eo_orders.core.quicklooks import QuicklookCache, QuicklookLoader
    from eo_orders.providers.base import InputProduct
    from eo_orders.providers.http import Transport, TransportSettings
    from eo_orders.ui.models import InputsModel
    from eo_orders.ui.quicklook_view import QuicklookPreview, QuicklookProxyModel

    items = [InputProduct("a", "A", quicklook_url=f"{server}/ql.png"), InputProduct("b", "B"),
             InputProduct("c", "C", quicklook_url=f"{server}/login.png")]
    model = InputsModel()
    loader = QuicklookLoader(InlineRunner(), QuicklookCache(tmp_path), Transport(TransportSettings(retries=0)))
    proxy = QuicklookProxyModel(loader)
    proxy.setSourceModel(model)
    QAbstractItemModelTester(proxy, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_items(items)
    first = proxy.index(0, 0).data(Qt.ItemDataRole.DecorationRole)  # runs the fetch inline
    icon = first if first is not None else proxy.index(0, 0).data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(icon, QPixmap) and (icon.width(), icon.height()) == (64, 32)
    assert proxy.index(1, 0).data(Qt.ItemDataRole.DecorationRole) is None
    assert proxy.index(2, 0).data(Qt.ItemDataRole.DecorationRole) is None
    assert "not an image (text/html)" in proxy.index(2, 0).data(Qt.ItemDataRole.ToolTipRole)
    preview = QuicklookPreview(loader)
    preview.resize(300, 200)
    preview.show_product(items[0])
    assert preview.pixmap() is not None and preview.pixmap().width() == 300
    preview.show_product(items[1])
    assert "offers no quicklook" in preview.text()
