# SPDX-License-Identifier: GPL-2.0-or-later
"""The dock's defects of issue 14, each checked on the real dock against the sandbox over HTTP.

Every test here fails on the behaviour the issue reports: a message bar that pushed the controls down
(or, floated over them, covered the connection and AOI rows), a
Cancel without confirmation, costs only in passing messages, "an unknown amount" as a green success,
"sq_km" and "None" in cost texts, the last connection's order name, a product count beside an empty
table, Capella's *Get quote* enabled without an input, tables without a menu or double-click, UUIDs as
workflow names, validation messages as critical failures.
"""

from __future__ import annotations

import html
import uuid

import pytest
from qgis.core import Qgis, QgsCoordinateReferenceSystem, QgsRectangle, QgsSettings
from qgis.PyQt.QtCore import QPoint, QRect, Qt
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QApplication, QWidget

from eo_orders.core.connections import ConnectionStore
from eo_orders.core.order_service import OrderService
from eo_orders.providers.base import ConnectionConfig, OrderStatus, ValidationError
from tests.helpers.dialogs import BoxAnswer

ROME = QgsRectangle(12.35, 41.80, 12.65, 42.00)


@pytest.fixture()
def dock_for(qgis_app, sandbox, memory_keyring, qgis_iface, qgis_canvas):
    """``make(*emulators)``: a dock over saved sandbox connections (settings as in ``demo.flow``)."""
    from eo_orders.demo.flow import flow_specs
    from eo_orders.ui.dock import EoOrdersDock

    prefix = f"eo_orders_test/{uuid.uuid4().hex[:8]}/connections"
    store = ConnectionStore(prefix)
    service = OrderService(store)
    docks = []

    def make(*names: str):
        ids = {}
        for name in names:
            spec = flow_specs()[name]
            conn = store.save(ConnectionConfig(id="", name=spec.title, kind=spec.kind,
                                               urls=sandbox.connection_urls(name), username=spec.username,
                                               secret=spec.secret, options=spec.connection_options))
            ids[name] = conn.id
        dock = EoOrdersDock(qgis_iface, service)
        dock.resize(420, 800)
        docks.append(dock)
        qgis_canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
        qgis_canvas.setExtent(ROME)
        return dock, ids

    yield make
    for dock in docks:
        dock.cleanup()
        dock.close()
    service.close()
    QgsSettings().remove(prefix.rsplit("/", 1)[0])


def _open(dock, conn_id: str) -> None:
    dock.set_connection(conn_id)
    assert dock.runner.wait_idle(30)
    assert dock.last_error == "", dock.last_error


def _up42_tasking_on_canvas_extent(dock_for):
    """The dock on a UP42 connection with its tasking workflow chosen over the canvas extent: (dock, panel)."""
    dock, ids = dock_for("up42")
    _open(dock, ids["up42"])
    dock.use_canvas_extent()
    wp = dock.workflow_panel
    tasking = next(w for w in wp.workflows_model.items() if w.kind == "tasking")
    dock.select_workflow(tasking.name)
    return dock, wp


def _settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def _cdse_order(dock):
    """card_bs on one GRD over Rome, submitted: the order row it makes."""
    dock.use_canvas_extent()
    dock.select_workflow("card_bs")
    dock.search_inputs()
    assert dock.runner.wait_idle(30)
    dock.select_inputs([dock.inputs_panel.inputs_model.item(0).name])
    dock.submit_order(confirm=lambda quote: True)
    assert dock.runner.wait_idle(30)
    order = dock.selected_order()
    assert order is not None and order.status.is_active, dock.last_error
    return order


LONG_ERROR = ("The provider refused the order: the area of interest has 12,408 vertices and CDSE On-Demand "
              "Processing accepts at most 1,000. Simplify the area (Vector › Geometry Tools › Simplify) or draw "
              "a smaller one, then submit the order again.")


