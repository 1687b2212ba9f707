<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>@default</name>
    <message>
        <location filename="../ui/help.py" line="43"/>
        <source>Help</source>
        <translation>Hilfe</translation>
    </message>
    <message>
        <location filename="../ui/help.py" line="45"/>
        <source>Open the EO Orders user guide: costs, accounts and quotas of each provider</source>
        <translation>Das Benutzerhandbuch von EO Orders öffnen: Kosten, Konten und Kontingente jedes Anbieters</translation>
    </message>
</context>
<context>
    <name>AoiPanelBase</name>
    <message>
        <location filename="../ui/panels/aoi_panel.ui" line="12"/>
        <source>Area of interest</source>
        <translation>Interessengebiet</translation>
    </message>
    <message>
        <location filename="../ui/panels/aoi_panel.ui" line="14"/>
        <source>From canvas extent</source>
        <translation>Aus Kartenausschnitt</translation>
    </message>
    <message>
        <location filename="../ui/panels/aoi_panel.ui" line="16"/>
        <source>From selection</source>
        <translation>Aus Auswahl</translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <location filename="../ui/connection_dialog.ui" line="6"/>
        <source>EO Orders connection</source>
        <translation>EO-Orders-Verbindung</translation>
    </message>
    <message>
        <location filename="../ui/connection_dialog.ui" line="11"/>
        <source>Name *</source>
        <translation>Name *</translation>
    </message>
    <message>
        <location filename="../ui/connection_dialog.ui" line="12"/>
        <source>e.g. CDSE (my account)</source>
        <translation>z. B. CDSE (mein Konto)</translation>
    </message>
    <message>
        <location filename="../ui/connection_dialog.ui" line="13"/>
        <source>Provider *</source>
        <translation>Anbieter *</translation>
    </message>
    <message>
        <location filename="../ui/connection_dialog.ui" line="15"/>
        <source>Username</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <location filename="../ui/connection_dialog.ui" line="17"/>
        <source>Password / API key</source>
        <translation>Passwort / API-Schlüssel</translation>
    </message>
    <message>
        <location filename="../ui/connection_dialog.ui" line="23"/>
        <source>Endpoints</source>
        <translation>Endpunkte</translation>
    </message>
    <message>
        <location filename="../ui/connection_dialog.ui" line="29"/>
        <source>Options (JSON)</source>
        <translation>Optionen (JSON)</translation>
    </message>
    <message>
        <location filename="../ui/connection_dialog.ui" line="32"/>
        <source>color: #c0392b;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionPanelBase</name>
    <message>
        <location filename="../ui/panels/connection_panel.ui" line="10"/>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <location filename="../ui/panels/connection_panel.ui" line="12"/>
        <source>+</source>
        <translation>+</translation>
    </message>
    <message>
        <location filename="../ui/panels/connection_panel.ui" line="12"/>
        <source>Add a connection</source>
        <translation>Verbindung hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/panels/connection_panel.ui" line="13"/>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <location filename="../ui/panels/connection_panel.ui" line="13"/>
        <source>Edit the selected connection</source>
        <translation>Ausgewählte Verbindung bearbeiten</translation>
    </message>
    <message>
        <location filename="../ui/panels/connection_panel.ui" line="14"/>
        <source>−</source>
        <translation>−</translation>
    </message>
    <message>
        <location filename="../ui/panels/connection_panel.ui" line="14"/>
        <source>Delete the selected connection</source>
        <translation>Ausgewählte Verbindung löschen</translation>
    </message>
    <message>
        <location filename="../ui/panels/connection_panel.ui" line="15"/>
        <source>Help</source>
        <translation>Hilfe</translation>
    </message>
</context>
<context>
    <name>EoOrdersAlgorithm</name>
    <message>
        <location filename="../core/processing/base.py" line="132"/>
        <source>eo,earth observation,satellite,order,processing,tasking,cdse,up42,capella,creodias,proseo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/processing/base.py" line="146"/>
        <source>Connection (name or id)</source>
        <translation>Verbindung (Name oder ID)</translation>
    </message>
    <message>
        <location filename="../core/processing/base.py" line="155"/>
        <source>Choose a connection.</source>
        <translation>Wählen Sie eine Verbindung.</translation>
    </message>
    <message>
        <location filename="../core/processing/base.py" line="157"/>
        <source>Connection “{conn.name}” ({prov.title}).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EoOrdersDockBase</name>
    <message>
        <location filename="../ui/dock.ui" line="6"/>
        <source>EO Orders</source>
        <translation>EO Orders</translation>
    </message>
    <message>
        <location filename="../ui/dock.ui" line="19"/>
        <source>Workflows</source>
        <translation>Workflows</translation>
    </message>
    <message>
        <location filename="../ui/dock.ui" line="23"/>
        <source>Inputs</source>
        <translation>Eingangsdaten</translation>
    </message>
    <message>
        <location filename="../ui/dock.ui" line="27"/>
        <source>Orders</source>
        <translation>Aufträge</translation>
    </message>
