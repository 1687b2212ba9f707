# SPDX-License-Identifier: GPL-2.0-or-later
"""The area of interest: the canvas extent or the selected polygons of a layer, checked and shown.

Why the panel keeps the AOI: the inputs search and the order both read it, and the provider's vertex
limit may replace it by a simplified copy (asked first).
"""

from __future__ import annotations

from typing import Any, Callable

from qgis.core import QgsMapLayerProxyModel
from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtWidgets import QMessageBox, QWidget

from ...core.aoi import Aoi, AoiError, aoi_from_extent, aoi_from_layer_selection, simplify_aoi
from ...providers.i18n import QT_TR_NOOP, tr
from ..aoi_toolbar import AoiDropFilter, AoiToolbar
from .base import ERROR_STYLE, HINT_STYLE, Panel, load_form

FORM_CLASS = load_form(__file__, "aoi_panel")
NO_AOI = QT_TR_NOOP("No area of interest yet: draw one, take the canvas extent or selected polygons, or drop a "
                    "vector file here.")


class AoiPanel(Panel, FORM_CLASS):
    aoiChanged = pyqtSignal(object)

    def __init__(self, service: Any, iface: Any, parent: QWidget | None = None) -> None:
        super().__init__(service, parent)
        self.iface = iface
        self.current_aoi: Aoi | None = None
        self.layerCombo.setFilters(QgsMapLayerProxyModel.Filter.PolygonLayer)
        self.layerCombo.setAllowEmptyLayer(True)
        self.extentButton.clicked.connect(self.use_canvas_extent)
        self.selectionButton.clicked.connect(lambda: self.use_layer_selection(self.layerCombo.currentLayer()))
        self.layerCombo.layerChanged.connect(self._update_buttons)
        # draw a rectangle, polygon or task point, take a file, see the AOI on the map and zoom to it
        self.tools = AoiToolbar(iface.mapCanvas(), self)
        self.aoiLayout.addWidget(self.tools, 3, 0, 1, 2)
        self.tools.aoiChosen.connect(self.set_aoi)
        self.tools.aoiFailed.connect(self._failed)
        self.aoiChanged.connect(self.tools.show_aoi)
        self._set_text(tr(NO_AOI), hint=True)
        self._update_buttons()

    def _update_buttons(self, *args: Any) -> None:
        self.selectionButton.setEnabled(self.layerCombo.currentLayer() is not None)

    def _set_text(self, text: str, error: bool = False, hint: bool = False) -> None:
        self.aoiLabel.setText(text)
        self.aoiLabel.setStyleSheet(ERROR_STYLE if error else HINT_STYLE if hint else "")

    def use_canvas_extent(self) -> None:
        canvas = self.iface.mapCanvas()
        try:
            aoi = aoi_from_extent(canvas.extent(), canvas.mapSettings().destinationCrs())
        except AoiError as exc:
            self._failed(exc)
            return
        self.set_aoi(aoi)

    def use_layer_selection(self, layer: Any = None) -> None:
        layer = layer or self.layerCombo.currentLayer()
        try:
            aoi = aoi_from_layer_selection(layer)
        except AoiError as exc:
            if not (exc.repairable and QMessageBox.question(
                    self, tr("Invalid geometry"), tr("{error}\n\nRepair it with makeValid?").format(error=exc))
                    == QMessageBox.StandardButton.Yes):
                self._failed(exc)
                return
            try:
                aoi = aoi_from_layer_selection(layer, repair=True)
            except AoiError as exc2:
                self._failed(exc2)
                return
        self.set_aoi(aoi)

    def _failed(self, err: AoiError) -> None:
        self.current_aoi = None
        self._set_text(str(err), error=True)
        self.error.emit(err)
        self.aoiChanged.emit(None)

    def set_aoi(self, aoi: Aoi) -> None:
        self.current_aoi = aoi
        self._set_text(aoi.summary())
        self.aoiChanged.emit(aoi)

    def accept_drops_on(self, widget: QWidget) -> None:
        """Vector files dropped onto ``widget`` (the dock) become the AOI."""
        self._drop = AoiDropFilter(widget, self.tools)

    def cleanup(self) -> None:
        """Give the map its tool back and take the AOI overlay off the canvas (dock closed, unload)."""
        self.tools.cleanup()

    def offer_simplify(self, provider_title: str, limit: int, confirm: Callable[[str], bool] | None) -> bool:
        """The AOI has more vertices than the provider takes: offer to simplify it (nothing is sent)."""
        if self.current_aoi is None or not limit:
            return False
        question = tr("{provider} accepts at most {limit} vertices; the AOI has {count}. Simplify it for this "
                      "order?").format(provider=provider_title, limit=limit, count=self.current_aoi.vertex_count)
        ok = confirm(question) if confirm is not None else QMessageBox.question(
            self, tr("Simplify the area of interest"), question) == QMessageBox.StandardButton.Yes
        if not ok:
            return False
        try:
            self.set_aoi(simplify_aoi(self.current_aoi, limit - 1))
        except AoiError as exc:
            self.report(exc)
            return False
        return True