def _controls_over(dock, strip):
    """Every visible widget of the dock, outside the strip, whose rectangle meets the strip's (in dock
    coordinates); the containers that hold the strip (the dock's contents) do not count."""
    area = QRect(strip.mapTo(dock, QPoint(0, 0)), strip.size())
    hits = []
    for widget in dock.contents.findChildren(QWidget):
        if not widget.isVisible() or widget is strip or strip.isAncestorOf(widget) or widget.isAncestorOf(strip):
            continue
        if widget.isWindow():  # menus, popups: not part of the dock's face
            continue
        rect = QRect(widget.mapTo(dock, QPoint(0, 0)), widget.size())
        if rect.intersects(area):
            hits.append(f"{type(widget).__name__} {widget.objectName()} {rect}")
    return hits


def test_messages_never_move_or_cover_a_control(dock_for, artifacts_dir):
    """The strip is part of the layout at the bottom with one fixed height: a long error and a success
    leave every control where it was, and no control lies under the strip, on every tab."""
    dock, ids = dock_for("cdse")
    dock.show()
    _open(dock, ids["cdse"])
    dock.use_canvas_extent()
    _settle()
    cp, ap = dock.connection_panel, dock.aoi_panel
    watched = (cp.connectionCombo, cp.editConnectionButton, ap.extentButton, ap.selectionButton, dock.tabs,
               dock.workflow_panel.submitButton, dock.workflow_panel.quoteButton,
               dock.orders_panel.autoDownloadCheck, dock.orders_panel.refreshButton)
    tabs = (dock.workflowsTab, dock.inputsTab, dock.ordersTab)

    def where():
        """Each watched control's place and size, per tab (a hidden tab's controls are not laid out)."""
        out = []
        for tab in tabs:
            dock.tabs.setCurrentWidget(tab)
            _settle()
            out.append([(w.mapTo(dock, QPoint(0, 0)), w.size()) for w in watched if w.isVisible()])
            assert _controls_over(dock, strip) == [], dock.tabs.tabText(dock.tabs.currentIndex())
        dock.tabs.setCurrentWidget(dock.workflowsTab)
        _settle()
        return out

    strip = dock.message_bar
    empty_height, empty_place = strip.height(), strip.mapTo(dock, QPoint(0, 0))
    before = where()
    assert strip.mapTo(dock, QPoint(0, 0)).y() > dock.tabs.mapTo(dock, QPoint(0, dock.tabs.height())).y()

    dock.show_error(LONG_ERROR)
    dock.show_success("Order “card_bs 1” submitted.")
    _settle()
    assert where() == before  # nothing moved, down or up, and nothing lies under the strip, on every tab
    assert strip.height() == empty_height and strip.mapTo(dock, QPoint(0, 0)) == empty_place
    assert strip.current().text == "Order “card_bs 1” submitted." and strip.more_button.text() == "1 more"
    dock.grab().save(str(artifacts_dir / "dock-message-strip.png"))

    edits = []
    cp.editConnectionButton.clicked.connect(lambda: edits.append(True))
    close = strip.close_button
    centre = close.rect().center()
    assert dock.childAt(close.mapTo(dock, centre)) is close  # the click lands on the ×, nothing else
    QTest.mouseClick(close, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    _settle()
    # the success went; the error, still open, is back in front with its whole text a click away
    assert strip.current().text == LONG_ERROR and strip.current().level == Qgis.MessageLevel.Critical
    assert strip.label.is_elided() and LONG_ERROR in html.unescape(strip.label.toolTip())
    dock.grab().save(str(artifacts_dir / "dock-message-strip-error.png"))
    QTest.mouseClick(strip.label, Qt.MouseButton.LeftButton)
    _settle()
    assert strip.details_dialog is not None and strip.details_dialog.text.toPlainText() == LONG_ERROR
    strip.details_dialog.close()
    QTest.mouseClick(close, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    _settle()
    assert strip.current() is None and strip.label.text() == "" and edits == []
    assert where() == before and strip.height() == empty_height


def test_a_busy_dock_moves_nothing_either(dock_for):
    """The busy bar keeps its line while hidden: an order in flight does not shift the buttons."""
    dock, ids = dock_for("cdse")
    dock.show()
    _open(dock, ids["cdse"])
    _settle()
    watched = (dock.workflow_panel.submitButton, dock.message_bar, dock.tabs)
    before = [(w.mapTo(dock, QPoint(0, 0)), w.size()) for w in watched]
    dock.busyBar.show()
    _settle()
    assert [(w.mapTo(dock, QPoint(0, 0)), w.size()) for w in watched] == before
    dock.busyBar.hide()


def test_cancel_asks_first_and_keeps_the_order_when_told_no(dock_for, sandbox):
    dock, ids = dock_for("cdse")
    _open(dock, ids["cdse"])
    order = _cdse_order(dock)
    cancels = lambda: [r for r in sandbox.state.requests if "Cancel" in str(r)]  # noqa: E731

    no = BoxAnswer("Keep it running")
    dock.orders_panel.cancelButton.click()
    assert no.texts and order.name in no.texts[0] and "cannot be resumed" in no.texts[0]
    assert no.buttons[0] == ["Cancel order", "Keep it running"] or set(no.buttons[0]) == {"Cancel order",
                                                                                          "Keep it running"}
    assert dock.runner.wait_idle(10) and cancels() == []
    assert dock.service.tracked(order.connection_id, order.id).status.is_active

    yes = BoxAnswer("Cancel order")
    dock.orders_panel.cancelButton.click()
    assert yes.texts and dock.runner.wait_idle(30)
    assert cancels() and "Cancel requested" in dock.last_message, dock.last_error


def test_capella_quote_and_submit_wait_for_an_input_and_a_priceless_quote_is_no_success(dock_for):
    dock, ids = dock_for("capella")
    _open(dock, ids["capella"])
    dock.use_canvas_extent()
    dock.select_workflow("GEO")  # archive: ordered by product
    wp = dock.workflow_panel
    assert not wp.quoteButton.isEnabled() and not wp.submitButton.isEnabled()
    assert "input" in wp.submitHint.text().lower()

    tasking = next(w for w in wp.workflows_model.items() if w.kind == "tasking")
    dock.select_workflow(tasking.name)  # tasking: ordered over the AOI, no input needed
    assert wp.quoteButton.isEnabled() and wp.submitButton.isEnabled()
    wp.quoteButton.click()
    assert dock.runner.wait_idle(30)
    item = dock.message_bar.current()
    assert item is not None and item.level == Qgis.MessageLevel.Info  # not a green success
    assert "None" not in item.text and "unknown amount" not in item.text
    assert "No price" in item.text


def test_paid_order_confirmation_reads_well_and_no_keeps_the_money(dock_for, sandbox):
    """UP42: "Order 1 (118.71 km²): 2,968 credits", never "118.71 sq_km: 2968.0 credits"; answering No
    places nothing."""
    from eo_orders.demo.flow import flow_specs

    dock, wp = _up42_tasking_on_canvas_extent(dock_for)
    wp.options_form.set_values({**wp.options_form.values(), **flow_specs()["up42"].options})
    orders_before = len(dock.service.orders())

    no = BoxAnswer("Do not order")
    wp.submitButton.click()
    assert dock.runner.wait_idle(30)
    assert no.texts, dock.last_error
    text = no.texts[0]
    assert no.titles[0] == "Confirm paid order" and "Submit order" in no.buttons[0]
    assert "km²" in text and "credits" in text
    assert "sq_km" not in text and "None" not in text and ".0 credits" not in text
    assert dock.runner.wait_idle(10) and len(dock.service.orders()) == orders_before


def test_workflows_named_by_title_not_uuid(dock_for):
    from eo_orders.ui.models import is_opaque_id

    dock, ids = dock_for("up42")
    _open(dock, ids["up42"])
    model = dock.workflow_panel.workflows_model
    assert model.rowCount() > 0
    for row in range(model.rowCount()):
        wf = model.item(row)
        assert is_opaque_id(wf.name)  # UP42 names its data products by UUID...
        shown = model.index(row, 0).data()
        assert shown == wf.title and not is_opaque_id(shown)  # ...the table shows the title


def test_switching_connection_forgets_the_order_name_and_the_product_count(dock_for):
    dock, ids = dock_for("cdse", "capella")
    _open(dock, ids["cdse"])
    dock.use_canvas_extent()
    dock.select_workflow("card_bs")
    assert dock.workflow_panel.orderNameEdit.text().startswith("card_bs")
    dock.search_inputs()
    assert dock.runner.wait_idle(30)
    count = dock.inputs_panel.inputs_model.rowCount()
    assert count > 0 and dock.inputs_panel.inputsSummary.text().startswith(f"{count} product")

    _open(dock, ids["capella"])
    assert dock.workflow_panel.orderNameEdit.text() == ""
    assert dock.inputs_panel.inputs_model.rowCount() == 0
    assert dock.inputs_panel.inputsSummary.text() == ""  # no "5 products" beside an empty table
    assert not dock.inputs_panel.inputs_hint.label.text().startswith("No products match")


def test_an_empty_search_shows_no_count(dock_for):
    from datetime import datetime, timezone

    dock, ids = dock_for("cdse")
    _open(dock, ids["cdse"])
    dock.use_canvas_extent()
    dock.select_workflow("card_bs")
    dock.search_inputs()
    assert dock.runner.wait_idle(30) and dock.inputs_panel.inputsSummary.text()
    dock.set_time_range(datetime(2001, 1, 1, tzinfo=timezone.utc), datetime(2001, 1, 2, tzinfo=timezone.utc))
    dock.search_inputs()
    assert dock.runner.wait_idle(30)
    assert dock.inputs_panel.inputs_model.rowCount() == 0
    assert dock.inputs_panel.inputs_hint.label.text().startswith("No products match")
    assert dock.inputs_panel.inputsSummary.text() == ""


def test_every_table_has_a_menu_and_a_double_click(dock_for, qgis_canvas):
    dock, ids = dock_for("cdse")
    dock.show()
    _open(dock, ids["cdse"])
    order = _cdse_order(dock)
    _settle()

    def row_pos(view, row=0):
        return view.visualRect(view.model().index(row, 0)).center()

    wp = dock.workflow_panel
    menu = wp.table_menu.menu_for(row_pos(wp.workflowsView))
    assert menu is not None and "Copy workflow name" in [a.text() for a in menu.actions()]
    next(a for a in menu.actions() if a.text() == "Copy workflow name").trigger()
    assert QApplication.clipboard().text() == wp.workflowsView.model().index(0, 0).data(Qt.ItemDataRole.UserRole).name

    ip = dock.inputs_panel
    dock.tabs.setCurrentWidget(dock.inputsTab)
    _settle()
    product = ip.inputsView.model().index(0, 0).data(Qt.ItemDataRole.UserRole)
    menu = ip.table_menu.menu_for(row_pos(ip.inputsView))
    texts = [a.text() for a in menu.actions()]
    assert "Zoom to footprint" in texts and "Copy product name" in texts
    qgis_canvas.setExtent(QgsRectangle(-170, -80, -160, -70))  # far away
    next(a for a in menu.actions() if a.text() == "Zoom to footprint").trigger()
    from eo_orders.ui.panels.base import geojson_extent

    footprint = geojson_extent(product.footprint)
    assert qgis_canvas.extent().contains(footprint) and qgis_canvas.extent().width() < 4 * footprint.width()
    qgis_canvas.setExtent(QgsRectangle(-170, -80, -160, -70))
    ip.inputsView.doubleClicked.emit(ip.inputsView.model().index(0, 1))  # double-click: zoom to it
    assert qgis_canvas.extent().contains(footprint)

    op = dock.orders_panel
    dock.tabs.setCurrentWidget(dock.ordersTab)
    _settle()
    menu = op.table_menu.menu_for(row_pos(op.ordersView))
    texts = [a.text() for a in menu.actions()]
    assert "Copy order id" in texts and "Cancel order…" in texts
    next(a for a in menu.actions() if a.text() == "Copy order id").trigger()
    assert QApplication.clipboard().text() == order.id


def test_validation_messages_are_warnings_with_field_titles(dock_for):
    """A missing required option reads "Acquisition mode: This field is required." at warning level, and
    the field's own message goes once a value is chosen."""
    dock, wp = _up42_tasking_on_canvas_extent(dock_for)
    form = wp.options_form
    required = [n for n in form.schema.get("required", []) if n in form.fields and form.fields[n].kind == "combo"]
    assert required, form.schema.get("required")
    name = required[0]
    field = form.fields[name]
    field.widget.setCurrentIndex(field.widget.findData(None)) if field.widget.findData(None) >= 0 else None
    form._passthrough = {}
    values = {k: v for k, v in form.values().items() if k != name}
    form.set_values(values)
    if form.values().get(name) is not None:  # the schema gives a default: clear it as a user cannot
        field.widget.insertItem(0, "", None)
        field.widget.setCurrentIndex(0)
    wp.submitButton.click()
    assert dock.runner.wait_idle(30)
    item = dock.message_bar.current()
    title = form.title(name)
    assert item is not None and item.level == Qgis.MessageLevel.Warning
    assert title in item.text and f"{name}:" not in item.text, item.text
    assert "required" in form.errors().get(name, "")
    field.widget.setCurrentIndex(field.widget.count() - 1)  # a value chosen
    assert name not in form.errors()


def test_validation_error_is_a_warning_everywhere(dock_for):
    dock, _ids = dock_for()
    dock.show_error(ValidationError("Some options are not valid — Cloud cover: 120 is more than 100."))
    assert dock.message_bar.current().level == Qgis.MessageLevel.Warning


def test_completed_order_is_never_at_one_percent():
    from eo_orders.providers.base import Order
    from eo_orders.ui.models import OrdersModel

    model = OrdersModel()
    model.set_items([Order(id="a", name="done", status=OrderStatus.COMPLETED, raw_status="FULFILLED", progress=1.0),
                     Order(id="b", name="running", status=OrderStatus.IN_PROGRESS, raw_status="RUNNING",
                           progress=42.0)])
    progress = [c.header for c in OrdersModel.columns].index("Progress")
    texts = {model.item(r).id: model.index(r, progress).data() for r in range(2)}
    assert texts == {"a": "100 %", "b": "42 %"}


def test_confirmation_texts_never_show_none():
    """Capella's tasking quote has a line without an amount: no "…price.: None"; totals read as written."""
    from eo_orders.providers.base import Quote, QuoteLine
    from eo_orders.ui.dock import quote_confirmation

    tasking = Quote(total=None, unit="USD", authorized=True, lines=[QuoteLine(
        "Tasking request: Capella prices it after submission; without pre-approval it waits for your approval "
        "of that price.", None)])
    text = quote_confirmation("t-1", tasking)
    assert "None" not in text and "price.:" not in text and "gave no total price" in text
    paid = Quote(total=2968.0, unit="credits", authorized=True,
                 lines=[QuoteLine("Order 1 (118.71 km²)", 2968.0, "credits")])
    text = quote_confirmation("u-1", paid)
    assert "will cost 2,968 credits" in text and "• Order 1 (118.71 km²): 2,968 credits" in text
    money = Quote(total=1234.5, unit="USD", authorized=True, lines=[])
    assert "will cost 1,234.50 USD" in quote_confirmation("c-1", money)


def test_deleting_a_connection_asks_and_no_keeps_it(dock_for):
    dock, ids = dock_for("cdse")
    _open(dock, ids["cdse"])
    keep = BoxAnswer("Keep it")
    dock.connection_panel.deleteConnectionButton.click()
    assert keep.texts and "CDSE sandbox" in keep.texts[0]
    assert dock.connection_panel.connectionCombo.findData(ids["cdse"]) >= 0
    delete = BoxAnswer("Delete")
    dock.connection_panel.deleteConnectionButton.click()
    assert delete.texts and dock.connection_panel.connectionCombo.findData(ids["cdse"]) < 0
