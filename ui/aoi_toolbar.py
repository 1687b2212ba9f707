# SPDX-License-Identifier: GPL-2.0-or-later
"""The AOI row's map part: draw a rectangle, polygon or task point, load a file (button or drag and
drop), see the current AOI on the map and zoom to it.

Why one widget: the AOI panel (or any dock) embeds it and listens to two signals, ``aoiChosen(Aoi)``
and ``aoiFailed(AoiError)``; it tells the widget about every AOI it adopts (from the extent or a
selection too) through ``show_aoi``, so the overlay always shows the AOI the next order will use.
Everything QGIS-side (tools, overlay) is undone by ``cleanup()`` on plugin unload.
"""

from __future__ import annotations

from typing import Callable

from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsGeometry, QgsPointXY, QgsProject
from qgis.gui import QgsMapCanvas, QgsMapTool
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QEvent, QObject, pyqtSignal
from qgis.PyQt.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QMessageBox, QToolButton, QWidget

from ..core.aoi import VECTOR_FILE_SUFFIXES, Aoi, AoiError, aoi_from_file, aoi_from_geometry, vector_paths_from_mime
from ..providers.i18n import QT_TR_NOOP, tr
from .aoi_overlay import AoiOverlay
from .map_tools import AoiMapTool, PointRadiusMapTool, PolygonMapTool, RectangleMapTool

#: (key, button text, tooltip, tool class, AOI source label)
TOOL_BUTTONS = (
    ("rectangle", QT_TR_NOOP("Rectangle"), QT_TR_NOOP("Draw the area of interest as a rectangle: drag, or click two "
                                                      "corners. Esc cancels."),
     RectangleMapTool, QT_TR_NOOP("Drawn rectangle")),
    ("polygon", QT_TR_NOOP("Polygon"), QT_TR_NOOP("Draw the area of interest: click the vertices, right-click to "
                                                  "finish. Backspace removes the last vertex, Esc cancels."),
     PolygonMapTool, QT_TR_NOOP("Drawn polygon")),
    ("point", QT_TR_NOOP("Point"), QT_TR_NOOP("Tasking point: click the centre, move out to the radius and click "
                                              "again (right-click keeps the default radius). Esc cancels."),
     PointRadiusMapTool, QT_TR_NOOP("Task point")),
)