</context>
<context>
    <name>InputsPanelBase</name>
    <message>
        <location filename="../ui/panels/inputs_panel.ui" line="9"/>
        <source>Product reference</source>
        <translation>Produktreferenz</translation>
    </message>
    <message>
        <location filename="../ui/panels/inputs_panel.ui" line="10"/>
        <source>Product name, or leave empty to order by the time range</source>
        <translation>Produktname, oder leer lassen, um nach Zeitraum zu bestellen</translation>
    </message>
    <message>
        <location filename="../ui/panels/inputs_panel.ui" line="11"/>
        <source>Collection</source>
        <translation>Kollektion</translation>
    </message>
    <message>
        <location filename="../ui/panels/inputs_panel.ui" line="13"/>
        <source>Product type</source>
        <translation>Produkttyp</translation>
    </message>
    <message>
        <location filename="../ui/panels/inputs_panel.ui" line="15"/>
        <source>From (UTC)</source>
        <translation>Von (UTC)</translation>
    </message>
    <message>
        <location filename="../ui/panels/inputs_panel.ui" line="17"/>
        <source>To (UTC)</source>
        <translation>Bis (UTC)</translation>
    </message>
    <message>
        <location filename="../ui/panels/inputs_panel.ui" line="19"/>
        <source>Max cloud %</source>
        <translation>Max. Bewölkung %</translation>
    </message>
    <message>
        <location filename="../ui/panels/inputs_panel.ui" line="21"/>
        <source>Max products</source>
        <translation>Max. Produkte</translation>
    </message>
    <message>
        <location filename="../ui/panels/inputs_panel.ui" line="22"/>
        <source>The search follows the catalogue&apos;s pages until this many products are listed</source>
        <translation>Die Suche folgt den Seiten des Katalogs, bis so viele Produkte aufgelistet sind</translation>
    </message>
    <message>
        <location filename="../ui/panels/inputs_panel.ui" line="25"/>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <location filename="../ui/panels/inputs_panel.ui" line="27"/>
        <source>color: #6b6b6b;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ListOrdersAlgorithm</name>
    <message>
        <location filename="../core/processing/list_orders.py" line="48"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../core/processing/list_orders.py" line="50"/>
        <source>Most recent orders per connection</source>
        <translation>Neueste Aufträge je Verbindung</translation>
    </message>
    <message>
        <location filename="../core/processing/list_orders.py" line="52"/>
        <source>Orders</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <location filename="../core/processing/list_orders.py" line="53"/>
        <source>Number of orders</source>
        <translation>Anzahl der Aufträge</translation>
    </message>
</context>
<context>
    <name>ListWorkflowsAlgorithm</name>
    <message>
        <location filename="../core/processing/list_workflows.py" line="38"/>
        <source>Name contains</source>
        <translation>Name enthält</translation>
    </message>
    <message>
        <location filename="../core/processing/list_workflows.py" line="39"/>
        <source>Workflows</source>
        <translation>Workflows</translation>
    </message>
    <message>
        <location filename="../core/processing/list_workflows.py" line="40"/>
        <source>Number of workflows</source>
        <translation>Anzahl der Workflows</translation>
    </message>
    <message>
        <location filename="../core/processing/list_workflows.py" line="62"/>
        <source>{len(flows)} workflows.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrdersPanelBase</name>
    <message>
        <location filename="../ui/panels/orders_panel.ui" line="8"/>
        <source>Show the orders of one connection or of all</source>
        <translation>Die Aufträge einer Verbindung oder aller Verbindungen anzeigen</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.ui" line="10"/>
        <source>Filter orders…</source>
        <translation>Aufträge filtern…</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.ui" line="17"/>
        <source>Refresh the orders now (they are followed by themselves while any is active)</source>
        <translation>Aufträge jetzt aktualisieren (solange einer aktiv ist, werden sie von selbst verfolgt)</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.ui" line="18"/>
        <source>Cancel</source>
        <translation>Stornieren</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.ui" line="18"/>
        <source>Cancel the selected order</source>
        <translation>Ausgewählten Auftrag stornieren</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.ui" line="19"/>
        <source>Actions</source>
        <translation>Aktionen</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.ui" line="19"/>
        <source>Steps the provider offers for this order (accept a quotation, approve…)</source>
        <translation>Schritte, die der Anbieter für diesen Auftrag anbietet (Angebot annehmen, freigeben…)</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.ui" line="20"/>
        <source>Download &amp;&amp; load</source>
        <translation>Herunterladen &amp;&amp; laden</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.ui" line="20"/>
        <source>Download the results and add them to the map</source>
        <translation>Ergebnisse herunterladen und der Karte hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.ui" line="23"/>
        <source>Stream rasters (no download)</source>
        <translation>Raster streamen (ohne Download)</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.ui" line="23"/>
        <source>Open the result COGs over HTTP instead of downloading them first</source>
        <translation>Die Ergebnis-COGs über HTTP öffnen, statt sie zuerst herunterzuladen</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.ui" line="24"/>
        <source>Load results as soon as an order completes</source>
        <translation>Ergebnisse laden, sobald ein Auftrag abgeschlossen ist</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.ui" line="24"/>
        <source>Download and load the results of every order that completes, also while this panel is closed: the plugin follows every connection&apos;s orders</source>
        <translation>Die Ergebnisse jedes abgeschlossenen Auftrags herunterladen und laden, auch wenn dieses Fenster geschlossen ist: das Plugin verfolgt die Aufträge jeder Verbindung</translation>
    </message>
