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
        <location filename="../ui/connection_dialog.ui" line="31"/>
        <source>color: #c0392b;</source>
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
        <location filename="../ui/dock.ui" line="17"/>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <location filename="../ui/dock.ui" line="19"/>
        <source>+</source>
        <translation>+</translation>
    </message>
    <message>
        <location filename="../ui/dock.ui" line="19"/>
        <source>Add a connection</source>
        <translation>Verbindung hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/dock.ui" line="20"/>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <location filename="../ui/dock.ui" line="20"/>
        <source>Edit the selected connection</source>
        <translation>Ausgewählte Verbindung bearbeiten</translation>
    </message>
    <message>
        <location filename="../ui/dock.ui" line="21"/>
        <source>−</source>
        <translation>−</translation>
    </message>
    <message>
        <location filename="../ui/dock.ui" line="21"/>
        <source>Delete the selected connection</source>
        <translation>Ausgewählte Verbindung löschen</translation>
    </message>
    <message>
        <location filename="../ui/dock.ui" line="26"/>
        <source>Area of interest</source>
        <translation>Interessengebiet</translation>
    </message>
    <message>
        <location filename="../ui/dock.ui" line="28"/>
        <source>From canvas extent</source>
        <translation>Aus Kartenausschnitt</translation>
    </message>
    <message>
        <location filename="../ui/dock.ui" line="30"/>
        <source>From selection</source>
        <translation>Aus Auswahl</translation>
    </message>
    <message>
        <location filename="../ui/dock.ui" line="38"/>
        <source>Workflows</source>
        <translation>Workflows</translation>
    </message>
    <message>
        <location filename="../ui/dock.ui" line="40"/>
        <source>Filter workflows…</source>
        <translation>Workflows filtern…</translation>
    </message>
    <message>
        <location filename="../ui/dock.ui" line="52"/>
        <source>Order name</source>
        <translation>Auftragsname</translation>
    </message>
    <message>
        <location filename="../ui/dock.ui" line="54"/>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <location filename="../ui/dock.ui" line="87"/>
        <source>color: #6b6b6b;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dock.ui" line="61"/>
        <source>Get quote</source>
        <translation>Angebot einholen</translation>
    </message>
    <message>
        <location filename="../ui/dock.ui" line="62"/>
        <source>Submit order</source>
        <translation>Auftrag senden</translation>
    </message>
    <message>
        <location filename="../ui/dock.ui" line="68"/>
        <source>Inputs</source>
        <translation>Eingangsdaten</translation>
    </message>
    <message>
        <location filename="../ui/dock.ui" line="73"/>
        <source>Collection</source>
        <translation>Kollektion</translation>
    </message>
    <message>
        <location filename="../ui/dock.ui" line="75"/>
        <source>Product type</source>
        <translation>Produkttyp</translation>
    </message>
    <message>
        <location filename="../ui/dock.ui" line="77"/>
        <source>From (UTC)</source>
        <translation>Von (UTC)</translation>
    </message>
    <message>
        <location filename="../ui/dock.ui" line="79"/>
        <source>To (UTC)</source>
        <translation>Bis (UTC)</translation>
    </message>
    <message>
        <location filename="../ui/dock.ui" line="81"/>
        <source>Max cloud %</source>
        <translation>Max. Bewölkung %</translation>
    </message>
    <message>
        <location filename="../ui/dock.ui" line="85"/>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <location filename="../ui/dock.ui" line="91"/>
        <source>Orders</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <location filename="../ui/dock.ui" line="96"/>
        <source>Filter orders…</source>
        <translation>Aufträge filtern…</translation>
    </message>
    <message>
        <location filename="../ui/dock.ui" line="103"/>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location filename="../ui/dock.ui" line="104"/>
        <source>Cancel order</source>
        <translation>Auftrag stornieren</translation>
    </message>
    <message>
        <location filename="../ui/dock.ui" line="105"/>
        <source>Download &amp;&amp; load</source>
        <translation>Herunterladen &amp;&amp; laden</translation>
    </message>
</context>
</TS>