class AoiToolbar(QWidget):
    """Buttons for the drawing tools, *From file…* and *Zoom to*, plus the AOI overlay on ``canvas``.

    ``pick_file`` and ``confirm`` replace the file dialog and the repair question (tests, scripts).
    """

    aoiChosen = pyqtSignal(object)
    aoiFailed = pyqtSignal(object)
    #: a task point: longitude, latitude (EPSG:4326) and radius in metres
    taskPointChosen = pyqtSignal(float, float, float)

    def __init__(self, canvas: QgsMapCanvas, parent: QWidget | None = None,
                 pick_file: Callable[[], str] | None = None, confirm: Callable[[str], bool] | None = None) -> None:
        super().__init__(parent)
        self.canvas = canvas
        self.pick_file = pick_file
        self.confirm = confirm
        self.overlay = AoiOverlay(canvas)
        self.tools: dict[str, AoiMapTool] = {}
        self.buttons: dict[str, QToolButton] = {}
        self._sources: dict[str, str] = {}
        self._previous_tool: QgsMapTool | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for key, text, tip, cls, source in TOOL_BUTTONS:
            tool = cls(canvas)
            tool.geometryCaptured.connect(lambda geom, key=key: self._captured(key, geom))
            tool.captureCancelled.connect(lambda key=key: self._cancelled(key))
            tool.areaChanged.connect(self._show_area)
            self.tools[key] = tool
            self._sources[key] = tr(source)
            button = QToolButton(self)
            button.setObjectName(f"aoi{key.capitalize()}Button")
            button.setText(tr(text))
            button.setToolTip(tr(tip))
            button.setCheckable(True)
            button.toggled.connect(lambda on, key=key: self._toggled(key, on))
            layout.addWidget(button)
            self.buttons[key] = button
        self.tools["point"].pointCaptured.connect(self._point_captured)
        self.fileButton = QToolButton(self)
        self.fileButton.setObjectName("aoiFileButton")
        self.fileButton.setText(tr("From file…"))
        self.fileButton.setToolTip(tr("Take the area of interest from a vector file (GeoJSON, KML, GeoPackage, "
                                      "Shapefile, …). You can also drop the file onto the panel."))
        self.fileButton.clicked.connect(self.choose_file)
        layout.addWidget(self.fileButton)
        self.zoomButton = QToolButton(self)
        self.zoomButton.setObjectName("aoiZoomButton")
        self.zoomButton.setText(tr("Zoom to"))
        self.zoomButton.setToolTip(tr("Zoom the map to the area of interest"))
        self.zoomButton.clicked.connect(self.overlay.zoom_to)
        self.zoomButton.setEnabled(False)
        layout.addWidget(self.zoomButton)
        self.areaLabel = QLabel(self)
        self.areaLabel.setObjectName("aoiAreaLabel")
        self.areaLabel.setToolTip(tr("Area of the shape being drawn (WGS84 ellipsoid)"))
        layout.addWidget(self.areaLabel)
        layout.addStretch(1)
        canvas.mapToolSet.connect(self._map_tool_set)

    # -- the overlay ---------------------------------------------------------------------------------
    def show_aoi(self, aoi: Aoi | None) -> None:
        """Draw ``aoi`` (or nothing) on the map: call it for every AOI the panel adopts."""
        self.overlay.set_aoi(aoi)
        self.zoomButton.setEnabled(aoi is not None)

    # -- drawing -------------------------------------------------------------------------------------
    def _show_area(self, km2: float) -> None:
        self.areaLabel.setText(tr("≈ {area} km²").format(area=f"{km2:,.1f}") if km2 > 0 else "")

    def _toggled(self, key: str, on: bool) -> None:
        tool = self.tools[key]
        if on:
            for other, button in self.buttons.items():
                if other != key and button.isChecked():
                    button.setChecked(False)
            current = self.canvas.mapTool()
            if current is not None and current not in self.tools.values():
                self._previous_tool = current
            self.canvas.setMapTool(tool)
        elif self.canvas.mapTool() is tool:
            self._restore_tool()

    def _restore_tool(self) -> None:
        previous = self._previous_tool
        if previous is not None and not sip.isdeleted(previous):
            self.canvas.setMapTool(previous)
        else:
            current = self.canvas.mapTool()
            if current is not None:
                self.canvas.unsetMapTool(current)

    def _map_tool_set(self, new: QgsMapTool | None, _old: QgsMapTool | None = None) -> None:
        for key, tool in self.tools.items():
            if new is not tool and self.buttons[key].isChecked():
                self.buttons[key].blockSignals(True)
                self.buttons[key].setChecked(False)
                self.buttons[key].blockSignals(False)

    def _captured(self, key: str, geometry: QgsGeometry) -> None:
        crs = self.canvas.mapSettings().destinationCrs()
        try:
            aoi = aoi_from_geometry(geometry, crs, self._sources[key], repair=True)
        except AoiError as exc:
            self._fail(exc)
            return
        self.buttons[key].setChecked(False)  # one shape is the AOI: give the map back to the previous tool
        self.show_aoi(aoi)
        self.aoiChosen.emit(aoi)

    def _point_captured(self, centre: QgsPointXY, radius_m: float) -> None:
        crs = self.canvas.mapSettings().destinationCrs()
        xform = QgsCoordinateTransform(crs, QgsCoordinateReferenceSystem("EPSG:4326"),
                                       QgsProject.instance().transformContext())
        p = xform.transform(centre)
        self.taskPointChosen.emit(p.x(), p.y(), radius_m)

    def _cancelled(self, key: str) -> None:
        self.buttons[key].setChecked(False)

    # -- files ---------------------------------------------------------------------------------------
    def choose_file(self) -> None:
        if self.pick_file is not None:
            path = self.pick_file()
        else:
            path, _ = QFileDialog.getOpenFileName(self, tr("Area of interest from a file"), "",
                                                  tr("Vector files ({patterns});;All files (*)").format(
                                                      patterns=" ".join(f"*{s}" for s in VECTOR_FILE_SUFFIXES)))
        if path:
            self.load_file(path)

    def _ask(self, question: str) -> bool:
        if self.confirm is not None:
            return self.confirm(question)
        return QMessageBox.question(self, tr("Invalid geometry"), question) == QMessageBox.StandardButton.Yes

    def load_file(self, path: str) -> Aoi | None:
        """The AOI from ``path`` (asks before repairing invalid polygons); emits and returns it."""
        try:
            aoi = aoi_from_file(path)
        except AoiError as exc:
            if not (exc.repairable and self._ask(tr("{error}\n\nRepair it with makeValid?").format(error=exc))):
                self._fail(exc)
                return None
            try:
                aoi = aoi_from_file(path, repair=True)
            except AoiError as exc2:
                self._fail(exc2)
                return None
        self.show_aoi(aoi)
        self.aoiChosen.emit(aoi)
        return aoi

    def _fail(self, exc: AoiError) -> None:
        # without its traceback: a kept error must not keep this widget's frames (and the canvas) alive
        self.aoiFailed.emit(exc.with_traceback(None))

    def cleanup(self) -> None:
        """Plugin unload: give the map its tool back, take the overlay and rubber bands off the canvas."""
        if sip.isdeleted(self.canvas):
            return
        try:
            self.canvas.mapToolSet.disconnect(self._map_tool_set)
        except (TypeError, RuntimeError):
            pass
        current = self.canvas.mapTool()
        if current in self.tools.values():
            self._restore_tool()
        for tool in self.tools.values():
            tool.release()
        self.overlay.remove()


class AoiDropFilter(QObject):
    """Accepts vector files dropped onto ``widget`` and hands the first to ``toolbar.load_file``."""

    def __init__(self, widget: QWidget, toolbar: AoiToolbar) -> None:
        super().__init__(widget)
        self.toolbar = toolbar
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API name
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if vector_paths_from_mime(event.mimeData()):
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop:
            paths = vector_paths_from_mime(event.mimeData())
            if paths:
                event.acceptProposedAction()
                self.toolbar.load_file(paths[0])
                return True
        return False