</context>
<context>
    <name>SearchInputsAlgorithm</name>
    <message>
        <location filename="../core/processing/search_inputs.py" line="89"/>
        <source>Extent</source>
        <translation>Ausdehnung</translation>
    </message>
    <message>
        <location filename="../core/processing/search_inputs.py" line="90"/>
        <source>Area of interest layer</source>
        <translation>Layer mit dem Interessengebiet</translation>
    </message>
    <message>
        <location filename="../core/processing/search_inputs.py" line="92"/>
        <source>Start</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <location filename="../core/processing/search_inputs.py" line="93"/>
        <source>End</source>
        <translation>Ende</translation>
    </message>
    <message>
        <location filename="../core/processing/search_inputs.py" line="94"/>
        <source>Collection</source>
        <translation>Kollektion</translation>
    </message>
    <message>
        <location filename="../core/processing/search_inputs.py" line="95"/>
        <source>Product type</source>
        <translation>Produkttyp</translation>
    </message>
    <message>
        <location filename="../core/processing/search_inputs.py" line="96"/>
        <source>Maximum cloud cover (%)</source>
        <translation>Maximale Bewölkung (%)</translation>
    </message>
    <message>
        <location filename="../core/processing/search_inputs.py" line="98"/>
        <source>Maximum number of products</source>
        <translation>Maximale Anzahl an Produkten</translation>
    </message>
    <message>
        <location filename="../core/processing/search_inputs.py" line="100"/>
        <source>Input products</source>
        <translation>Eingangsprodukte</translation>
    </message>
    <message>
        <location filename="../core/processing/search_inputs.py" line="101"/>
        <source>Number of products</source>
        <translation>Anzahl der Produkte</translation>
    </message>
    <message>
        <location filename="../core/processing/search_inputs.py" line="117"/>
        <source>{prov.title} orders are not placed on catalogue products; use Submit orders with an area or a time range instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/processing/search_inputs.py" line="119"/>
        <source>Searching {aoi.summary()} from {start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M} UTC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/processing/search_inputs.py" line="139"/>
        <source>{len(products)} input products.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SubmitOrdersAlgorithm</name>
    <message>
        <location filename="../core/processing/submit_orders.py" line="129"/>
        <source>Workflow (name or id)</source>
        <translation>Workflow (Name oder ID)</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="130"/>
        <source>Areas of interest or input products</source>
        <translation>Interessengebiete oder Eingangsprodukte</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="132"/>
        <source>Orders to place</source>
        <translation>Zu erteilende Aufträge</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="134"/>
        <source>Product name field</source>
        <translation>Feld mit dem Produktnamen</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="136"/>
        <source>Options (JSON)</source>
        <translation>Optionen (JSON)</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="138"/>
        <source>Start</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="139"/>
        <source>End</source>
        <translation>Ende</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="140"/>
        <source>Maximum cost per order</source>
        <translation>Maximale Kosten je Auftrag</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="142"/>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="144"/>
        <source>Order name prefix</source>
        <translation>Präfix der Auftragsnamen</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="147"/>
        <source>Concurrent submissions</source>
        <translation>Gleichzeitige Übermittlungen</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="151"/>
        <source>Orders</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="152"/>
        <source>Orders placed</source>
        <translation>Erteilte Aufträge</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="153"/>
        <source>Orders refused</source>
        <translation>Abgelehnte Aufträge</translation>
    </message>
