# SPDX-License-Identifier: GPL-2.0-or-later
"""The plugin's session layers (the input footprints) kept out of saved projects and out of QGIS's
"scratch layers will be lost" prompt on quit, and dropped from older projects that still hold them.

Why a guard: QGIS (3.22 … 4.x) has no layer flag that keeps a layer out of the project file. So the
layers are marked (``mark_temporary``), and while QGIS writes a project their elements are taken out of
the document: the layer tree and snapping settings in ``writeProject``, the ``<maplayer>`` in
``writeMapLayer`` (it is written after ``writeProject``), and the ``<layerorder>`` entry by leaving the
layer out of the custom layer order for the duration of the save. ``skipMemoryLayersCheck`` is the
custom property QGIS itself reads before asking about memory layers on quit.
"""

from __future__ import annotations

import logging
from typing import Any

from qgis.core import QgsMapLayer, QgsProject
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtXml import QDomDocument, QDomElement, QDomNode

TEMPORARY_PROPERTY = "eo_orders/temporary"
#: read by QGIS before its "temporary scratch layers will be lost" prompt on quit
SKIP_MEMORY_CHECK_PROPERTY = "skipMemoryLayersCheck"

log = logging.getLogger("eo_orders.layers")


def _project(project: QgsProject | None) -> QgsProject:
    return project if project is not None else QgsProject.instance()


def is_temporary_layer(layer: QgsMapLayer) -> bool:
    """A layer the plugin made for the session only (footprints): never saved, never an AOI source."""
    return _truthy(layer.customProperty(TEMPORARY_PROPERTY))


def mark_temporary(layer: QgsMapLayer, project: QgsProject | None = None) -> None:
    """Keep ``layer`` out of saved projects and out of QGIS's "scratch layers will be lost" prompt on quit.

    QGIS (3.22 … 4.x) has no layer flag that keeps a layer out of the project file, so the layer is
    marked and ``install_project_guard`` strips marked layers from the document QGIS writes; the
    custom property ``skipMemoryLayersCheck`` is what QGIS itself reads before asking about memory
    layers on quit.
    """
    layer.setCustomProperty(TEMPORARY_PROPERTY, True)
    layer.setCustomProperty(SKIP_MEMORY_CHECK_PROPERTY, 1)
    install_project_guard(project)


#: id(project) → (project, its slots): connected once per project object
_guards: dict[int, tuple[QgsProject, Any, Any, Any]] = {}


def _element_children(node: QDomNode) -> list[QDomElement]:
    out = []
    child = node.firstChild()
    while not child.isNull():
        if child.isElement():
            out.append(child.toElement())
        child = child.nextSibling()
    return out


def _refers_to(element: QDomElement, ids: set[str]) -> bool:
    attrs = element.attributes()
    for i in range(attrs.count()):
        if attrs.item(i).nodeValue() in ids:
            return True
    kids = _element_children(element)
    if not kids and element.text().strip() in ids:
        return True  # <item>layer id</item> in the canvas's custom order
    return any(k.tagName() == "id" and k.text().strip() in ids for k in kids)  # <maplayer><id>…</id>


def strip_layers_from_document(doc: QDomDocument, ids: set[str]) -> int:
    """Remove every element of a project document that declares or refers to one of the layer ``ids``."""
    if not ids:
        return 0
    removed = 0
    stack = [doc.documentElement()]
    while stack:
        element = stack.pop()
        for child in _element_children(element):
            if _refers_to(child, ids):
                element.removeChild(child)
                removed += 1
            else:
                stack.append(child)
    return removed


def _hide_from_layer_order_while_saving(project: QgsProject, ids: set[str]) -> None:
    """``<layerorder>`` is written last, from the tree's custom layer order: take the temporary layers
    out of it for this save and put them back right after (the project stays as clean as it was)."""
    root = project.layerTreeRoot()
    order = root.customLayerOrder()
    kept = [lyr for lyr in order if lyr.id() not in ids]
    if len(kept) == len(order):
        return
    root.setCustomLayerOrder(kept)
    order_ids = [lyr.id() for lyr in order]

    def restore() -> None:
        if sip.isdeleted(project) or sip.isdeleted(root):
            return
        dirty = project.isDirty()
        current = [lyr.id() for lyr in root.customLayerOrder()]
        missing = [lid for lid in order_ids if lid not in current and project.mapLayer(lid) is not None]
        if missing:
            positions = {lid: i for i, lid in enumerate(order_ids)}
            wanted = sorted(current + missing, key=lambda lid: positions.get(lid, len(order_ids)))
            root.setCustomLayerOrder([project.mapLayer(lid) for lid in wanted if project.mapLayer(lid) is not None])
        project.setDirty(dirty)

    QTimer.singleShot(0, restore)


def install_project_guard(project: QgsProject | None = None) -> None:
    """Strip the plugin's temporary layers from every project file QGIS writes, and drop any that an
    older project file still holds when it is read (so they are never offered as an AOI layer)."""
    project = _project(project)
    key = id(project)
    if key in _guards and not sip.isdeleted(_guards[key][0]):
        return

    def on_write(doc: QDomDocument) -> None:
        try:
            ids = {lid for lid, lyr in project.mapLayers().items() if is_temporary_layer(lyr)}
            strip_layers_from_document(doc, ids)
            _hide_from_layer_order_while_saving(project, ids)
        except Exception:  # saving a project must never fail because of the plugin
            log.exception("could not strip temporary layers from the project document")

    emptied: list[QDomElement] = []

    def on_write_layer(layer: QgsMapLayer, element: QDomElement, _doc: QDomDocument) -> None:
        # ``<projectlayers>`` is written after ``writeProject``: QGIS appends each layer's element after
        # this signal, so a temporary layer's element is emptied and renamed here (QGIS reads only
        # ``<maplayer>`` elements), and taken out altogether once it is in the document.
        try:
            for old in emptied:
                parent = old.parentNode()
                if not parent.isNull():
                    parent.removeChild(old)
            emptied[:] = [old for old in emptied if old.parentNode().isNull()]
            if layer is not None and is_temporary_layer(layer) and not element.isNull():
                while element.hasChildNodes():
                    element.removeChild(element.firstChild())
                attrs = element.attributes()
                for name in [attrs.item(i).nodeName() for i in range(attrs.count())]:
                    element.removeAttribute(name)
                element.setTagName("eo-orders-session-layer")
                emptied.append(element)
        except Exception:
            log.exception("could not keep a temporary layer out of the project document")

    def on_read(*_args: Any) -> None:
        emptied.clear()
        remove_temporary_layers(project)

    project.writeProject.connect(on_write)
    project.writeMapLayer.connect(on_write_layer)
    project.readProject.connect(on_read)
    _guards[key] = (project, on_write, on_write_layer, on_read)


def _remove_project_guards() -> None:
    for project, on_write, on_write_layer, on_read in _guards.values():
        if sip.isdeleted(project):
            continue
        for signal, slot in ((project.writeProject, on_write), (project.writeMapLayer, on_write_layer),
                             (project.readProject, on_read)):
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):
                pass
    _guards.clear()


def remove_temporary_layers(project: QgsProject | None = None) -> int:
    """Remove every layer marked ``eo_orders/temporary``; returns how many (plugin unload calls this)."""
    project = _project(project)
    doomed = [layer_id for layer_id, layer in project.mapLayers().items() if is_temporary_layer(layer)]
    if doomed:
        project.removeMapLayers(doomed)
    return len(doomed)


def _truthy(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() in ("true", "1", "yes"))