</context>
<context>
    <name>WaitForResultsAlgorithm</name>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="57"/>
        <source>Orders table</source>
        <translation>Auftragstabelle</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="60"/>
        <source>Order ids (comma separated)</source>
        <translation>Auftrags-IDs (durch Kommas getrennt)</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="62"/>
        <source>Download results</source>
        <translation>Ergebnisse herunterladen</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="63"/>
        <source>Download folder</source>
        <translation>Download-Ordner</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="65"/>
        <source>Timeout (minutes, 0: none)</source>
        <translation>Zeitlimit (Minuten, 0: keines)</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="67"/>
        <source>Check every (seconds)</source>
        <translation>Prüfen alle (Sekunden)</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="71"/>
        <source>Order results</source>
        <translation>Auftragsergebnisse</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="72"/>
        <source>Result rasters</source>
        <translation>Ergebnisraster</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="73"/>
        <source>Orders completed</source>
        <translation>Abgeschlossene Aufträge</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="82"/>
        <source>The orders table needs the fields order_id and connection_id (the output of Submit orders or Orders).</source>
        <translation>Die Auftragstabelle braucht die Felder order_id und connection_id (die Ausgabe von „Aufträge senden“ oder „Aufträge“).</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="91"/>
        <source>Order ids need a connection.</source>
        <translation>Auftrags-IDs brauchen eine Verbindung.</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="95"/>
        <source>No order to wait for: give an orders table or order ids.</source>
        <translation>Kein Auftrag, auf den gewartet werden kann: geben Sie eine Auftragstabelle oder Auftrags-IDs an.</translation>
    </message>
</context>
<context>
    <name>WorkflowPanelBase</name>
    <message>
        <location filename="../ui/panels/workflow_panel.ui" line="6"/>
        <source>Filter workflows…</source>
        <translation>Workflows filtern…</translation>
    </message>
    <message>
        <location filename="../ui/panels/workflow_panel.ui" line="19"/>
        <source>Order name</source>
        <translation>Auftragsname</translation>
    </message>
    <message>
        <location filename="../ui/panels/workflow_panel.ui" line="21"/>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <location filename="../ui/panels/workflow_panel.ui" line="23"/>
        <source>Notify URL</source>
        <translation>Benachrichtigungs-URL</translation>
    </message>
    <message>
        <location filename="../ui/panels/workflow_panel.ui" line="24"/>
        <source>https://… called when the order completes (optional)</source>
        <translation>https://… wird aufgerufen, wenn der Auftrag abgeschlossen ist (optional)</translation>
    </message>
    <message>
        <location filename="../ui/panels/workflow_panel.ui" line="25"/>
        <source>Notify user</source>
        <translation>Benachrichtigungs-Benutzer</translation>
    </message>
    <message>
        <location filename="../ui/panels/workflow_panel.ui" line="27"/>
        <source>Notify password</source>
        <translation>Benachrichtigungs-Passwort</translation>
    </message>
    <message>
        <location filename="../ui/panels/workflow_panel.ui" line="28"/>
        <source>Sent with the order only; never saved</source>
        <translation>Wird nur mit dem Auftrag gesendet; nie gespeichert</translation>
    </message>
    <message>
        <location filename="../ui/panels/workflow_panel.ui" line="33"/>
        <source>color: #6b6b6b;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panels/workflow_panel.ui" line="34"/>
        <source>Get quote</source>
        <translation>Angebot einholen</translation>
    </message>
    <message>
        <location filename="../ui/panels/workflow_panel.ui" line="35"/>
        <source>Submit order</source>
        <translation>Auftrag senden</translation>
    </message>
</context>
<context>
    <name>alg</name>
    <message>
        <location filename="../core/processing/search_inputs.py" line="57"/>
        <source>The area of interest layer has no feature with a geometry.</source>
        <translation>Der Layer mit dem Interessengebiet hat kein Objekt mit Geometrie.</translation>
    </message>
    <message>
        <location filename="../core/processing/search_inputs.py" line="58"/>
        <source>Area of interest layer</source>
        <translation>Layer mit dem Interessengebiet</translation>
    </message>
    <message>
        <location filename="../core/processing/search_inputs.py" line="61"/>
        <source>Give an area of interest: an extent or a polygon layer.</source>
        <translation>Geben Sie ein Interessengebiet an: eine Ausdehnung oder einen Polygonlayer.</translation>
    </message>
    <message>
        <location filename="../core/processing/search_inputs.py" line="72"/>
        <source>The start of the time range must come before its end.</source>
        <translation>Der Beginn des Zeitraums muss vor seinem Ende liegen.</translation>
    </message>
</context>
</TS>
