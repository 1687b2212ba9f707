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
    <message>
        <location filename="../core/aoi.py" line="66"/>
        <source>{source} · {area} km² · {count} vertices</source>
        <translation>{source} · {area} km² · {count} Stützpunkte</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="82"/>
        <source>The area cannot be converted from {crs} to longitude/latitude ({error}). Zoom to a smaller area or use another map projection.</source>
        <translation>Das Gebiet lässt sich nicht von {crs} in geografische Länge/Breite umrechnen ({error}). Zoomen Sie auf ein kleineres Gebiet oder verwenden Sie eine andere Kartenprojektion.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="103"/>
        <source>The area reaches beyond the poles or outside the valid coordinate range of its projection. Zoom in or draw a smaller area.</source>
        <translation>Das Gebiet reicht über die Pole oder über den gültigen Koordinatenbereich seiner Projektion hinaus. Zoomen Sie hinein oder zeichnen Sie ein kleineres Gebiet.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="108"/>
        <source>The area crosses the antimeridian (180° longitude), which the providers do not accept. Split it into one area east and one west of 180°, and order each separately.</source>
        <translation>Das Gebiet überquert den 180. Längengrad (Antimeridian), was die Anbieter nicht annehmen. Teilen Sie es in ein Gebiet östlich und eines westlich von 180° und bestellen Sie beide getrennt.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="192"/>
        <source>{source}: there is no geometry to use as the area of interest.</source>
        <translation>{source}: Es gibt keine Geometrie, die als Interessengebiet dienen kann.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="194"/>
        <source>{source}: the coordinate reference system is unknown; set the layer or project CRS first.</source>
        <translation>{source}: Das Koordinatenbezugssystem ist unbekannt; legen Sie zuerst das KBS des Layers oder des Projekts fest.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="198"/>
        <source>{source}: an area of interest must be a polygon, not a {kind}. Select polygons or use the canvas extent.</source>
        <translation>{source}: Ein Interessengebiet muss ein Polygon sein, keine Geometrie vom Typ {kind}. Wählen Sie Polygone aus oder verwenden Sie den Kartenausschnitt.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="203"/>
        <source>{source}: the geometry has no polygon with an area.</source>
        <translation>{source}: Die Geometrie enthält kein Polygon mit einer Fläche.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="207"/>
        <source>{source}: the geometry is not valid ({problem}). Repair it (Vector ‣ Geometry Tools ‣ Fix Geometries) or let the plugin repair it with makeValid.</source>
        <translation>{source}: Die Geometrie ist ungültig ({problem}). Reparieren Sie sie (Vektor ‣ Geometrie-Werkzeuge ‣ Geometrien reparieren) oder lassen Sie sie vom Plugin mit makeValid reparieren.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="212"/>
        <source>{source}: the geometry is not valid ({problem}) and could not be repaired.</source>
        <translation>{source}: Die Geometrie ist ungültig ({problem}) und konnte nicht repariert werden.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="511"/>
        <source>{source} (repaired with makeValid)</source>
        <translation>{source} (mit makeValid repariert)</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="235"/>
        <source>{source}: the area is empty.</source>
        <translation>{source}: Das Gebiet ist leer.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="237"/>
        <source>{source}: the area is {area} km², more than the limit of {limit} km². Zoom in or select a smaller area.</source>
        <translation>{source}: Das Gebiet umfasst {area} km², mehr als die Grenze von {limit} km². Zoomen Sie hinein oder wählen Sie ein kleineres Gebiet.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="244"/>
        <source>{source}: the area has {count} vertices, more than the {limit} the providers accept. Simplify it (Vector ‣ Geometry Tools ‣ Simplify) and select it again.</source>
        <translation>{source}: Das Gebiet hat {count} Stützpunkte, mehr als die {limit}, die die Anbieter annehmen. Vereinfachen Sie es (Vektor ‣ Geometrie-Werkzeuge ‣ Vereinfachen) und wählen Sie es erneut aus.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="297"/>
        <source>Canvas extent</source>
        <translation>Kartenausschnitt</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="299"/>
        <source>The map canvas shows no area yet. Zoom to the area of interest first.</source>
        <translation>Die Kartenansicht zeigt noch kein Gebiet. Zoomen Sie zuerst auf das Interessengebiet.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="301"/>
        <source>The project has no valid coordinate reference system; set one first.</source>
        <translation>Das Projekt hat kein gültiges Koordinatenbezugssystem; legen Sie zuerst eines fest.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="309"/>
        <source>The canvas extent reaches beyond the poles. Zoom in to the area of interest.</source>
        <translation>Der Kartenausschnitt reicht über die Pole hinaus. Zoomen Sie auf das Interessengebiet.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="330"/>
        <source>Choose a polygon layer and select the features that make the area of interest.</source>
        <translation>Wählen Sie einen Polygonlayer und markieren Sie die Objekte, die das Interessengebiet bilden.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="334"/>
        <source>Layer &apos;{name}&apos; holds {kind}s; an area of interest needs polygons. Select polygon features or use the canvas extent.</source>
        <translation>Layer „{name}“ enthält Geometrien vom Typ {kind}; ein Interessengebiet braucht Polygone. Wählen Sie Polygonobjekte aus oder verwenden Sie den Kartenausschnitt.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="338"/>
        <source>No features are selected in layer &apos;{name}&apos;. Select one or more polygons, or use the canvas extent.</source>
        <translation>Im Layer „{name}“ sind keine Objekte ausgewählt. Wählen Sie ein oder mehrere Polygone aus oder verwenden Sie den Kartenausschnitt.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="342"/>
        <source>The selected features of layer &apos;{name}&apos; have no geometry.</source>
        <translation>Die ausgewählten Objekte des Layers „{name}“ haben keine Geometrie.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="344"/>
        <source>{count} selected feature of &apos;{name}&apos;</source>
        <translation>{count} ausgewähltes Objekt aus „{name}“</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="344"/>
        <source>{count} selected features of &apos;{name}&apos;</source>
        <translation>{count} ausgewählte Objekte aus „{name}“</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="351"/>
        <source>{source}: {count} geometry is not valid ({problem}). Repair it (Vector ‣ Geometry Tools ‣ Fix Geometries) or let the plugin repair with makeValid.</source>
        <translation>{source}: {count} Geometrie ist ungültig ({problem}). Reparieren Sie sie (Vektor ‣ Geometrie-Werkzeuge ‣ Geometrien reparieren) oder lassen Sie das Plugin mit makeValid reparieren.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="351"/>
        <source>{source}: {count} geometries are not valid ({problem}). Repair them (Vector ‣ Geometry Tools ‣ Fix Geometries) or let the plugin repair with makeValid.</source>
        <translation>{source}: {count} Geometrien sind ungültig ({problem}). Reparieren Sie sie (Vektor ‣ Geometrie-Werkzeuge ‣ Geometrien reparieren) oder lassen Sie das Plugin mit makeValid reparieren.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="380"/>
        <source>The AOI could not be simplified below {count} vertices.</source>
        <translation>Das Interessengebiet ließ sich nicht auf weniger als {count} Stützpunkte vereinfachen.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="381"/>
        <source>{source} (simplified to {count} vertices)</source>
        <translation>{source} (auf {count} Stützpunkte vereinfacht)</translation>
    </message>
    <message>
        <location filename="../core/connection_check.py" line="23"/>
        <source>Reach the service</source>
        <translation>Dienst erreichen</translation>
    </message>
    <message>
        <location filename="../ui/notifier.py" line="107"/>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <location filename="../core/connection_check.py" line="23"/>
        <source>List orders (permissions)</source>
        <translation>Aufträge auflisten (Berechtigungen)</translation>
    </message>
    <message>
        <location filename="../core/connection_check.py" line="60"/>
        <source>the provider {kind} is not available ({error})</source>
        <translation>der Anbieter {kind} ist nicht verfügbar ({error})</translation>
    </message>
    <message>
        <location filename="../core/connection_check.py" line="78"/>
        <source>{count} workflow</source>
        <translation>{count} Workflow</translation>
    </message>
    <message>
        <location filename="../core/connection_check.py" line="78"/>
        <source>{count} workflows</source>
        <translation>{count} Workflows</translation>
    </message>
    <message>
        <location filename="../core/connection_check.py" line="80"/>
        <source>no orders yet</source>
        <translation>noch keine Aufträge</translation>
    </message>
    <message>
        <location filename="../core/connection_check.py" line="80"/>
        <source>orders can be read</source>
        <translation>Aufträge können gelesen werden</translation>
    </message>
    <message>
        <location filename="../core/connection_check.py" line="91"/>
        <source>{error} Check the connection&apos;s URLs.</source>
        <translation>{error} Prüfen Sie die URLs der Verbindung.</translation>
    </message>
    <message>
        <location filename="../core/connection_check.py" line="99"/>
        <source>the connection has no URL</source>
        <translation>die Verbindung hat keine URL</translation>
    </message>
    <message>
        <location filename="../core/connection_check.py" line="105"/>
        <source>“{url}” is not an http(s) URL</source>
        <translation>„{url}“ ist keine http(s)-URL</translation>
    </message>
    <message>
        <location filename="../core/connection_check.py" line="128"/>
        <source>the check failed: {error}</source>
        <translation>die Prüfung ist fehlgeschlagen: {error}</translation>
    </message>
    <message>
        <location filename="../core/connections.py" line="157"/>
        <source>Could not save the password in the system keyring: {error}</source>
        <translation>Das Passwort konnte nicht im Schlüsselbund des Systems gespeichert werden: {error}</translation>
    </message>
    <message>
        <location filename="../core/connections.py" line="173"/>
        <source>Could not save the password in the QGIS authentication database.</source>
        <translation>Das Passwort konnte nicht in der QGIS-Authentifizierungsdatenbank gespeichert werden.</translation>
    </message>
    <message>
        <location filename="../core/connections.py" line="186"/>
        <source>Could not read the password from the system keyring: {error}</source>
        <translation>Das Passwort konnte nicht aus dem Schlüsselbund des Systems gelesen werden: {error}</translation>
    </message>
    <message>
        <location filename="../core/connections.py" line="193"/>
        <source>The saved password was not found in the QGIS authentication database; edit the connection and enter it again.</source>
        <translation>Das gespeicherte Passwort wurde in der QGIS-Authentifizierungsdatenbank nicht gefunden; bearbeiten Sie die Verbindung und geben Sie es erneut ein.</translation>
    </message>
    <message>
        <location filename="../core/connections.py" line="223"/>
        <source>The QGIS authentication system is disabled, and no system keyring is available: the password cannot be stored safely ({reason}).</source>
        <translation>Das QGIS-Authentifizierungssystem ist deaktiviert und kein Schlüsselbund des Systems ist verfügbar: Das Passwort kann nicht sicher gespeichert werden ({reason}).</translation>
    </message>
    <message>
        <location filename="../core/connections.py" line="228"/>
        <source>The QGIS authentication database is locked. Set or enter its master password (Settings › Options › Authentication) and try again.</source>
        <translation>Die QGIS-Authentifizierungsdatenbank ist gesperrt. Legen Sie ihr Master-Passwort fest oder geben Sie es ein (Einstellungen › Optionen › Authentifizierung) und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location filename="../core/layers.py" line="67"/>
        <source>EO Orders – input footprints</source>
        <translation>EO Orders – Footprints der Eingangsprodukte</translation>
    </message>
    <message>
        <location filename="../ui/panels/connection_panel.py" line="88"/>
        <source>No saved connection with id {id}.</source>
        <translation>Keine gespeicherte Verbindung mit der Kennung {id}.</translation>
    </message>
    <message>
        <location filename="../core/order_service.py" line="169"/>
        <source>“{name}” needs you to sign in: {error}</source>
        <translation>„{name}“ erfordert eine Anmeldung: {error}</translation>
    </message>
    <message>
        <location filename="../core/order_service.py" line="173"/>
        <source>“{name}” needs the one-time code of your authenticator app to sign in.</source>
        <translation>„{name}“ braucht zur Anmeldung den Einmalcode Ihrer Authenticator-App.</translation>
    </message>
    <message>
        <location filename="../core/order_service.py" line="177"/>
        <source>“{name}” needs the one-time code of your authenticator app.</source>
        <translation>„{name}“ braucht den Einmalcode Ihrer Authenticator-App.</translation>
    </message>
    <message>
        <location filename="../core/order_ops.py" line="60"/>
        <source>Cannot open the connection “{name}”: its provider ({kind}) is not available.</source>
        <translation>Die Verbindung „{name}“ kann nicht geöffnet werden: Ihr Anbieter ({kind}) ist nicht verfügbar.</translation>
    </message>
    <message>
        <location filename="../core/order_service.py" line="339"/>
        <source>EO Orders: list workflows</source>
        <translation>EO Orders: Workflows auflisten</translation>
    </message>
    <message>
        <location filename="../core/order_service.py" line="346"/>
        <source>EO Orders: search input products</source>
        <translation>EO Orders: Eingangsprodukte suchen</translation>
    </message>
    <message>
        <location filename="../core/order_service.py" line="353"/>
        <source>EO Orders: get a quote</source>
        <translation>EO Orders: Angebot einholen</translation>
    </message>
    <message>
        <location filename="../core/order_service.py" line="363"/>
        <source>EO Orders: order actions</source>
        <translation>EO Orders: Auftragsaktionen</translation>
    </message>
    <message>
        <location filename="../core/order_service.py" line="390"/>
        <source>EO Orders: {action}</source>
        <translation>EO Orders: {action}</translation>
    </message>
    <message>
        <location filename="../core/order_service.py" line="416"/>
        <source>EO Orders: submit order</source>
        <translation>EO Orders: Auftrag absenden</translation>
    </message>
    <message>
        <location filename="../core/order_service.py" line="437"/>
        <source>QGIS stopped while submitting; the provider has no order of that name, so it was not placed.</source>
        <translation>QGIS wurde während des Absendens beendet; der Anbieter hat keinen Auftrag dieses Namens, er wurde also nicht erteilt.</translation>
    </message>
    <message>
        <location filename="../core/order_service.py" line="444"/>
        <source>Order “{name}”, submitted when QGIS stopped, was found at the provider.</source>
        <translation>Der Auftrag „{name}“, abgesendet als QGIS beendet wurde, wurde beim Anbieter gefunden.</translation>
    </message>
    <message>
        <location filename="../core/order_service.py" line="447"/>
        <source>EO Orders: look up order {name}</source>
        <translation>EO Orders: Auftrag {name} nachschlagen</translation>
    </message>
    <message>
        <location filename="../core/order_service.py" line="485"/>
        <source>The provider no longer knows this order.</source>
        <translation>Der Anbieter kennt diesen Auftrag nicht mehr.</translation>
    </message>
    <message>
        <location filename="../core/order_service.py" line="492"/>
        <source>EO Orders: list orders</source>
        <translation>EO Orders: Aufträge auflisten</translation>
    </message>
    <message>
        <location filename="../core/order_service.py" line="515"/>
        <source>EO Orders: cancel order</source>
        <translation>EO Orders: Auftrag stornieren</translation>
    </message>
    <message>
        <location filename="../core/order_service.py" line="556"/>
        <source>EO Orders: download {name}</source>
        <translation>EO Orders: {name} herunterladen</translation>
    </message>
    <message>
        <location filename="../core/order_service.py" line="598"/>
        <source>Streamed layers could not be re-opened: {error}</source>
        <translation>Gestreamte Layer konnten nicht erneut geöffnet werden: {error}</translation>
    </message>
    <message>
        <location filename="../core/order_service.py" line="601"/>
        <source>EO Orders: re-open streamed layers</source>
        <translation>EO Orders: gestreamte Layer erneut öffnen</translation>
    </message>
    <message>
        <location filename="../core/tasks.py" line="68"/>
        <source>{task} failed unexpectedly ({error}). Details are in the log panel under &apos;{tag}&apos;.</source>
        <translation>{task} ist unerwartet fehlgeschlagen ({error}). Einzelheiten stehen im Protokollfenster unter „{tag}“.</translation>
    </message>
    <message>
        <location filename="../core/tasks.py" line="111"/>
        <source>{task} stopped.</source>
        <translation>{task} wurde abgebrochen.</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.py" line="53"/>
        <source>Needs your decision</source>
        <translation>Wartet auf Ihre Entscheidung</translation>
    </message>
    <message>
        <location filename="../core/tracked.py" line="78"/>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <location filename="../core/tracked.py" line="79"/>
        <source>offline — last checked {when}</source>
        <translation>offline — zuletzt geprüft {when}</translation>
    </message>
    <message>
        <location filename="../core/tracked.py" line="92"/>
        <source>an unknown amount</source>
        <translation>einen unbekannten Betrag</translation>
    </message>
    <message>
        <location filename="../core/tracked.py" line="97"/>
        <source>no price given</source>
        <translation>kein Preis angegeben</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="153"/>
        <source>EO Orders</source>
        <translation>EO Orders</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="95"/>
        <source>Show or hide the EO Orders panel: order on-demand satellite processing</source>
        <translation>EO-Orders-Bedienfeld ein- oder ausblenden: Satellitenprozessierung auf Abruf bestellen</translation>
    </message>
    <message>
        <location filename="../ui/connection_dialog.py" line="70"/>
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <location filename="../ui/connection_dialog.py" line="72"/>
        <source>Checks that the URLs answer, that the credentials are accepted and that this account may list orders. Nothing is ordered or changed.</source>
        <translation>Prüft, ob die URLs antworten, die Zugangsdaten angenommen werden und dieses Konto Aufträge auflisten darf. Es wird nichts bestellt oder geändert.</translation>
    </message>
    <message>
        <location filename="../ui/connection_dialog.py" line="83"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../ui/connection_dialog.py" line="88"/>
        <source>Advanced options (JSON, optional)</source>
        <translation>Erweiterte Optionen (JSON, optional)</translation>
    </message>
    <message>
        <location filename="../ui/connection_dialog.py" line="96"/>
        <source>Edit connection – {name}</source>
        <translation>Verbindung bearbeiten – {name}</translation>
    </message>
    <message>
        <location filename="../ui/connection_dialog.py" line="102"/>
        <source>unchanged (stored securely)</source>
        <translation>unverändert (sicher gespeichert)</translation>
    </message>
    <message>
        <location filename="../ui/connection_dialog.py" line="148"/>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <location filename="../ui/connection_dialog.py" line="148"/>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <location filename="../ui/connection_dialog.py" line="150"/>
        <source>Username</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <location filename="../ui/connection_dialog.py" line="150"/>
        <source>Username (not used)</source>
        <translation>Benutzername (nicht verwendet)</translation>
    </message>
    <message>
        <location filename="../ui/connection_dialog.py" line="152"/>
        <source>not needed with an API key</source>
        <translation>mit einem API-Schlüssel nicht nötig</translation>
    </message>
    <message>
        <location filename="../ui/connection_dialog.py" line="167"/>
        <source>Options must be a JSON object: {error}</source>
        <translation>Die Optionen müssen ein JSON-Objekt sein: {error}</translation>
    </message>
    <message>
        <location filename="../ui/connection_dialog.py" line="169"/>
        <source>Options must be a JSON object, e.g. {example}.</source>
        <translation>Die Optionen müssen ein JSON-Objekt sein, z. B. {example}.</translation>
    </message>
    <message>
        <location filename="../ui/connection_dialog.py" line="171"/>
        <source>Some settings are not valid: see the messages next to them.</source>
        <translation>Einige Einstellungen sind ungültig: Beachten Sie die Meldungen daneben.</translation>
    </message>
    <message>
        <location filename="../ui/connection_dialog.py" line="198"/>
        <source>The stored password could not be read: {error}</source>
        <translation>Das gespeicherte Passwort konnte nicht gelesen werden: {error}</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="190"/>
        <source>Two-factor login</source>
        <translation>Zwei-Faktor-Anmeldung</translation>
    </message>
    <message>
        <location filename="../ui/connection_dialog.py" line="201"/>
        <source>One-time code (from your authenticator app):</source>
        <translation>Einmalcode (aus Ihrer Authenticator-App):</translation>
    </message>
    <message>
        <location filename="../ui/connection_dialog.py" line="204"/>
        <source>The test needs the one-time code of your authenticator app.</source>
        <translation>Der Test braucht den Einmalcode Ihrer Authenticator-App.</translation>
    </message>
    <message>
        <location filename="../ui/connection_dialog.py" line="212"/>
        <source>Testing…</source>
        <translation>Wird getestet …</translation>
    </message>
    <message>
        <location filename="../ui/connection_dialog.py" line="213"/>
        <source>EO Orders: test connection “{name}”</source>
        <translation>EO Orders: Verbindung „{name}“ testen</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="53"/>
        <source>… and {count} more</source>
        <translation>… und {count} weitere</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="54"/>
        <source>Order “{name}” will cost {cost}.</source>
        <translation>Der Auftrag „{name}“ kostet {cost}.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="54"/>
        <source>Order “{name}”: the provider gave no total price.</source>
        <translation>Auftrag „{name}“: Der Anbieter hat keinen Gesamtpreis genannt.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="57"/>
        <source>Submit this order?</source>
        <translation>Diesen Auftrag absenden?</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="190"/>
        <source>One-time code for “{name}” (from your authenticator app):</source>
        <translation>Einmalcode für „{name}“ (aus Ihrer Authenticator-App):</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="202"/>
        <source>Loading workflows…</source>
        <translation>Workflows werden geladen …</translation>
    </message>
    <message>
        <location filename="../ui/panels/workflow_panel.py" line="40"/>
        <source>Pick a connection to list its workflows</source>
        <translation>Wählen Sie eine Verbindung, um ihre Workflows aufzulisten</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="245"/>
        <source>Choose a connection and an area of interest first.</source>
        <translation>Wählen Sie zuerst eine Verbindung und ein Interessengebiet.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="309"/>
        <source>Choose a connection and a workflow first.</source>
        <translation>Wählen Sie zuerst eine Verbindung und einen Workflow.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="312"/>
        <source>Select at least one input product in the Inputs tab.</source>
        <translation>Wählen Sie im Reiter „Eingangsdaten“ mindestens ein Eingangsprodukt aus.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="340"/>
        <source>The provider refuses this order: {reason}</source>
        <translation>Der Anbieter lehnt diesen Auftrag ab: {reason}</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="340"/>
        <source>no reason given</source>
        <translation>ohne Angabe von Gründen</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="344"/>
        <source>No price for “{name}” yet: {detail}</source>
        <translation>Noch kein Preis für „{name}“: {detail}</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="344"/>
        <source>No price for “{name}” yet.</source>
        <translation>Noch kein Preis für „{name}“.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="347"/>
        <source>Quote for “{name}”: {cost}</source>
        <translation>Angebot für „{name}“: {cost}</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="355"/>
        <source>Confirm paid order</source>
        <translation>Kostenpflichtigen Auftrag bestätigen</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="355"/>
        <source>Submit order</source>
        <translation>Auftrag senden</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="355"/>
        <source>Do not order</source>
        <translation>Nicht bestellen</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="364"/>
        <source>Order “{name}” submitted (found again after a connection problem).</source>
        <translation>Auftrag „{name}“ abgesendet (nach einem Verbindungsproblem wiedergefunden).</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="364"/>
        <source>Order “{name}” submitted.</source>
        <translation>Auftrag „{name}“ abgesendet.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="391"/>
        <source>Pick a connection.</source>
        <translation>Wählen Sie eine Verbindung.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="393"/>
        <source>Select a workflow.</source>
        <translation>Wählen Sie einen Workflow.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="395"/>
        <source>Select input products in the Inputs tab.</source>
        <translation>Wählen Sie im Reiter „Eingangsdaten“ Eingangsprodukte aus.</translation>
    </message>
    <message>
        <location filename="../ui/dock.py" line="397"/>
        <source>Submitting…</source>
        <translation>Wird abgesendet …</translation>
    </message>
    <message>
        <location filename="../ui/models.py" line="424"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../ui/models.py" line="343"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location filename="../ui/models.py" line="343"/>
        <source>Input types</source>
        <translation>Eingangstypen</translation>
    </message>
    <message>
        <location filename="../ui/models.py" line="343"/>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <location filename="../ui/models.py" line="343"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../ui/models.py" line="364"/>
        <source>Date (UTC)</source>
        <translation>Datum (UTC)</translation>
    </message>
    <message>
        <location filename="../ui/models.py" line="364"/>
        <source>Collection / type</source>
        <translation>Kollektion / Typ</translation>
    </message>
    <message>
        <location filename="../ui/models.py" line="364"/>
        <source>Cloud %</source>
        <translation>Bewölkung %</translation>
    </message>
    <message>
        <location filename="../ui/models.py" line="364"/>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <location filename="../ui/models.py" line="364"/>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../ui/models.py" line="364"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../ui/models.py" line="364"/>
        <source>no (archive)</source>
        <translation>nein (Archiv)</translation>
    </message>
    <message>
        <location filename="../core/tracked.py" line="51"/>
        <source>Output kept until {date} UTC</source>
        <translation>Ergebnisse aufbewahrt bis {date} UTC</translation>
    </message>
    <message>
        <location filename="../ui/models.py" line="424"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../ui/models.py" line="424"/>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <location filename="../ui/models.py" line="424"/>
        <source>Workflow</source>
        <translation>Workflow</translation>
    </message>
    <message>
        <location filename="../ui/models.py" line="424"/>
        <source>Submitted (UTC)</source>
        <translation>Abgesendet (UTC)</translation>
    </message>
    <message>
        <location filename="../ui/models.py" line="424"/>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <location filename="../ui/models.py" line="424"/>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <location filename="../ui/models.py" line="424"/>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <location filename="../ui/models.py" line="424"/>
        <source>Last checked (UTC)</source>
        <translation>Zuletzt geprüft (UTC)</translation>
    </message>
    <message>
        <location filename="../ui/models.py" line="424"/>
        <source>Raw status</source>
        <translation>Status des Anbieters</translation>
    </message>
    <message>
        <location filename="../ui/models.py" line="424"/>
        <source>Id</source>
        <translation>Kennung</translation>
    </message>
    <message>
        <location filename="../ui/notifier.py" line="45"/>
        <source>{count} completed</source>
        <translation>{count} abgeschlossen</translation>
    </message>
    <message>
        <location filename="../ui/notifier.py" line="45"/>
        <source>{count} failed</source>
        <translation>{count} fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../ui/notifier.py" line="46"/>
        <source>{count} cancelled</source>
        <translation>{count} storniert</translation>
    </message>
    <message>
        <location filename="../ui/notifier.py" line="46"/>
        <source>{count} need your decision</source>
        <translation>{count} warten auf Ihre Entscheidung</translation>
    </message>
    <message>
        <location filename="../ui/notifier.py" line="50"/>
        <source>{count} orders moved on: {events}.</source>
        <translation>{count} Aufträge haben sich geändert: {events}.</translation>
    </message>
    <message>
        <location filename="../ui/notifier.py" line="57"/>
        <source>Order “{name}”{where} completed: its results are ready.</source>
        <translation>Auftrag „{name}“{where} abgeschlossen: Die Ergebnisse liegen bereit.</translation>
    </message>
    <message>
        <location filename="../ui/notifier.py" line="60"/>
        <source>Order “{name}”{where} needs your decision ({status}): open EO Orders › Orders › Actions.</source>
        <translation>Auftrag „{name}“{where} wartet auf Ihre Entscheidung ({status}): Öffnen Sie EO Orders › Aufträge › Aktionen.</translation>
    </message>
    <message>
        <location filename="../ui/notifier.py" line="63"/>
        <source>Order “{name}”{where} failed{reason}</source>
        <translation>Auftrag „{name}“{where} fehlgeschlagen{reason}</translation>
    </message>
    <message>
        <location filename="../ui/notifier.py" line="64"/>
        <source>Order “{name}”{where} cancelled{reason}</source>
        <translation>Auftrag „{name}“{where} storniert{reason}</translation>
    </message>
    <message>
        <location filename="../ui/notifier.py" line="99"/>
        <source>Show order</source>
        <translation>Auftrag zeigen</translation>
    </message>
    <message>
        <location filename="../ui/notifier.py" line="103"/>
        <source>Show orders</source>
        <translation>Aufträge zeigen</translation>
    </message>
    <message>
        <location filename="../ui/notifier.py" line="106"/>
        <source>Orders of “{name}” are not followed until you sign in. {why}</source>
        <translation>Die Aufträge von „{name}“ werden erst nach Ihrer Anmeldung weiter verfolgt. {why}</translation>
    </message>
    <message>
        <location filename="../ui/options_form.py" line="40"/>
        <source>not set</source>
        <translation>nicht gesetzt</translation>
    </message>
    <message>
        <location filename="../ui/options_form.py" line="160"/>
        <source>— choose —</source>
        <translation>— auswählen —</translation>
    </message>
    <message>
        <location filename="../ui/options_form.py" line="220"/>
        <source>e.g. {example}</source>
        <translation>z. B. {example}</translation>
    </message>
    <message>
        <location filename="../ui/options_form.py" line="396"/>
        <source>This workflow has no options.</source>
        <translation>Dieser Workflow hat keine Optionen.</translation>
    </message>
    <message>
        <location filename="../ui/options_form.py" line="396"/>
        <source>This workflow has no options to set here.</source>
        <translation>Dieser Workflow hat keine Optionen, die hier gesetzt werden können.</translation>
    </message>
    <message>
        <location filename="../ui/panels/aoi_panel.py" line="68"/>
        <source>Invalid geometry</source>
        <translation>Ungültige Geometrie</translation>
    </message>
    <message>
        <location filename="../ui/panels/aoi_panel.py" line="68"/>
        <source>{error}

Repair it with makeValid?</source>
        <translation>{error}

Mit makeValid reparieren?</translation>
    </message>
    <message>
        <location filename="../ui/panels/aoi_panel.py" line="103"/>
        <source>{provider} accepts at most {limit} vertices; the AOI has {count}. Simplify it for this order?</source>
        <translation>{provider} nimmt höchstens {limit} Stützpunkte an; das Interessengebiet hat {count}. Für diesen Auftrag vereinfachen?</translation>
    </message>
    <message>
        <location filename="../ui/panels/aoi_panel.py" line="105"/>
        <source>Simplify the area of interest</source>
        <translation>Interessengebiet vereinfachen</translation>
    </message>
    <message>
        <location filename="../ui/panels/base.py" line="32"/>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <location filename="../ui/panels/base.py" line="33"/>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <location filename="../ui/panels/connection_panel.py" line="65"/>
        <source>Choose a connection…</source>
        <translation>Verbindung wählen …</translation>
    </message>
    <message>
        <location filename="../ui/panels/connection_panel.py" line="134"/>
        <source>The connection was not saved: {error}</source>
        <translation>Die Verbindung wurde nicht gespeichert: {error}</translation>
    </message>
    <message>
        <location filename="../ui/panels/connection_panel.py" line="144"/>
        <source>Delete connection</source>
        <translation>Verbindung löschen</translation>
    </message>
    <message>
        <location filename="../ui/panels/connection_panel.py" line="144"/>
        <source>Delete the connection “{name}” and its stored password? Its orders stay with the provider.</source>
        <translation>Die Verbindung „{name}“ und ihr gespeichertes Passwort löschen? Ihre Aufträge bleiben beim Anbieter.</translation>
    </message>
    <message>
        <location filename="../ui/panels/connection_panel.py" line="144"/>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <location filename="../ui/panels/connection_panel.py" line="144"/>
        <source>Keep it</source>
        <translation>Behalten</translation>
    </message>
    <message>
        <location filename="../ui/panels/inputs_panel.py" line="28"/>
        <source>Search to list products over the AOI</source>
        <translation>Suchen Sie, um Produkte über dem Interessengebiet aufzulisten</translation>
    </message>
    <message>
        <location filename="../ui/panels/inputs_panel.py" line="113"/>
        <source>The start date must be before the end date.</source>
        <translation>Das Startdatum muss vor dem Enddatum liegen.</translation>
    </message>
    <message>
        <location filename="../ui/panels/inputs_panel.py" line="133"/>
        <source>No products match: widen the dates or the AOI</source>
        <translation>Keine passenden Produkte: Erweitern Sie den Zeitraum oder das Interessengebiet</translation>
    </message>
    <message>
        <location filename="../ui/panels/inputs_panel.py" line="136"/>
        <source>{count} of {total} product</source>
        <translation>{count} von {total} Produkt</translation>
    </message>
    <message>
        <location filename="../ui/panels/inputs_panel.py" line="136"/>
        <source>{count} of {total} products</source>
        <translation>{count} von {total} Produkten</translation>
    </message>
    <message>
        <location filename="../ui/panels/inputs_panel.py" line="138"/>
        <source>{count} product</source>
        <translation>{count} Produkt</translation>
    </message>
    <message>
        <location filename="../ui/panels/inputs_panel.py" line="138"/>
        <source>{count} products</source>
        <translation>{count} Produkte</translation>
    </message>
    <message>
        <location filename="../ui/panels/inputs_panel.py" line="141"/>
        <source>{summary} – raise “Max products” to list more</source>
        <translation>{summary} – erhöhen Sie „Max. Produkte“, um mehr aufzulisten</translation>
    </message>
    <message>
        <location filename="../ui/panels/inputs_panel.py" line="146"/>
        <source>Searching…</source>
        <translation>Suche läuft …</translation>
    </message>
    <message>
        <location filename="../ui/panels/inputs_panel.py" line="214"/>
        <source>Zoom to footprint</source>
        <translation>Auf Footprint zoomen</translation>
    </message>
    <message>
        <location filename="../ui/panels/inputs_panel.py" line="216"/>
        <source>Copy product name</source>
        <translation>Produktnamen kopieren</translation>
    </message>
    <message>
        <location filename="../ui/panels/inputs_panel.py" line="219"/>
        <source>Copy product id</source>
        <translation>Produktkennung kopieren</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.py" line="44"/>
        <source>No orders yet</source>
        <translation>Noch keine Aufträge</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.py" line="51"/>
        <source>All statuses</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.py" line="52"/>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.py" line="85"/>
        <source>All connections</source>
        <translation>Alle Verbindungen</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.py" line="191"/>
        <source>That action is not available for the selected order any more.</source>
        <translation>Diese Aktion ist für den ausgewählten Auftrag nicht mehr verfügbar.</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.py" line="194"/>
        <source>Not now</source>
        <translation>Jetzt nicht</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.py" line="201"/>
        <source>{action}: done for “{name}”.</source>
        <translation>{action}: erledigt für „{name}“.</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.py" line="214"/>
        <source>Cancel the order “{name}” ({connection})? The provider stops it and it cannot be resumed; work already paid for may still be charged.</source>
        <translation>Den Auftrag „{name}“ ({connection}) stornieren? Der Anbieter hält ihn an und er kann nicht fortgesetzt werden; bereits bezahlte Arbeit kann trotzdem berechnet werden.</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.py" line="217"/>
        <source>Cancel order</source>
        <translation>Auftrag stornieren</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.py" line="217"/>
        <source>Keep it running</source>
        <translation>Weiterlaufen lassen</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.py" line="223"/>
        <source>Cancel requested for order “{name}”.</source>
        <translation>Stornierung für Auftrag „{name}“ angefordert.</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.py" line="237"/>
        <source>{count} layer streamed from order “{name}” – files in {folder}</source>
        <translation>{count} Layer aus Auftrag „{name}“ gestreamt – Dateien in {folder}</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.py" line="237"/>
        <source>{count} layers streamed from order “{name}” – files in {folder}</source>
        <translation>{count} Layer aus Auftrag „{name}“ gestreamt – Dateien in {folder}</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.py" line="240"/>
        <source>{count} layer added from order “{name}” – files in {folder}</source>
        <translation>{count} Layer aus Auftrag „{name}“ hinzugefügt – Dateien in {folder}</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.py" line="240"/>
        <source>{count} layers added from order “{name}” – files in {folder}</source>
        <translation>{count} Layer aus Auftrag „{name}“ hinzugefügt – Dateien in {folder}</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.py" line="269"/>
        <source>Zoom to results</source>
        <translation>Auf Ergebnisse zoomen</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.py" line="274"/>
        <source>Open results folder</source>
        <translation>Ergebnisordner öffnen</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.py" line="279"/>
        <source>Cancel order…</source>
        <translation>Auftrag stornieren …</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.py" line="283"/>
        <source>Copy order id</source>
        <translation>Auftragskennung kopieren</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.py" line="286"/>
        <source>Copy order name</source>
        <translation>Auftragsnamen kopieren</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.py" line="330"/>
        <source>cost {cost}</source>
        <translation>Kosten {cost}</translation>
    </message>
    <message>
        <location filename="../ui/panels/orders_panel.py" line="340"/>
        <source>Files: {link}</source>
        <translation>Dateien: {link}</translation>
    </message>
    <message>
        <location filename="../ui/panels/workflow_panel.py" line="25"/>
        <source>Select a workflow to see its options.</source>
        <translation>Wählen Sie einen Workflow, um seine Optionen zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/panels/workflow_panel.py" line="65"/>
        <source>This connection offers no workflows</source>
        <translation>Diese Verbindung bietet keine Workflows an</translation>
    </message>
    <message>
        <location filename="../ui/panels/workflow_panel.py" line="68"/>
        <source>Workflows could not be loaded: see the message below</source>
        <translation>Workflows konnten nicht geladen werden: siehe Meldung unten</translation>
    </message>
    <message>
        <location filename="../ui/panels/workflow_panel.py" line="92"/>
        <source>Workflow {name} is not offered by this connection.</source>
        <translation>Der Workflow {name} wird von dieser Verbindung nicht angeboten.</translation>
    </message>
    <message>
        <location filename="../ui/panels/workflow_panel.py" line="112"/>
        <source>Set options</source>
        <translation>Optionen setzen</translation>
    </message>
    <message>
        <location filename="../ui/panels/workflow_panel.py" line="113"/>
        <source>Copy workflow name</source>
        <translation>Workflow-Namen kopieren</translation>
    </message>
    <message>
        <location filename="../core/processing/base.py" line="133"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location filename="../core/processing/base.py" line="135"/>
        <source>Several saved connections are named “{name}”; give its id instead ({ids}).</source>
        <translation>Mehrere gespeicherte Verbindungen heißen „{name}“; geben Sie stattdessen ihre Kennung an ({ids}).</translation>
    </message>
    <message>
        <location filename="../core/processing/base.py" line="137"/>
        <source>No saved EO Orders connection is named “{name}”. Saved connections: {names}. Add connections in the EO Orders panel.</source>
        <translation>Keine gespeicherte EO-Orders-Verbindung heißt „{name}“. Gespeicherte Verbindungen: {names}. Fügen Sie Verbindungen im EO-Orders-Bedienfeld hinzu.</translation>
    </message>
    <message>
        <location filename="../core/processing/base.py" line="145"/>
        <source>“{name}” signs in with a one-time code, which an algorithm cannot ask for. Use the EO Orders panel for this connection.</source>
        <translation>„{name}“ meldet sich mit einem Einmalcode an, den ein Algorithmus nicht abfragen kann. Verwenden Sie für diese Verbindung das EO-Orders-Bedienfeld.</translation>
    </message>
    <message>
        <location filename="../core/processing/base.py" line="212"/>
        <source>eo,earth observation,satellite,order,processing,tasking,cdse,up42,capella,creodias,proseo</source>
        <translation>eo,earth observation,erdbeobachtung,satellit,auftrag,bestellung,prozessierung,tasking,cdse,up42,capella,creodias,proseo</translation>
    </message>
    <message>
        <location filename="../core/processing/base.py" line="262"/>
        <source>Choose a connection.</source>
        <translation>Wählen Sie eine Verbindung.</translation>
    </message>
    <message>
        <location filename="../core/processing/base.py" line="264"/>
        <source>Connection “{name}” ({provider}).</source>
        <translation>Verbindung „{name}“ ({provider}).</translation>
    </message>
    <message>
        <location filename="../core/processing/list_orders.py" line="25"/>
        <source>Any</source>
        <translation>Alle</translation>
    </message>
    <message>
        <location filename="../core/processing/list_orders.py" line="25"/>
        <source>Active (queued or in progress)</source>
        <translation>Aktiv (wartend oder in Bearbeitung)</translation>
    </message>
    <message>
        <location filename="../providers/base.py" line="73"/>
        <source>Completed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <location filename="../providers/base.py" line="74"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../providers/base.py" line="74"/>
        <source>Cancelled</source>
        <translation>Storniert</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="152"/>
        <source>Orders</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <location filename="../core/processing/list_orders.py" line="42"/>
        <source>Lists the orders of one saved connection, or of every one when &lt;i&gt;Connection&lt;/i&gt; is empty, with their status (as EO Orders names it, and the provider&apos;s own word), dates and the cost accepted when they were placed from QGIS. Orders placed elsewhere (e.g. on the provider&apos;s web portal) are listed too. A connection that cannot be reached is reported and the others are still listed.

The table feeds &lt;i&gt;Wait for orders and load results&lt;/i&gt;.</source>
        <translation>Listet die Aufträge einer gespeicherten Verbindung auf, oder aller, wenn &lt;i&gt;Verbindung&lt;/i&gt; leer ist, mit ihrem Status (wie EO Orders ihn nennt und mit dem eigenen Wort des Anbieters), ihren Daten und den Kosten, die beim Erteilen aus QGIS angenommen wurden. Anderswo erteilte Aufträge (z. B. im Webportal des Anbieters) werden ebenfalls aufgelistet. Eine nicht erreichbare Verbindung wird gemeldet, die übrigen werden trotzdem aufgelistet.

Die Tabelle dient als Eingabe für &lt;i&gt;Auf Aufträge warten und Ergebnisse laden&lt;/i&gt;.</translation>
    </message>
    <message>
        <location filename="../core/processing/list_orders.py" line="50"/>
        <source>A saved connection by name or id; empty: all of them.</source>
        <translation>Eine gespeicherte Verbindung nach Name oder Kennung; leer: alle.</translation>
    </message>
    <message>
        <location filename="../core/processing/list_orders.py" line="54"/>
        <source>Most recent orders per connection</source>
        <translation>Neueste Aufträge je Verbindung</translation>
    </message>
    <message>
        <location filename="../core/processing/list_orders.py" line="57"/>
        <source>Number of orders</source>
        <translation>Anzahl der Aufträge</translation>
    </message>
    <message>
        <location filename="../core/processing/list_orders.py" line="94"/>
        <source>{count} orders.</source>
        <translation>{count} Aufträge.</translation>
    </message>
    <message>
        <location filename="../core/processing/list_workflows.py" line="29"/>
        <source>List workflows</source>
        <translation>Workflows auflisten</translation>
    </message>
    <message>
        <location filename="../core/processing/list_workflows.py" line="30"/>
        <source>Lists the workflows of a saved connection (processing workflows, or the products a tasking or archive provider sells) as a table.

Use a workflow&apos;s &lt;b&gt;name&lt;/b&gt; or &lt;b&gt;workflow_id&lt;/b&gt; in &lt;i&gt;Submit orders&lt;/i&gt;; &lt;b&gt;options_schema&lt;/b&gt; is the JSON Schema of its options (what the &lt;i&gt;Options&lt;/i&gt; parameter of &lt;i&gt;Submit orders&lt;/i&gt; accepts).</source>
        <translation>Listet die Workflows einer gespeicherten Verbindung (Prozessierungs-Workflows oder die Produkte, die ein Tasking- oder Archivanbieter verkauft) als Tabelle auf.

Verwenden Sie &lt;b&gt;name&lt;/b&gt; oder &lt;b&gt;workflow_id&lt;/b&gt; eines Workflows in &lt;i&gt;Aufträge erteilen&lt;/i&gt;; &lt;b&gt;options_schema&lt;/b&gt; ist das JSON-Schema seiner Optionen (was der Parameter &lt;i&gt;Optionen&lt;/i&gt; von &lt;i&gt;Aufträge erteilen&lt;/i&gt; annimmt).</translation>
    </message>
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
        <location filename="../core/processing/list_workflows.py" line="56"/>
        <source>{count} workflows.</source>
        <translation>{count} Workflows.</translation>
    </message>
    <message>
        <location filename="../core/processing/provider.py" line="54"/>
        <source>EO Orders: order on-demand satellite processing and tasking</source>
        <translation>EO Orders: Satellitenprozessierung und Tasking auf Abruf bestellen</translation>
    </message>
    <message>
        <location filename="../core/processing/search_inputs.py" line="58"/>
        <source>The area of interest layer has no feature with a geometry.</source>
        <translation>Der Layer des Interessengebiets hat kein Objekt mit einer Geometrie.</translation>
    </message>
    <message>
        <location filename="../core/processing/search_inputs.py" line="92"/>
        <source>Area of interest layer</source>
        <translation>Layer des Interessengebiets</translation>
    </message>
    <message>
        <location filename="../core/processing/search_inputs.py" line="62"/>
        <source>Give an area of interest: an extent or a polygon layer.</source>
        <translation>Geben Sie ein Interessengebiet an: eine Ausdehnung oder einen Polygonlayer.</translation>
    </message>
    <message>
        <location filename="../core/processing/search_inputs.py" line="73"/>
        <source>The start of the time range must come before its end.</source>
        <translation>Der Beginn des Zeitraums muss vor seinem Ende liegen.</translation>
    </message>
    <message>
        <location filename="../core/processing/search_inputs.py" line="79"/>
        <source>Search input products</source>
        <translation>Eingangsprodukte suchen</translation>
    </message>
    <message>
        <location filename="../core/processing/search_inputs.py" line="80"/>
        <source>Searches the connection&apos;s catalogue for input products over an area of interest and a time range, and writes their footprints (EPSG:4326) with their attributes.

&lt;b&gt;Area of interest&lt;/b&gt;: a polygon layer (its features are merged; tick &lt;i&gt;Selected features only&lt;/i&gt; to use a selection) or, when no layer is given, an extent (type it, take it from a layer or the canvas, or draw it). &lt;b&gt;Start&lt;/b&gt;/&lt;b&gt;End&lt;/b&gt; default to the last 30 days. Collection, product type and maximum cloud cover are passed to the provider&apos;s catalogue.

The output feeds &lt;i&gt;Submit orders&lt;/i&gt; in its &lt;i&gt;One order per input product&lt;/i&gt; mode.</source>
        <translation>Durchsucht den Katalog der Verbindung nach Eingangsprodukten über einem Interessengebiet und in einem Zeitraum und schreibt ihre Footprints (EPSG:4326) mit ihren Attributen.

&lt;b&gt;Interessengebiet&lt;/b&gt;: ein Polygonlayer (seine Objekte werden vereinigt; haken Sie &lt;i&gt;Nur gewählte Objekte&lt;/i&gt; an, um eine Auswahl zu verwenden) oder, wenn kein Layer angegeben ist, eine Ausdehnung (eingeben, aus einem Layer oder der Kartenansicht übernehmen oder zeichnen). &lt;b&gt;Beginn&lt;/b&gt;/&lt;b&gt;Ende&lt;/b&gt; sind standardmäßig die letzten 30 Tage. Kollektion, Produkttyp und maximale Bewölkung werden an den Katalog des Anbieters übergeben.

Die Ausgabe dient als Eingabe für &lt;i&gt;Aufträge erteilen&lt;/i&gt; im Modus &lt;i&gt;Ein Auftrag je Eingangsprodukt&lt;/i&gt;.</translation>
    </message>
    <message>
        <location filename="../core/processing/search_inputs.py" line="91"/>
        <source>Extent</source>
        <translation>Ausdehnung</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="139"/>
        <source>Start</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="140"/>
        <source>End</source>
        <translation>Ende</translation>
    </message>
    <message>
        <location filename="../core/processing/search_inputs.py" line="96"/>
        <source>Collection</source>
        <translation>Kollektion</translation>
    </message>
    <message>
        <location filename="../core/processing/search_inputs.py" line="97"/>
        <source>Product type</source>
        <translation>Produkttyp</translation>
    </message>
    <message>
        <location filename="../core/processing/search_inputs.py" line="98"/>
        <source>Maximum cloud cover (%)</source>
        <translation>Maximale Bewölkung (%)</translation>
    </message>
    <message>
        <location filename="../core/processing/search_inputs.py" line="100"/>
        <source>Maximum number of products</source>
        <translation>Höchstzahl an Produkten</translation>
    </message>
    <message>
        <location filename="../core/processing/search_inputs.py" line="102"/>
        <source>Input products</source>
        <translation>Eingangsprodukte</translation>
    </message>
    <message>
        <location filename="../core/processing/search_inputs.py" line="103"/>
        <source>Number of products</source>
        <translation>Anzahl der Produkte</translation>
    </message>
    <message>
        <location filename="../core/processing/search_inputs.py" line="119"/>
        <source>{provider} orders are not placed on catalogue products; use Submit orders with an area or a time range instead.</source>
        <translation>Aufträge bei {provider} werden nicht auf Katalogprodukte erteilt; verwenden Sie stattdessen „Aufträge erteilen“ mit einem Gebiet oder einem Zeitraum.</translation>
    </message>
    <message>
        <location filename="../core/processing/search_inputs.py" line="122"/>
        <source>Searching {aoi} from {start} to {end} UTC.</source>
        <translation>Suche in {aoi} von {start} bis {end} UTC.</translation>
    </message>
    <message>
        <location filename="../core/processing/search_inputs.py" line="137"/>
        <source>{count} input products.</source>
        <translation>{count} Eingangsprodukte.</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="42"/>
        <source>One order per feature (its area)</source>
        <translation>Ein Auftrag je Objekt (sein Gebiet)</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="42"/>
        <source>One order per input product (feature)</source>
        <translation>Ein Auftrag je Eingangsprodukt (Objekt)</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="42"/>
        <source>One batch order of all input products</source>
        <translation>Ein Sammelauftrag aller Eingangsprodukte</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="58"/>
        <source>{provider} has no workflow “{name}”. Its workflows: {names}.</source>
        <translation>{provider} hat keinen Workflow „{name}“. Seine Workflows: {names}.</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="69"/>
        <source>Options must be a JSON object, e.g. {example}: {error}</source>
        <translation>Die Optionen müssen ein JSON-Objekt sein, z. B. {example}: {error}</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="72"/>
        <source>Options must be a JSON object (name: value pairs).</source>
        <translation>Die Optionen müssen ein JSON-Objekt sein (Paare aus Name und Wert).</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="107"/>
        <source>Submit orders</source>
        <translation>Aufträge erteilen</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="108"/>
        <source>Places orders with a saved connection: &lt;b&gt;one order per feature&lt;/b&gt; of an area of interest layer (each feature&apos;s polygon is the order&apos;s area), &lt;b&gt;one order per input product&lt;/b&gt; (features of &lt;i&gt;Search input products&lt;/i&gt;; the product is read from &lt;i&gt;Product name field&lt;/i&gt;), or &lt;b&gt;one batch order&lt;/b&gt; of all input products where the provider has batch orders. Without an input layer one order is placed for the time range (e.g. prosEO production orders). Tick &lt;i&gt;Selected features only&lt;/i&gt; to order for a selection.

&lt;b&gt;Options&lt;/b&gt;: the workflow&apos;s options as a JSON object; &lt;i&gt;List workflows&lt;/i&gt; shows each workflow&apos;s JSON Schema. Options left out take the schema&apos;s defaults, as in the EO Orders panel; they are checked against the schema before anything is sent.

&lt;b&gt;Maximum cost&lt;/b&gt;: where the provider quotes a price (UP42 credits, Capella USD), each order is quoted first and placed only if its cost is within this limit, in the provider&apos;s unit; without a limit no priced order is placed. Refused features are listed in the output with the reason, and the others are still ordered.

Orders are sent a few at a time per provider (&lt;i&gt;Concurrent submissions&lt;/i&gt;); a provider&apos;s &lt;i&gt;429 Too Many Requests&lt;/i&gt; is waited out. Every order is written to the EO Orders journal before it is sent and found again by its name after a failure whose outcome is unknown, so an order is never placed twice. The orders appear in the EO Orders panel like any other.

The output table (order_id, connection_id, status, cost, refused) feeds &lt;i&gt;Wait for orders and load results&lt;/i&gt;.</source>
        <translation>Erteilt Aufträge über eine gespeicherte Verbindung: &lt;b&gt;ein Auftrag je Objekt&lt;/b&gt; eines Layers mit Interessengebieten (das Polygon jedes Objekts ist das Gebiet des Auftrags), &lt;b&gt;ein Auftrag je Eingangsprodukt&lt;/b&gt; (Objekte aus &lt;i&gt;Eingangsprodukte suchen&lt;/i&gt;; das Produkt wird aus dem &lt;i&gt;Feld mit dem Produktnamen&lt;/i&gt; gelesen) oder &lt;b&gt;ein Sammelauftrag&lt;/b&gt; aller Eingangsprodukte, wo der Anbieter Sammelaufträge kennt. Ohne Eingabelayer wird ein Auftrag für den Zeitraum erteilt (z. B. Produktionsaufträge bei prosEO). Haken Sie &lt;i&gt;Nur gewählte Objekte&lt;/i&gt; an, um für eine Auswahl zu bestellen.

&lt;b&gt;Optionen&lt;/b&gt;: die Optionen des Workflows als JSON-Objekt; &lt;i&gt;Workflows auflisten&lt;/i&gt; zeigt das JSON-Schema jedes Workflows. Weggelassene Optionen erhalten die Vorgaben des Schemas, wie im EO-Orders-Bedienfeld; sie werden vor dem Senden gegen das Schema geprüft.

&lt;b&gt;Höchstkosten&lt;/b&gt;: Wo der Anbieter einen Preis nennt (UP42-Credits, Capella-USD), wird jeder Auftrag zuerst angefragt und nur erteilt, wenn seine Kosten innerhalb dieser Grenze liegen, in der Einheit des Anbieters; ohne Grenze wird kein kostenpflichtiger Auftrag erteilt. Abgelehnte Objekte stehen mit dem Grund in der Ausgabe, die übrigen werden trotzdem bestellt.

Aufträge werden je Anbieter zu wenigen gleichzeitig gesendet (&lt;i&gt;Gleichzeitige Übermittlungen&lt;/i&gt;); auf ein &lt;i&gt;429 Too Many Requests&lt;/i&gt; des Anbieters wird gewartet. Jeder Auftrag wird vor dem Senden im EO-Orders-Journal vermerkt und nach einem Fehler mit ungewissem Ausgang über seinen Namen wiedergefunden, sodass kein Auftrag doppelt erteilt wird. Die Aufträge erscheinen im EO-Orders-Bedienfeld wie alle anderen.

Die Ausgabetabelle (order_id, connection_id, status, cost, refused) dient als Eingabe für &lt;i&gt;Auf Aufträge warten und Ergebnisse laden&lt;/i&gt;.</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="130"/>
        <source>Workflow (name or id)</source>
        <translation>Workflow (Name oder Kennung)</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="131"/>
        <source>Areas of interest or input products</source>
        <translation>Interessengebiete oder Eingangsprodukte</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="133"/>
        <source>Orders to place</source>
        <translation>Zu erteilende Aufträge</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="135"/>
        <source>Product name field</source>
        <translation>Feld mit dem Produktnamen</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="137"/>
        <source>Options (JSON)</source>
        <translation>Optionen (JSON)</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="141"/>
        <source>Maximum cost per order</source>
        <translation>Höchstkosten je Auftrag</translation>
    </message>
    <message>
        <location filename="../providers/creodias_finder.py" line="112"/>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="145"/>
        <source>Order name prefix</source>
        <translation>Präfix der Auftragsnamen</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="148"/>
        <source>Concurrent submissions</source>
        <translation>Gleichzeitige Übermittlungen</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="153"/>
        <source>Orders placed</source>
        <translation>Erteilte Aufträge</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="154"/>
        <source>Orders refused</source>
        <translation>Abgelehnte Aufträge</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="193"/>
        <source> (found again after an uncertain reply)</source>
        <translation> (nach einer unsicheren Antwort wiedergefunden)</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="195"/>
        <source>Feature {key}: order {id} “{name}” placed{cost}{note}.</source>
        <translation>Objekt {key}: Auftrag {id} „{name}“ erteilt{cost}{note}.</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="199"/>
        <source>Feature {key}: not ordered — {reason}</source>
        <translation>Objekt {key}: nicht bestellt — {reason}</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="206"/>
        <source>Options not given take the workflow&apos;s defaults: {options}.</source>
        <translation>Nicht angegebene Optionen erhalten die Vorgaben des Workflows: {options}.</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="219"/>
        <source>{provider} has no batch orders: choose one order per input product instead.</source>
        <translation>{provider} kennt keine Sammelaufträge: Wählen Sie stattdessen einen Auftrag je Eingangsprodukt.</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="226"/>
        <source>{provider} does not place orders on an area of interest: choose one order per input product.</source>
        <translation>{provider} nimmt keine Aufträge für ein Interessengebiet an: Wählen Sie einen Auftrag je Eingangsprodukt.</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="226"/>
        <source>{provider} does not place orders on input products: choose one order per feature.</source>
        <translation>{provider} nimmt keine Aufträge für Eingangsprodukte an: Wählen Sie einen Auftrag je Objekt.</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="232"/>
        <source>The input layer has no field “{field}”.</source>
        <translation>Der Eingabelayer hat kein Feld „{field}“.</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="241"/>
        <source>the feature has no product name</source>
        <translation>das Objekt hat keinen Produktnamen</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="244"/>
        <source>Feature {key}</source>
        <translation>Objekt {key}</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="248"/>
        <source>{count} orders to place with “{workflow}”, at most {cost} each.</source>
        <translation>{count} Aufträge mit „{workflow}“ zu erteilen, höchstens {cost} je Auftrag.</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="248"/>
        <source>{count} orders to place with “{workflow}”.</source>
        <translation>{count} Aufträge mit „{workflow}“ zu erteilen.</translation>
    </message>
    <message>
        <location filename="../core/processing/submit_orders.py" line="258"/>
        <source>{placed} orders placed, {refused} refused.</source>
        <translation>{placed} Aufträge erteilt, {refused} abgelehnt.</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="45"/>
        <source>Wait for orders and load results</source>
        <translation>Auf Aufträge warten und Ergebnisse laden</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="70"/>
        <source>Orders table</source>
        <translation>Auftragstabelle</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="72"/>
        <source>The connection of the order ids below.</source>
        <translation>Die Verbindung der unten angegebenen Auftragskennungen.</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="73"/>
        <source>Order ids (comma separated)</source>
        <translation>Auftragskennungen (durch Kommas getrennt)</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="75"/>
        <source>Download results</source>
        <translation>Ergebnisse herunterladen</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="77"/>
        <source>Download folder</source>
        <translation>Download-Ordner</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="79"/>
        <source>Timeout (minutes, 0: none)</source>
        <translation>Zeitlimit (Minuten, 0: keines)</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="81"/>
        <source>Check every (seconds)</source>
        <translation>Prüfen alle (Sekunden)</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="85"/>
        <source>Order results</source>
        <translation>Auftragsergebnisse</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="86"/>
        <source>Result rasters</source>
        <translation>Ergebnisraster</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="87"/>
        <source>Orders completed</source>
        <translation>Abgeschlossene Aufträge</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="96"/>
        <source>The orders table needs the fields order_id and connection_id (the output of Submit orders or Orders).</source>
        <translation>Die Auftragstabelle braucht die Felder order_id und connection_id (die Ausgabe von „Aufträge erteilen“ oder „Aufträge“).</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="105"/>
        <source>Order ids need a connection.</source>
        <translation>Auftragskennungen brauchen eine Verbindung.</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="109"/>
        <source>No order to wait for: give an orders table or order ids.</source>
        <translation>Kein Auftrag, auf den gewartet werden kann: Geben Sie eine Auftragstabelle oder Auftragskennungen an.</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="130"/>
        <source>Following {count} orders of “{name}”.</source>
        <translation>{count} Aufträge von „{name}“ werden verfolgt.</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="137"/>
        <source>Order {id} “{name}”: {status} ({raw}).</source>
        <translation>Auftrag {id} „{name}“: {status} ({raw}).</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="149"/>
        <source>Downloading the results of {id} “{name}”.</source>
        <translation>Die Ergebnisse von {id} „{name}“ werden heruntergeladen.</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="160"/>
        <source>Order {id} “{name}” needs your decision ({status}): take it in the EO Orders panel, then run this algorithm again.</source>
        <translation>Auftrag {id} „{name}“ wartet auf Ihre Entscheidung ({status}): Treffen Sie sie im EO-Orders-Bedienfeld und führen Sie diesen Algorithmus dann erneut aus.</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="164"/>
        <source>Order {id} is still {status}; run this algorithm again later or follow it in the EO Orders panel.</source>
        <translation>Auftrag {id} ist noch {status}; führen Sie diesen Algorithmus später erneut aus oder verfolgen Sie ihn im EO-Orders-Bedienfeld.</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="168"/>
        <source>Order {id} {status}: {message}</source>
        <translation>Auftrag {id} {status}: {message}</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="176"/>
        <source>{completed} orders completed, {rasters} result rasters.</source>
        <translation>{completed} Aufträge abgeschlossen, {rasters} Ergebnisraster.</translation>
    </message>
    <message>
        <location filename="../providers/base.py" line="73"/>
        <source>Queued</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <location filename="../providers/base.py" line="73"/>
        <source>In progress</source>
        <translation>In Bearbeitung</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="254"/>
        <source>The canvas shows {area} km², more than the limit of {limit} km². Zoom in to the area of interest, or draw it on the map.</source>
        <translation>Die Kartenansicht zeigt {area} km², mehr als die Grenze von {limit} km². Zoomen Sie auf das Interessengebiet oder zeichnen Sie es in die Karte.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="411"/>
        <source>&apos;{file}&apos; is not a vector file GDAL/OGR can read. Use GeoJSON, KML, GeoPackage or a Shapefile.</source>
        <translation>„{file}“ ist keine Vektordatei, die GDAL/OGR lesen kann. Verwenden Sie GeoJSON, KML, GeoPackage oder ein Shapefile.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="442"/>
        <source>The file &apos;{path}&apos; does not exist.</source>
        <translation>Die Datei „{path}“ existiert nicht.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="462"/>
        <source>&apos;{label}&apos;: layer &apos;{name}&apos; has no coordinate reference system (a Shapefile without its .prj?). Add it, or save the file as GeoJSON in EPSG:4326.</source>
        <translation>„{label}“: Der Layer „{name}“ hat kein Koordinatenbezugssystem (ein Shapefile ohne seine .prj?). Ergänzen Sie es oder speichern Sie die Datei als GeoJSON in EPSG:4326.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="470"/>
        <source>'{label}' has more than {limit} features. Dissolve them first (Vector ‣ Geoprocessing Tools ‣ Dissolve) and load the result.</source>
        <translation>„{label}“ hat mehr als {limit} Objekte. Lösen Sie sie zuerst auf (Vektor ‣ Geoverarbeitungswerkzeuge ‣ Auflösen) und laden Sie das Ergebnis.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="492"/>
        <source>&apos;{label}&apos;: the features of layer &apos;{name}&apos; cannot be converted to longitude/latitude from {crs}.</source>
        <translation>„{label}“: Die Objekte des Layers „{name}“ lassen sich nicht von {crs} in geografische Länge/Breite umrechnen.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="497"/>
        <source>'{label}': {count} geometry is not valid ({problem}). Repair it (Vector ‣ Geometry Tools ‣ Fix Geometries) or let the plugin repair with makeValid.</source>
        <translation>„{label}“: {count} Geometrie ist ungültig ({problem}). Reparieren Sie sie (Vektor ‣ Geometrie-Werkzeuge ‣ Geometrien reparieren) oder lassen Sie das Plugin mit makeValid reparieren.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="497"/>
        <source>'{label}': {count} geometries are not valid ({problem}). Repair them (Vector ‣ Geometry Tools ‣ Fix Geometries) or let the plugin repair with makeValid.</source>
        <translation>„{label}“: {count} Geometrien sind ungültig ({problem}). Reparieren Sie sie (Vektor ‣ Geometrie-Werkzeuge ‣ Geometrien reparieren) oder lassen Sie das Plugin mit makeValid reparieren.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="503"/>
        <source>&apos;{label}&apos; holds points or lines, not polygons; an area of interest needs polygons.</source>
        <translation>„{label}“ enthält Punkte oder Linien, keine Polygone; ein Interessengebiet braucht Polygone.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="503"/>
        <source>&apos;{label}&apos; holds no features, not polygons; an area of interest needs polygons.</source>
        <translation>„{label}“ enthält keine Objekte, also keine Polygone; ein Interessengebiet braucht Polygone.</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="508"/>
        <source>{count} polygon from &apos;{label}&apos;</source>
        <translation>{count} Polygon aus „{label}“</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="508"/>
        <source>{count} polygons from &apos;{label}&apos;</source>
        <translation>{count} Polygone aus „{label}“</translation>
    </message>
    <message>
        <location filename="../core/aoi.py" line="514"/>
        <source>&apos;{label}&apos;: the polygons could not be merged into one area.</source>
        <translation>„{label}“: Die Polygone ließen sich nicht zu einem Gebiet vereinigen.</translation>
    </message>
    <message>
        <location filename="../core/quicklooks.py" line="119"/>
        <source>The quicklook link is not an http(s) URL.</source>
        <translation>Der Link zum Vorschaubild ist keine http(s)-URL.</translation>
    </message>
    <message>
        <location filename="../core/quicklooks.py" line="125"/>
        <source>The quicklook at {url} is not an image ({ctype}).</source>
        <translation>Das Vorschaubild unter {url} ist kein Bild ({ctype}).</translation>
    </message>
    <message>
        <location filename="../core/quicklooks.py" line="129"/>
        <source>The quicklook at {url} is too large ({declared} bytes).</source>
        <translation>Das Vorschaubild unter {url} ist zu groß ({declared} Bytes).</translation>
    </message>
    <message>
        <location filename="../core/quicklooks.py" line="135"/>
        <source>The quicklook at {url} is larger than {max_bytes} bytes.</source>
        <translation>Das Vorschaubild unter {url} ist größer als {max_bytes} Bytes.</translation>
    </message>
    <message>
        <location filename="../core/quicklooks.py" line="142"/>
        <source>The quicklook at {url} is not an image Qt can read.</source>
        <translation>Das Vorschaubild unter {url} ist kein Bild, das Qt lesen kann.</translation>
    </message>
    <message>
        <location filename="../core/quicklooks.py" line="267"/>
        <source>EO Orders: 1 quicklook</source>
        <translation>EO Orders: 1 Vorschaubild</translation>
    </message>
    <message>
        <location filename="../core/quicklooks.py" line="268"/>
        <source>EO Orders: {count} quicklooks</source>
        <translation>EO Orders: {count} Vorschaubilder</translation>
    </message>
    <message>
        <location filename="../core/quicklooks.py" line="287"/>
        <source>No quicklook.</source>
        <translation>Kein Vorschaubild.</translation>
    </message>
    <message>
        <location filename="../ui/aoi_toolbar.py" line="27"/>
        <source>Rectangle</source>
        <translation>Rechteck</translation>
    </message>
    <message>
        <location filename="../ui/aoi_toolbar.py" line="27"/>
        <source>Draw the area of interest as a rectangle: drag, or click two corners. Esc cancels.</source>
        <translation>Das Interessengebiet als Rechteck zeichnen: ziehen oder zwei Ecken anklicken. Esc bricht ab.</translation>
    </message>
    <message>
        <location filename="../ui/aoi_toolbar.py" line="27"/>
        <source>Drawn rectangle</source>
        <translation>Gezeichnetes Rechteck</translation>
    </message>
    <message>
        <location filename="../ui/aoi_toolbar.py" line="27"/>
        <source>Polygon</source>
        <translation>Polygon</translation>
    </message>
    <message>
        <location filename="../ui/aoi_toolbar.py" line="27"/>
        <source>Draw the area of interest: click the vertices, right-click to finish. Backspace removes the last vertex, Esc cancels.</source>
        <translation>Das Interessengebiet zeichnen: Stützpunkte anklicken, Rechtsklick zum Abschließen. Rücktaste entfernt den letzten Stützpunkt, Esc bricht ab.</translation>
    </message>
    <message>
        <location filename="../ui/aoi_toolbar.py" line="27"/>
        <source>Drawn polygon</source>
        <translation>Gezeichnetes Polygon</translation>
    </message>
    <message>
        <location filename="../ui/aoi_toolbar.py" line="27"/>
        <source>Point</source>
        <translation>Punkt</translation>
    </message>
    <message>
        <location filename="../ui/aoi_toolbar.py" line="27"/>
        <source>Tasking point: click the centre, move out to the radius and click again (right-click keeps the default radius). Esc cancels.</source>
        <translation>Tasking-Punkt: den Mittelpunkt anklicken, bis zum Radius ziehen und erneut klicken (Rechtsklick behält den Standardradius). Esc bricht ab.</translation>
    </message>
    <message>
        <location filename="../ui/aoi_toolbar.py" line="27"/>
        <source>Task point</source>
        <translation>Tasking-Punkt</translation>
    </message>
    <message>
        <location filename="../ui/aoi_toolbar.py" line="82"/>
        <source>From file…</source>
        <translation>Aus Datei …</translation>
    </message>
    <message>
        <location filename="../ui/aoi_toolbar.py" line="83"/>
        <source>Take the area of interest from a vector file (GeoJSON, KML, GeoPackage, Shapefile, …). You can also drop the file onto the panel.</source>
        <translation>Das Interessengebiet aus einer Vektordatei übernehmen (GeoJSON, KML, GeoPackage, Shapefile, …). Sie können die Datei auch auf das Bedienfeld ziehen.</translation>
    </message>
    <message>
        <location filename="../ui/aoi_toolbar.py" line="89"/>
        <source>Zoom to</source>
        <translation>Zoomen auf</translation>
    </message>
    <message>
        <location filename="../ui/aoi_toolbar.py" line="90"/>
        <source>Zoom the map to the area of interest</source>
        <translation>Die Karte auf das Interessengebiet zoomen</translation>
    </message>
    <message>
        <location filename="../ui/aoi_toolbar.py" line="96"/>
        <source>Area of the shape being drawn (WGS84 ellipsoid)</source>
        <translation>Fläche der gezeichneten Form (WGS84-Ellipsoid)</translation>
    </message>
    <message>
        <location filename="../ui/aoi_toolbar.py" line="109"/>
        <source>≈ {area} km²</source>
        <translation>≈ {area} km²</translation>
    </message>
    <message>
        <location filename="../ui/aoi_toolbar.py" line="166"/>
        <source>Area of interest from a file</source>
        <translation>Interessengebiet aus einer Datei</translation>
    </message>
    <message>
        <location filename="../ui/aoi_toolbar.py" line="166"/>
        <source>Vector files ({patterns});;All files (*)</source>
        <translation>Vektordateien ({patterns});;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../ui/panels/aoi_panel.py" line="22"/>
        <source>No area of interest yet: draw one, take the canvas extent or selected polygons, or drop a vector file here.</source>
        <translation>Noch kein Interessengebiet: Zeichnen Sie eines, übernehmen Sie den Kartenausschnitt oder ausgewählte Polygone, oder ziehen Sie eine Vektordatei hierher.</translation>
    </message>
    <message>
        <location filename="../ui/quicklook_view.py" line="57"/>
        <source>{name}
(the catalogue offers no quicklook)</source>
        <translation>{name}
(der Katalog bietet kein Vorschaubild an)</translation>
    </message>
    <message>
        <location filename="../ui/quicklook_view.py" line="58"/>
        <source>{name}
(no quicklook: {reason})</source>
        <translation>{name}
(kein Vorschaubild: {reason})</translation>
    </message>
    <message>
        <location filename="../ui/quicklook_view.py" line="120"/>
        <source>Select a product to see its quicklook.</source>
        <translation>Wählen Sie ein Produkt, um sein Vorschaubild zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/quicklook_view.py" line="123"/>
        <source>{name}: the catalogue offers no quicklook.</source>
        <translation>{name}: Der Katalog bietet kein Vorschaubild an.</translation>
    </message>
    <message>
        <location filename="../ui/quicklook_view.py" line="130"/>
        <source>No quicklook: {reason}</source>
        <translation>Kein Vorschaubild: {reason}</translation>
    </message>
    <message>
        <location filename="../ui/quicklook_view.py" line="132"/>
        <source>Loading the quicklook…</source>
        <translation>Vorschaubild wird geladen …</translation>
    </message>
    <message>
        <location filename="../core/store.py" line="215"/>
        <source>The order journal folder {parent} cannot be created (read-only profile?): orders are remembered only until QGIS closes.</source>
        <translation>Der Ordner des Auftragsjournals {parent} kann nicht angelegt werden (schreibgeschütztes Profil?): Aufträge werden nur bis zum Beenden von QGIS behalten.</translation>
    </message>
    <message>
        <location filename="../core/store.py" line="219"/>
        <source>The order journal {path} was written by a newer version of EO Orders; it is kept unchanged and only copied into memory: update the plugin so new orders are saved.</source>
        <translation>Das Auftragsjournal {path} wurde von einer neueren Version von EO Orders geschrieben; es bleibt unverändert und wird nur in den Speicher kopiert: Aktualisieren Sie das Plugin, damit neue Aufträge gespeichert werden.</translation>
    </message>
    <message>
        <location filename="../core/store.py" line="232"/>
        <source>The order journal {path} is locked by another program (another QGIS?): it is left untouched and read into memory; orders placed now are remembered only until QGIS closes.</source>
        <translation>Das Auftragsjournal {path} ist von einem anderen Programm gesperrt (ein weiteres QGIS?): Es bleibt unangetastet und wird in den Speicher gelesen; jetzt erteilte Aufträge werden nur bis zum Beenden von QGIS behalten.</translation>
    </message>
    <message>
        <location filename="../core/store.py" line="232"/>
        <source>The order journal {path} cannot be written (read-only file or folder?): it is left untouched and read into memory; orders placed now are remembered only until QGIS closes.</source>
        <translation>Das Auftragsjournal {path} kann nicht geschrieben werden (schreibgeschützte Datei oder schreibgeschützter Ordner?): Es bleibt unangetastet und wird in den Speicher gelesen; jetzt erteilte Aufträge werden nur bis zum Beenden von QGIS behalten.</translation>
    </message>
    <message>
        <location filename="../core/store.py" line="249"/>
        <source>The order journal {path} is damaged ({exc}) and cannot be moved aside: orders are remembered only until QGIS closes.</source>
        <translation>Das Auftragsjournal {path} ist beschädigt ({exc}) und kann nicht beiseitegelegt werden: Aufträge werden nur bis zum Beenden von QGIS behalten.</translation>
    </message>
    <message>
        <location filename="../core/store.py" line="253"/>
        <source>The order journal {name} was damaged ({exc}); it was moved to {aside} and a new journal was started.</source>
        <translation>Das Auftragsjournal {name} war beschädigt ({exc}); es wurde nach {aside} verschoben und ein neues Journal begonnen.</translation>
    </message>
    <message>
        <location filename="../core/store.py" line="294"/>
        <source>The order journal {path} could not be read either ({reason}); it is left untouched.</source>
        <translation>Das Auftragsjournal {path} konnte auch nicht gelesen werden ({reason}); es bleibt unangetastet.</translation>
    </message>
    <message>
        <location filename="../providers/base.py" line="302"/>
        <source>nested too deeply</source>
        <translation>zu tief verschachtelt</translation>
    </message>
    <message>
        <location filename="../providers/base.py" line="304"/>
        <source>{provider} sent a reply this plugin cannot read ({call}: unexpected data shape, {what}). The service may have changed; try again later or report it. The order may have been placed.</source>
        <translation>{provider} hat eine Antwort gesendet, die dieses Plugin nicht lesen kann ({call}: unerwartete Datenform, {what}). Der Dienst hat sich vielleicht geändert; versuchen Sie es später erneut oder melden Sie es. Der Auftrag wurde möglicherweise erteilt.</translation>
    </message>
    <message>
        <location filename="../providers/base.py" line="308"/>
        <source>{provider} sent a reply this plugin cannot read ({call}: unexpected data shape, {what}). The service may have changed; try again later or report it.</source>
        <translation>{provider} hat eine Antwort gesendet, die dieses Plugin nicht lesen kann ({call}: unerwartete Datenform, {what}). Der Dienst hat sich vielleicht geändert; versuchen Sie es später erneut oder melden Sie es.</translation>
    </message>
    <message>
        <location filename="../providers/base.py" line="369"/>
        <source>{provider} orders are not placed on catalogue products.</source>
        <translation>Aufträge bei {provider} werden nicht auf Katalogprodukte erteilt.</translation>
    </message>
    <message>
        <location filename="../providers/base.py" line="379"/>
        <source>{provider} gives no cost quote.</source>
        <translation>{provider} nennt keinen Preis im Voraus.</translation>
    </message>
    <message>
        <location filename="../providers/base.py" line="395"/>
        <source>{provider} does not support cancelling orders.</source>
        <translation>{provider} unterstützt das Stornieren von Aufträgen nicht.</translation>
    </message>
    <message>
        <location filename="../providers/base.py" line="403"/>
        <source>{provider} offers no action &apos;{action_id}&apos; on orders.</source>
        <translation>{provider} bietet für Aufträge keine Aktion „{action_id}“ an.</translation>
    </message>
    <message>
        <location filename="../providers/base.py" line="419"/>
        <source>Order {order_id} has no result file {file_name} any more.</source>
        <translation>Der Auftrag {order_id} hat keine Ergebnisdatei {file_name} mehr.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="178"/>
        <source>The download link has expired; request the order&apos;s download again.</source>
        <translation>Der Download-Link ist abgelaufen; fordern Sie den Download des Auftrags erneut an.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="180"/>
        <source>The storage refused the download link ({s3_code}: {s3_msg}).</source>
        <translation>Der Speicher hat den Download-Link abgelehnt ({s3_code}: {s3_msg}).</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="240"/>
        <source>Rejected by Capella.</source>
        <translation>Von Capella abgelehnt.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="281"/>
        <source>Capella&apos;s review gives no price for this order, only that your contract authorises it; the cost is charged to your contract at its rates (previously ordered images are free)</source>
        <translation>Die Prüfung durch Capella nennt für diesen Auftrag keinen Preis, nur dass Ihr Vertrag ihn erlaubt; die Kosten werden Ihrem Vertrag zu dessen Sätzen berechnet (bereits bestellte Bilder sind kostenlos)</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="296"/>
        <source>Capella sent an order review that is not an object.</source>
        <translation>Capella hat eine Auftragsprüfung gesendet, die kein Objekt ist.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="306"/>
        <source>item {number}</source>
        <translation>Position {number}</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="308"/>
        <source> (ordered before)</source>
        <translation> (bereits bestellt)</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="344"/>
        <source>The AOI polygon has no vertices.</source>
        <translation>Das Polygon des Interessengebiets hat keine Stützpunkte.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="416"/>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="417"/>
        <source>Window open</source>
        <translation>Fenster öffnet</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="418"/>
        <source>Start of the collection window (default: the request&apos;s start or now).</source>
        <translation>Beginn des Aufnahmefensters (Vorgabe: der Beginn der Anfrage oder jetzt).</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="420"/>
        <source>Window close</source>
        <translation>Fenster schließt</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="421"/>
        <source>End of the collection window (default: the request&apos;s end or +7 days).</source>
        <translation>Ende des Aufnahmefensters (Vorgabe: das Ende der Anfrage oder +7 Tage).</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="424"/>
        <source>Collection tier</source>
        <translation>Aufnahmestufe</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="426"/>
        <source>Product category</source>
        <translation>Produktkategorie</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="428"/>
        <source>Imaging mode</source>
        <translation>Aufnahmemodus</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="430"/>
        <source>Send AOI as</source>
        <translation>Interessengebiet senden als</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="431"/>
        <source>Point: the AOI centroid (spotlight). Polygon: the AOI outline (area).</source>
        <translation>Punkt: der Schwerpunkt des Interessengebiets (Spotlight). Polygon: der Umriss des Interessengebiets (Fläche).</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="434"/>
        <source>Look direction</source>
        <translation>Blickrichtung</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="436"/>
        <source>Orbit direction</source>
        <translation>Orbitrichtung</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="438"/>
        <source>Orbital planes</source>
        <translation>Orbitebenen</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="439"/>
        <source>Off-nadir min (°)</source>
        <translation>Off-Nadir min. (°)</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="440"/>
        <source>Off-nadir max (°)</source>
        <translation>Off-Nadir max. (°)</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="441"/>
        <source>Number of looks</source>
        <translation>Anzahl der Looks</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="443"/>
        <source>Image length (m)</source>
        <translation>Bildlänge (m)</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="445"/>
        <source>Image width (m)</source>
        <translation>Bildbreite (m)</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="446"/>
        <source>Ground range resolution min (m)</source>
        <translation>Bodenauflösung in Entfernungsrichtung min. (m)</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="447"/>
        <source>Ground range resolution max (m)</source>
        <translation>Bodenauflösung in Entfernungsrichtung max. (m)</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="448"/>
        <source>Azimuth resolution min (m)</source>
        <translation>Azimutauflösung min. (m)</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="449"/>
        <source>Azimuth resolution max (m)</source>
        <translation>Azimutauflösung max. (m)</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="450"/>
        <source>NESZ max (dB)</source>
        <translation>NESZ max. (dB)</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="451"/>
        <source>Polarization</source>
        <translation>Polarisation</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="452"/>
        <source>Pre-approve the price</source>
        <translation>Preis vorab genehmigen</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="453"/>
        <source>Off: the request waits in review with its price until you approve it.</source>
        <translation>Aus: Die Anfrage wartet mit ihrem Preis in der Prüfung, bis Sie ihn genehmigen.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="466"/>
        <source>Add Vessel Detection (VS) analytic</source>
        <translation>Schiffserkennung (VS) als Analyse hinzufügen</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="467"/>
        <source>Derives vessel detections from each GEO image ordered.</source>
        <translation>Leitet Schiffserkennungen aus jedem bestellten GEO-Bild ab.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="472"/>
        <source>Vessel detection (VS) with its GEO images</source>
        <translation>Schiffserkennung (VS) mit ihren GEO-Bildern</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="472"/>
        <source>Orders the GEO images and the Vessel Detection analytic derived from them.</source>
        <translation>Bestellt die GEO-Bilder und die daraus abgeleitete Schiffserkennung.</translation>
    </message>
    <message>
        <location filename="../providers/proseo_odip.py" line="344"/>
        <source>Authentication</source>
        <translation>Authentifizierung</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="522"/>
        <source>api_key (default; Capella&apos;s only login since 2025): the secret is an API key. token: e-mail and password login of older deployments.</source>
        <translation>api_key (Vorgabe; seit 2025 die einzige Anmeldung bei Capella): Das Geheimnis ist ein API-Schlüssel. token: Anmeldung mit E-Mail und Passwort älterer Installationen.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="525"/>
        <source>Search page size</source>
        <translation>Seitengröße der Suche</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="527"/>
        <source>Tasking requests listed (days)</source>
        <translation>Aufgelistete Tasking-Anfragen (Tage)</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="529"/>
        <source>Contract id</source>
        <translation>Vertragskennung</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="530"/>
        <source>Charge orders and tasking requests to this contract (empty: your default contract), as the SDK&apos;s contract_id.</source>
        <translation>Aufträge und Tasking-Anfragen diesem Vertrag berechnen (leer: Ihr Standardvertrag), wie contract_id im SDK.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="567"/>
        <source>Capella&apos;s login answered without an access token.</source>
        <translation>Die Anmeldung bei Capella hat ohne Zugriffstoken geantwortet.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="589"/>
        <source>Capella&apos;s /user answer has no user id.</source>
        <translation>Die Antwort von Capella auf /user enthält keine Benutzerkennung.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="597"/>
        <source>New tasking request</source>
        <translation>Neue Tasking-Anfrage</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="597"/>
        <source>Ask Capella to collect a new SAR image over the AOI in a time window.</source>
        <translation>Capella bitten, in einem Zeitfenster ein neues SAR-Bild über dem Interessengebiet aufzunehmen.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="626"/>
        <source>Capella&apos;s catalogue sent a search answer that is not an object.</source>
        <translation>Der Katalog von Capella hat eine Suchantwort gesendet, die kein Objekt ist.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="654"/>
        <source>Capella&apos;s catalogue does not know {join}.</source>
        <translation>Der Katalog von Capella kennt {join} nicht.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="668"/>
        <source>Select at least one Capella product to order.</source>
        <translation>Wählen Sie mindestens ein Capella-Produkt zum Bestellen aus.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="668"/>
        <source>No product selected.</source>
        <translation>Kein Produkt ausgewählt.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="677"/>
        <source>Vessel Detection is derived from GEO images only; not GEO: {products}</source>
        <translation>Die Schiffserkennung wird nur aus GEO-Bildern abgeleitet; kein GEO: {products}</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="677"/>
        <source>Select GEO products only.</source>
        <translation>Wählen Sie nur GEO-Produkte aus.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="684"/>
        <source>Vessel Detection needs at least one GEO image in the same order.</source>
        <translation>Die Schiffserkennung braucht mindestens ein GEO-Bild im selben Auftrag.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="684"/>
        <source>Add a GEO product.</source>
        <translation>Fügen Sie ein GEO-Produkt hinzu.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="697"/>
        <source>Tasking request: Capella prices it after submission; without pre-approval it waits for your approval of that price.</source>
        <translation>Tasking-Anfrage: Capella nennt den Preis nach dem Absenden; ohne Vorabgenehmigung wartet sie, bis Sie diesen Preis genehmigen.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="713"/>
        <source>Capella does not authorise this order: {reason}</source>
        <translation>Capella erlaubt diesen Auftrag nicht: {reason}</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="719"/>
        <source>Capella accepted the order but sent no order id; look for it in the order list.</source>
        <translation>Capella hat den Auftrag angenommen, aber keine Auftragskennung gesendet; suchen Sie ihn in der Auftragsliste.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="727"/>
        <source>A tasking request needs an AOI.</source>
        <translation>Eine Tasking-Anfrage braucht ein Interessengebiet.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="727"/>
        <source>Draw or select an AOI.</source>
        <translation>Zeichnen oder wählen Sie ein Interessengebiet.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="738"/>
        <source>The window must close after it opens.</source>
        <translation>Das Fenster muss nach dem Öffnen schließen.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="738"/>
        <source>Must be after the window opens.</source>
        <translation>Muss nach dem Öffnen des Fensters liegen.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="742"/>
        <source>The minimum off-nadir angle exceeds the maximum.</source>
        <translation>Der minimale Off-Nadir-Winkel übersteigt den maximalen.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="742"/>
        <source>Must not exceed the maximum.</source>
        <translation>Darf das Maximum nicht übersteigen.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="756"/>
        <source>Capella sent a tasking answer that is not a GeoJSON Feature.</source>
        <translation>Capella hat eine Tasking-Antwort gesendet, die kein GeoJSON-Feature ist.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="770"/>
        <source>Capella archive orders cannot be cancelled; tasking requests can.</source>
        <translation>Archivaufträge bei Capella können nicht storniert werden, Tasking-Anfragen schon.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="776"/>
        <source>Approve tasking request</source>
        <translation>Tasking-Anfrage genehmigen</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="776"/>
        <source>Approve the tasking request &apos;{name}&apos;? {message} Capella will charge it once collected.</source>
        <translation>Die Tasking-Anfrage „{name}“ genehmigen? {message} Capella berechnet sie nach der Aufnahme.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="792"/>
        <source>Capella sent no order for the tasking request.</source>
        <translation>Capella hat keinen Auftrag für die Tasking-Anfrage gesendet.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="828"/>
        <source>Capella sent a tasking request page that is not an object.</source>
        <translation>Capella hat eine Seite mit Tasking-Anfragen gesendet, die kein Objekt ist.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="889"/>
        <source>Capella sent an order that is not an object.</source>
        <translation>Capella hat einen Auftrag gesendet, der kein Objekt ist.</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="959"/>
        <source>Order {order_id} has no asset named {file_name} any more.</source>
        <translation>Der Auftrag {order_id} hat keine Datei namens {file_name} mehr.</translation>
    </message>
    <message>
        <location filename="../providers/cdse_odp.py" line="113"/>
        <source>The service sent an unexpected reply (no object where an order was expected).</source>
        <translation>Der Dienst hat eine unerwartete Antwort gesendet (kein Objekt, wo ein Auftrag erwartet wurde).</translation>
    </message>
    <message>
        <location filename="../providers/cdse_odp.py" line="437"/>
        <source>CDSE refused the order: {what} is used up ({text}). {advice}</source>
        <translation>CDSE hat den Auftrag abgelehnt: {what} ist aufgebraucht ({text}). {advice}</translation>
    </message>
    <message>
        <location filename="../providers/cdse_odp.py" line="458"/>
        <source>The area of interest must be a polygon, not {gtype}.</source>
        <translation>Das Interessengebiet muss ein Polygon sein, nicht {gtype}.</translation>
    </message>
    <message>
        <location filename="../providers/creodias_finder.py" line="222"/>
        <source>The area of interest is empty.</source>
        <translation>Das Interessengebiet ist leer.</translation>
    </message>
    <message>
        <location filename="../providers/cdse_odp.py" line="547"/>
        <source>Catalogue page size</source>
        <translation>Seitengröße des Katalogs</translation>
    </message>
    <message>
        <location filename="../providers/cdse_odp.py" line="548"/>
        <source>Products fetched per catalogue request ($top).</source>
        <translation>Je Katalogabfrage geholte Produkte ($top).</translation>
    </message>
    <message>
        <location filename="../providers/creodias_finder.py" line="338"/>
        <source>Ask for the one-time code (TOTP) when logging in; it is never saved.</source>
        <translation>Bei der Anmeldung nach dem Einmalcode (TOTP) fragen; er wird nie gespeichert.</translation>
    </message>
    <message>
        <location filename="../providers/cdse_odp.py" line="612"/>
        <source>A batch order needs at least one input product.</source>
        <translation>Ein Sammelauftrag braucht mindestens ein Eingangsprodukt.</translation>
    </message>
    <message>
        <location filename="../providers/cdse_odp.py" line="623"/>
        <source>Choose an input product or a time range for the order.</source>
        <translation>Wählen Sie ein Eingangsprodukt oder einen Zeitraum für den Auftrag.</translation>
    </message>
    <message>
        <location filename="../providers/creodias_finder.py" line="113"/>
        <source>Processing priority sent with the order.</source>
        <translation>Mit dem Auftrag gesendete Prozessierungspriorität.</translation>
    </message>
    <message>
        <location filename="../providers/creodias_finder.py" line="114"/>
        <source>Callback URL</source>
        <translation>Rückruf-URL</translation>
    </message>
    <message>
        <location filename="../providers/creodias_finder.py" line="115"/>
        <source>Optional URL Finder calls when the order changes.</source>
        <translation>Optionale URL, die Finder aufruft, wenn sich der Auftrag ändert.</translation>
    </message>
    <message>
        <location filename="../providers/creodias_finder.py" line="135"/>
        <source>The CREODIAS Finder order service has been retired (HTTP {status}): CREODIAS moved ordering to its OData/STAC services. Order through an On-Demand Processing (OData) connection instead, or check this connection&apos;s API URL if it was mistyped.</source>
        <translation>Der Auftragsdienst von CREODIAS Finder wurde eingestellt (HTTP {status}): CREODIAS hat das Bestellen in seine OData/STAC-Dienste verlegt. Bestellen Sie stattdessen über eine On-Demand-Processing-Verbindung (OData) oder prüfen Sie die API-URL dieser Verbindung, falls sie falsch eingegeben wurde.</translation>
    </message>
    <message>
        <location filename="../providers/creodias_finder.py" line="214"/>
        <source>The area of interest must be a polygon.</source>
        <translation>Das Interessengebiet muss ein Polygon sein.</translation>
    </message>
    <message>
        <location filename="../providers/creodias_finder.py" line="296"/>
        <source>CREODIAS Finder sent an order summary in an unknown shape.</source>
        <translation>CREODIAS Finder hat eine Auftragsübersicht in unbekannter Form gesendet.</translation>
    </message>
    <message>
        <location filename="../providers/creodias_finder.py" line="373"/>
        <source>CREODIAS Finder sent a listing in an unknown shape.</source>
        <translation>CREODIAS Finder hat eine Liste in unbekannter Form gesendet.</translation>
    </message>
    <message>
        <location filename="../providers/creodias_finder.py" line="429"/>
        <source>The catalogue sent a reply in an unknown shape.</source>
        <translation>Der Katalog hat eine Antwort in unbekannter Form gesendet.</translation>
    </message>
    <message>
        <location filename="../providers/creodias_finder.py" line="443"/>
        <source>Choose at least one product to order.</source>
        <translation>Wählen Sie mindestens ein Produkt zum Bestellen.</translation>
    </message>
    <message>
        <location filename="../providers/creodias_finder.py" line="443"/>
        <source>No products.</source>
        <translation>Keine Produkte.</translation>
    </message>
    <message>
        <location filename="../providers/creodias_finder.py" line="453"/>
        <source>CREODIAS Finder accepted the order but sent no order id.</source>
        <translation>CREODIAS Finder hat den Auftrag angenommen, aber keine Auftragskennung gesendet.</translation>
    </message>
    <message>
        <location filename="../providers/creodias_finder.py" line="479"/>
        <source>CREODIAS Finder sent an order in an unknown shape.</source>
        <translation>CREODIAS Finder hat einen Auftrag in unbekannter Form gesendet.</translation>
    </message>
    <message>
        <location filename="../providers/creodias_finder.py" line="545"/>
        <source>The download was redirected too many times.</source>
        <translation>Der Download wurde zu oft umgeleitet.</translation>
    </message>
    <message>
        <location filename="../providers/download.py" line="319"/>
        <source>Not enough free disk space in {folder}: {size} needed, {size2} free. Free some space or choose another download folder.</source>
        <translation>Nicht genug freier Speicherplatz in {folder}: {size} nötig, {size2} frei. Geben Sie Speicherplatz frei oder wählen Sie einen anderen Download-Ordner.</translation>
    </message>
    <message>
        <location filename="../providers/download.py" line="330"/>
        <source>The disk holding {folder} is full ({strerror}); the unfinished file was removed. Free some space or choose another download folder.</source>
        <translation>Der Datenträger mit {folder} ist voll ({strerror}); die unvollständige Datei wurde entfernt. Geben Sie Speicherplatz frei oder wählen Sie einen anderen Download-Ordner.</translation>
    </message>
    <message>
        <location filename="../providers/download.py" line="421"/>
        <source>Download of {name} refused: the service describes it as an empty file.</source>
        <translation>Download von {name} abgelehnt: Der Dienst beschreibt sie als leere Datei.</translation>
    </message>
    <message>
        <location filename="../providers/download.py" line="531"/>
        <source>Download of {name} cancelled.</source>
        <translation>Download von {name} abgebrochen.</translation>
    </message>
    <message>
        <location filename="../providers/download.py" line="617"/>
        <source>{name} was not extracted: it would expand to {size} from {size2}, beyond what a real product does (a zip bomb?).</source>
        <translation>{name} wurde nicht entpackt: Es würde von {size2} auf {size} anwachsen, mehr als ein echtes Produkt (eine ZIP-Bombe?).</translation>
    </message>
    <message>
        <location filename="../providers/download.py" line="637"/>
        <source>{name} was not extracted: member &apos;{shown}&apos; would be written outside the download folder.</source>
        <translation>{name} wurde nicht entpackt: Der Eintrag „{shown}“ würde außerhalb des Download-Ordners geschrieben.</translation>
    </message>
    <message>
        <location filename="../providers/download.py" line="641"/>
        <source>{name} was not extracted: members &apos;{seen}&apos; and &apos;{shown}&apos; would both be written to {join}.</source>
        <translation>{name} wurde nicht entpackt: Die Einträge „{seen}“ und „{shown}“ würden beide nach {join} geschrieben.</translation>
    </message>
    <message>
        <location filename="../providers/download.py" line="651"/>
        <source>{name} was not extracted: &apos;{name2}&apos; is both a file and a folder.</source>
        <translation>{name} wurde nicht entpackt: „{name2}“ ist zugleich Datei und Ordner.</translation>
    </message>
    <message>
        <location filename="../providers/download.py" line="671"/>
        <source>{name} was not extracted: a member is larger than it says.</source>
        <translation>{name} wurde nicht entpackt: Ein Eintrag ist größer als angegeben.</translation>
    </message>
    <message>
        <location filename="../providers/download.py" line="679"/>
        <source>{name} is damaged ({reason}); its extracted files were removed. Download it again.</source>
        <translation>{name} ist beschädigt ({reason}); die entpackten Dateien wurden entfernt. Laden Sie es erneut herunter.</translation>
    </message>
    <message>
        <location filename="../providers/download.py" line="685"/>
        <source>{name} could not be extracted: {strerror}.</source>
        <translation>{name} konnte nicht entpackt werden: {strerror}.</translation>
    </message>
    <message>
        <location filename="../providers/download.py" line="718"/>
        <source>{name} is not a readable zip archive ({reason}).</source>
        <translation>{name} ist kein lesbares ZIP-Archiv ({reason}).</translation>
    </message>
    <message>
        <location filename="../providers/download.py" line="724"/>
        <source>{name} was not extracted: it contains a symbolic link ({filename}).</source>
        <translation>{name} wurde nicht entpackt: Es enthält einen symbolischen Link ({filename}).</translation>
    </message>
    <message>
        <location filename="../providers/download.py" line="738"/>
        <source>{name} is not a readable tar archive ({reason}).</source>
        <translation>{name} ist kein lesbares TAR-Archiv ({reason}).</translation>
    </message>
    <message>
        <location filename="../providers/download.py" line="744"/>
        <source>{name} is damaged ({reason}).</source>
        <translation>{name} ist beschädigt ({reason}).</translation>
    </message>
    <message>
        <location filename="../providers/download.py" line="748"/>
        <source>{name} was not extracted: it contains a link or device ({name2}).</source>
        <translation>{name} wurde nicht entpackt: Es enthält einen Link oder ein Gerät ({name2}).</translation>
    </message>
    <message>
        <location filename="../providers/download.py" line="825"/>
        <source>{name} is {kind}-compressed but not named so; it was kept as it is.</source>
        <translation>{name} ist {kind}-komprimiert, aber nicht so benannt; es wurde unverändert behalten.</translation>
    </message>
    <message>
        <location filename="../providers/http.py" line="246"/>
        <source>The login service answered without an access token.</source>
        <translation>Der Anmeldedienst hat ohne Zugriffstoken geantwortet.</translation>
    </message>
    <message>
        <location filename="../providers/http.py" line="259"/>
        <source>Login refused: {desc}. Check the user name and password of the connection.</source>
        <translation>Anmeldung abgelehnt: {desc}. Prüfen Sie Benutzername und Passwort der Verbindung.</translation>
    </message>
    <message>
        <location filename="../providers/http.py" line="281"/>
        <source>The service sent data nested too deeply to read ({url}).</source>
        <translation>Der Dienst hat zu tief verschachtelte Daten gesendet ({url}).</translation>
    </message>
    <message>
        <location filename="../providers/http.py" line="287"/>
        <source>The service sent {what} where data was expected (HTTP {status_code}, {url}). Try again later.</source>
        <translation>Der Dienst hat {what} gesendet, wo Daten erwartet wurden (HTTP {status_code}, {url}). Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <location filename="../providers/http.py" line="319"/>
        <source>Not authorised: {reason}. Check the connection&apos;s credentials.</source>
        <translation>Nicht berechtigt: {reason}. Prüfen Sie die Zugangsdaten der Verbindung.</translation>
    </message>
    <message>
        <location filename="../providers/http.py" line="322"/>
        <source>Access denied: {reason}.</source>
        <translation>Zugriff verweigert: {reason}.</translation>
    </message>
    <message>
        <location filename="../providers/http.py" line="324"/>
        <source>Not found: {reason}.</source>
        <translation>Nicht gefunden: {reason}.</translation>
    </message>
    <message>
        <location filename="../providers/http.py" line="326"/>
        <source>Too many requests: {reason}. Try again in a moment.</source>
        <translation>Zu viele Anfragen: {reason}. Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <location filename="../providers/http.py" line="330"/>
        <source>The service failed (HTTP {status}): {reason}. Try again later.</source>
        <translation>Der Dienst ist fehlgeschlagen (HTTP {status}): {reason}. Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <location filename="../providers/http.py" line="333"/>
        <source>Request refused (HTTP {status}): {reason}</source>
        <translation>Anfrage abgelehnt (HTTP {status}): {reason}</translation>
    </message>
    <message>
        <location filename="../providers/http.py" line="379"/>
        <source>The service sent a reply in an encoding this plugin does not read ({encoding}).</source>
        <translation>Der Dienst hat eine Antwort in einer Kodierung gesendet, die dieses Plugin nicht liest ({encoding}).</translation>
    </message>
    <message>
        <location filename="../providers/http.py" line="389"/>
        <source>The service sent a compressed reply that could not be decoded.</source>
        <translation>Der Dienst hat eine komprimierte Antwort gesendet, die nicht dekodiert werden konnte.</translation>
    </message>
    <message>
        <location filename="../providers/http.py" line="410"/>
        <source>The service at {url} took too long to send its reply; stopped. Try again later.</source>
        <translation>Der Dienst unter {url} hat zu lange für seine Antwort gebraucht; abgebrochen. Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <location filename="../providers/http.py" line="431"/>
        <source>The service sent a reply larger than {cap} MB ({url}); it was not read. Narrow the request (a smaller area or period) or raise the limit (advanced setting eo_orders/max_reply_mb).</source>
        <translation>Der Dienst hat eine Antwort größer als {cap} MB gesendet ({url}); sie wurde nicht gelesen. Grenzen Sie die Anfrage ein (kleineres Gebiet oder kürzerer Zeitraum) oder erhöhen Sie die Grenze (erweiterte Einstellung eo_orders/max_reply_mb).</translation>
    </message>
    <message>
        <location filename="../providers/http.py" line="491"/>
        <source>{what} needed more than {limit} requests to the service; stopped. The service keeps sending more pages or redirects than any real listing has.</source>
        <translation>{what} brauchte mehr als {limit} Anfragen an den Dienst; abgebrochen. Der Dienst sendet mehr Seiten oder Umleitungen, als eine echte Liste hat.</translation>
    </message>
    <message>
        <location filename="../providers/http.py" line="647"/>
        <source>The service at {url} did not answer in time; stopped.</source>
        <translation>Der Dienst unter {url} hat nicht rechtzeitig geantwortet; abgebrochen.</translation>
    </message>
    <message>
        <location filename="../providers/http.py" line="674"/>
        <source>The service at {url} redirected to an address that is not HTTP(S); not followed.</source>
        <translation>Der Dienst unter {url} hat auf eine Adresse umgeleitet, die nicht HTTP(S) ist; nicht gefolgt.</translation>
    </message>
    <message>
        <location filename="../providers/http.py" line="685"/>
        <source>The service at {url} redirected a {method} request to another server ({target}); not followed, so that nothing sent to it (a login, an order) reaches a third party.</source>
        <translation>Der Dienst unter {url} hat eine {method}-Anfrage auf einen anderen Server umgeleitet ({target}); nicht gefolgt, damit nichts davon (eine Anmeldung, ein Auftrag) einen Dritten erreicht.</translation>
    </message>
    <message>
        <location filename="../providers/http.py" line="691"/>
        <source>The service at {url} redirected to another server ({target}); not followed, so that the connection&apos;s credentials stay with the service.</source>
        <translation>Der Dienst unter {url} hat auf einen anderen Server umgeleitet ({target}); nicht gefolgt, damit die Zugangsdaten der Verbindung beim Dienst bleiben.</translation>
    </message>
    <message>
        <location filename="../providers/http.py" line="700"/>
        <source>The service at {url} redirected more than {max_redirects} times; stopped.</source>
        <translation>Der Dienst unter {url} hat mehr als {max_redirects}-mal umgeleitet; abgebrochen.</translation>
    </message>
    <message>
        <location filename="../providers/http.py" line="753"/>
        <source>The certificate of {origin} is not trusted ({reason}). If your network inspects TLS, add its certificate authority to the system or set a CA bundle; nothing was sent.</source>
        <translation>Dem Zertifikat von {origin} wird nicht vertraut ({reason}). Wenn Ihr Netzwerk TLS prüft, fügen Sie dessen Zertifizierungsstelle dem System hinzu oder legen Sie ein CA-Bundle fest; es wurde nichts gesendet.</translation>
    </message>
    <message>
        <location filename="../providers/http.py" line="759"/>
        <source>Cannot reach {host}: no answer in time. Check the connection&apos;s URL, the network and the proxy settings.</source>
        <translation>{host} ist nicht erreichbar: keine rechtzeitige Antwort. Prüfen Sie die URL der Verbindung, das Netzwerk und die Proxy-Einstellungen.</translation>
    </message>
    <message>
        <location filename="../providers/http.py" line="767"/>
        <source>The connection to {url} broke after the request was sent; it may or may not have been carried out.</source>
        <translation>Die Verbindung zu {url} ist nach dem Senden der Anfrage abgebrochen; sie wurde möglicherweise ausgeführt, möglicherweise nicht.</translation>
    </message>
    <message>
        <location filename="../providers/http.py" line="771"/>
        <source>The connection to {url} failed: {reason}. Check the network and try again.</source>
        <translation>Die Verbindung zu {url} ist fehlgeschlagen: {reason}. Prüfen Sie das Netzwerk und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location filename="../providers/http.py" line="776"/>
        <source>Cannot reach {host}: {reason}. Check the connection&apos;s URL, the network and the proxy settings.</source>
        <translation>{host} ist nicht erreichbar: {reason}. Prüfen Sie die URL der Verbindung, das Netzwerk und die Proxy-Einstellungen.</translation>
    </message>
    <message>
        <location filename="../providers/http.py" line="781"/>
        <source>Request to {url} failed: {reason}</source>
        <translation>Anfrage an {url} fehlgeschlagen: {reason}</translation>
    </message>
    <message>
        <location filename="../providers/proseo_odip.py" line="259"/>
        <source>The prosEO service sent a list reply in an unknown shape.</source>
        <translation>Der prosEO-Dienst hat eine Liste in unbekannter Form gesendet.</translation>
    </message>
    <message>
        <location filename="../providers/proseo_odip.py" line="341"/>
        <source>Mission</source>
        <translation>Mission</translation>
    </message>
    <message>
        <location filename="../providers/proseo_odip.py" line="342"/>
        <source>Mission code of the prosEO instance; the user logs in as MISSION\user.</source>
        <translation>Missionskürzel der prosEO-Instanz; der Benutzer meldet sich als MISSION\user an.</translation>
    </message>
    <message>
        <location filename="../providers/proseo_odip.py" line="346"/>
        <source>basic: HTTP Basic on every call; token: a bearer token from the token endpoint.</source>
        <translation>basic: HTTP Basic bei jedem Aufruf; token: ein Bearer-Token vom Token-Endpunkt.</translation>
    </message>
    <message>
        <location filename="../providers/proseo_odip.py" line="359"/>
        <source>Unknown auth mode {auth_mode}: use &apos;basic&apos; or &apos;token&apos;.</source>
        <translation>Unbekannte Authentifizierungsart {auth_mode}: Verwenden Sie „basic“ oder „token“.</translation>
    </message>
    <message>
        <location filename="../providers/proseo_odip.py" line="393"/>
        <source>The prosEO token endpoint answered without an access token.</source>
        <translation>Der Token-Endpunkt von prosEO hat ohne Zugriffstoken geantwortet.</translation>
    </message>
    <message>
        <location filename="../providers/proseo_odip.py" line="426"/>
        <source>The workflow {workflow} does not exist (any more) for mission {mission}.</source>
        <translation>Den Workflow {workflow} gibt es für die Mission {mission} (nicht mehr).</translation>
    </message>
    <message>
        <location filename="../providers/proseo_odip.py" line="464"/>
        <source>The order is not valid — {summary}</source>
        <translation>Der Auftrag ist ungültig — {summary}</translation>
    </message>
    <message>
        <location filename="../providers/proseo_odip.py" line="473"/>
        <source>Give an input product or a sensing time range.</source>
        <translation>Geben Sie ein Eingangsprodukt oder einen Aufnahmezeitraum an.</translation>
    </message>
    <message>
        <location filename="../providers/proseo_odip.py" line="500"/>
        <source>The prosEO service accepted the order but sent no order id; look for it in the order list before submitting again.</source>
        <translation>Der prosEO-Dienst hat den Auftrag angenommen, aber keine Auftragskennung gesendet; suchen Sie ihn in der Auftragsliste, bevor Sie erneut absenden.</translation>
    </message>
    <message>
        <location filename="../providers/proseo_odip.py" line="546"/>
        <source>The prosEO service sent an order in an unknown shape.</source>
        <translation>Der prosEO-Dienst hat einen Auftrag in unbekannter Form gesendet.</translation>
    </message>
    <message>
        <location filename="../providers/proseo_odip.py" line="561"/>
        <source>{count} order(s) no longer exist on the prosEO service.</source>
        <translation>{count} Auftrag/Aufträge existieren beim prosEO-Dienst nicht mehr.</translation>
    </message>
    <message>
        <location filename="../providers/proseo_odip.py" line="570"/>
        <source>{order_id} is not a prosEO production order id.</source>
        <translation>{order_id} ist keine Kennung eines prosEO-Produktionsauftrags.</translation>
    </message>
    <message>
        <location filename="../providers/proseo_odip.py" line="614"/>
        <source>prosEO ODIP does not allow cancelling production orders (the interface refuses every update and deletion).</source>
        <translation>prosEO ODIP erlaubt kein Stornieren von Produktionsaufträgen (die Schnittstelle lehnt jede Änderung und Löschung ab).</translation>
    </message>
    <message>
        <location filename="../providers/proseo_odip.py" line="646"/>
        <source>The prosEO service redirected the download without a target.</source>
        <translation>Der prosEO-Dienst hat den Download ohne Ziel umgeleitet.</translation>
    </message>
    <message>
        <location filename="../providers/proseo_odip.py" line="649"/>
        <source>The download was redirected to {netloc}, which is not this connection&apos;s server: set the PRIP URL of the connection to trust it.</source>
        <translation>Der Download wurde nach {netloc} umgeleitet, das nicht der Server dieser Verbindung ist: Tragen Sie ihn als PRIP-URL der Verbindung ein, um ihm zu vertrauen.</translation>
    </message>
    <message>
        <location filename="../providers/proseo_odip.py" line="653"/>
        <source>The prosEO download was redirected too many times.</source>
        <translation>Der prosEO-Download wurde zu oft umgeleitet.</translation>
    </message>
    <message>
        <location filename="../providers/proseo_odip.py" line="662"/>
        <source>The PRIP described the product in an unknown shape.</source>
        <translation>Der PRIP hat das Produkt in unbekannter Form beschrieben.</translation>
    </message>
    <message>
        <location filename="../providers/schema.py" line="339"/>
        <source>The service&apos;s description of these options is malformed ({kind}); they are sent unchecked.</source>
        <translation>Die Beschreibung dieser Optionen durch den Dienst ist fehlerhaft ({kind}); sie werden ungeprüft gesendet.</translation>
    </message>
    <message>
        <location filename="../providers/up42.py" line="415"/>
        <source>Some options are not valid — {summary}</source>
        <translation>Einige Optionen sind ungültig — {summary}</translation>
    </message>
    <message>
        <location filename="../providers/up42.py" line="271"/>
        <source>UP42 sent a listing that is not a page.</source>
        <translation>UP42 hat eine Liste gesendet, die keine Seite ist.</translation>
    </message>
    <message>
        <location filename="../providers/up42.py" line="323"/>
        <source>UP42 userinfo has no workspace id (sub); log in again.</source>
        <translation>Die Benutzerinfo von UP42 enthält keine Workspace-Kennung (sub); melden Sie sich erneut an.</translation>
    </message>
    <message>
        <location filename="../providers/up42.py" line="374"/>
        <source>UP42 sent no order schema for {label}.</source>
        <translation>UP42 hat kein Auftragsschema für {label} gesendet.</translation>
    </message>
    <message>
        <location filename="../providers/up42.py" line="381"/>
        <source>The order form of {label} could not be loaded: {schema_error}</source>
        <translation>Das Auftragsformular von {label} konnte nicht geladen werden: {schema_error}</translation>
    </message>
    <message>
        <location filename="../providers/up42.py" line="384"/>
        <source>UP42 orders need an area of interest: draw or select one first.</source>
        <translation>Aufträge bei UP42 brauchen ein Interessengebiet: Zeichnen oder wählen Sie zuerst eines.</translation>
    </message>
    <message>
        <location filename="../providers/up42.py" line="384"/>
        <source>An AOI is required.</source>
        <translation>Ein Interessengebiet ist erforderlich.</translation>
    </message>
    <message>
        <location filename="../providers/up42.py" line="389"/>
        <source>{label} accepts exactly one polygon, the AOI has {count}. Merge the parts or order them one by one.</source>
        <translation>{label} nimmt genau ein Polygon an, das Interessengebiet hat {count}. Vereinigen Sie die Teile oder bestellen Sie sie einzeln.</translation>
    </message>
    <message>
        <location filename="../providers/up42.py" line="389"/>
        <source>The AOI must be one polygon.</source>
        <translation>Das Interessengebiet muss ein einziges Polygon sein.</translation>
    </message>
    <message>
        <location filename="../providers/up42.py" line="395"/>
        <source>The AOI polygon has {vertices} vertices; {label} accepts at most {MAX_VERTICES}. Simplify the AOI (e.g. Vector ▸ Geometry Tools ▸ Simplify) and try again.</source>
        <translation>Das Polygon des Interessengebiets hat {vertices} Stützpunkte; {label} nimmt höchstens {MAX_VERTICES} an. Vereinfachen Sie das Interessengebiet (z. B. Vektor ▸ Geometrie-Werkzeuge ▸ Vereinfachen) und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location filename="../providers/up42.py" line="395"/>
        <source>{vertices} vertices &gt; {MAX_VERTICES}: simplify the AOI.</source>
        <translation>{vertices} Stützpunkte &gt; {MAX_VERTICES}: Vereinfachen Sie das Interessengebiet.</translation>
    </message>
    <message>
        <location filename="../providers/up42.py" line="403"/>
        <source>The order name must have 1 to 200 characters.</source>
        <translation>Der Auftragsname muss 1 bis 200 Zeichen haben.</translation>
    </message>
    <message>
        <location filename="../providers/up42.py" line="403"/>
        <source>Order name: 1 to 200 characters.</source>
        <translation>Auftragsname: 1 bis 200 Zeichen.</translation>
    </message>
    <message>
        <location filename="../providers/up42.py" line="467"/>
        <source>UP42 sent an order list that is not a page.</source>
        <translation>UP42 hat eine Auftragsliste gesendet, die keine Seite ist.</translation>
    </message>
    <message>
        <location filename="../providers/up42.py" line="496"/>
        <source>UP42 cancels orders only while they are CREATED or PLACEMENT_FAILED; this one is {status}. Reject its quotation instead.</source>
        <translation>UP42 storniert Aufträge nur, solange sie CREATED oder PLACEMENT_FAILED sind; dieser ist {status}. Lehnen Sie stattdessen sein Angebot ab.</translation>
    </message>
    <message>
        <location filename="../providers/up42.py" line="496"/>
        <source>UP42 cancels orders only while they are CREATED or PLACEMENT_FAILED; this one is {status}.</source>
        <translation>UP42 storniert Aufträge nur, solange sie CREATED oder PLACEMENT_FAILED sind; dieser ist {status}.</translation>
    </message>
    <message>
        <location filename="../providers/up42.py" line="505"/>
        <source>UP42 answered the cancellation of {order_id} with another order ({cancelled_id}).</source>
        <translation>UP42 hat die Stornierung von {order_id} mit einem anderen Auftrag beantwortet ({cancelled_id}).</translation>
    </message>
    <message>
        <location filename="../providers/up42.py" line="542"/>
        <source>Accept quotation ({price} credits)</source>
        <translation>Angebot annehmen ({price} Credits)</translation>
    </message>
    <message>
        <location filename="../providers/up42.py" line="542"/>
        <source>Accept the quotation for &apos;{name}&apos;? {price} credits will be charged to the workspace and the satellite will be tasked.</source>
        <translation>Das Angebot für „{name}“ annehmen? {price} Credits werden dem Workspace berechnet und der Satellit wird beauftragt.</translation>
    </message>
    <message>
        <location filename="../providers/up42.py" line="547"/>
        <source>Reject quotation</source>
        <translation>Angebot ablehnen</translation>
    </message>
    <message>
        <location filename="../providers/up42.py" line="547"/>
        <source>Reject the quotation for &apos;{name}&apos;? The order will not be fulfilled.</source>
        <translation>Das Angebot für „{name}“ ablehnen? Der Auftrag wird nicht ausgeführt.</translation>
    </message>
    <message>
        <location filename="../providers/up42.py" line="557"/>
        <source>Choose: {value}</source>
        <translation>Wählen: {value}</translation>
    </message>
    <message>
        <location filename="../providers/up42.py" line="650"/>
        <source>UP42 sent an order without an id.</source>
        <translation>UP42 hat einen Auftrag ohne Kennung gesendet.</translation>
    </message>
    <message>
        <location filename="../providers/up42.py" line="672"/>
        <source>UP42 sent an estimate that is not an object.</source>
        <translation>UP42 hat eine Schätzung gesendet, die kein Objekt ist.</translation>
    </message>
    <message>
        <location filename="../providers/up42.py" line="680"/>
        <source>Order {number}</source>
        <translation>Auftrag {number}</translation>
    </message>
    <message>
        <location filename="../providers/up42.py" line="684"/>
        <source>Tasking: the final price comes as a quotation to accept before anything is charged.</source>
        <translation>Tasking: Der endgültige Preis kommt als Angebot, das angenommen werden muss, bevor etwas berechnet wird.</translation>
    </message>
    <message>
        <location filename="../providers/up42.py" line="707"/>
        <source>UP42 answered the order with something that is not an object; check the order list before ordering again.</source>
        <translation>UP42 hat auf den Auftrag mit etwas geantwortet, das kein Objekt ist; prüfen Sie die Auftragsliste, bevor Sie erneut bestellen.</translation>
    </message>
    <message>
        <location filename="../providers/up42.py" line="713"/>
        <source>UP42 refused the order: {text}</source>
        <translation>UP42 hat den Auftrag abgelehnt: {text}</translation>
    </message>
    <message>
        <location filename="../providers/up42.py" line="715"/>
        <source>UP42 answered without an order id; check the order list before ordering again.</source>
        <translation>UP42 hat ohne Auftragskennung geantwortet; prüfen Sie die Auftragsliste, bevor Sie erneut bestellen.</translation>
    </message>
    <message>
        <location filename="../providers/http.py" line="662"/>
        <source>The service at {url} took too long to answer; stopped. Try again later.</source>
        <translation>Der Dienst unter {url} hat zu lange für eine Antwort gebraucht; abgebrochen. Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <location filename="../core/processing/base.py" line="238"/>
        <source>A connection saved in the EO Orders panel (its name, or its id from qgis_process). Its secret comes from the system keyring or the QGIS authentication database.</source>
        <translation>Eine im EO-Orders-Bedienfeld gespeicherte Verbindung (ihr Name, oder ihre Kennung aus qgis_process). Ihr Geheimnis kommt aus dem Schlüsselbund des Systems oder der QGIS-Authentifizierungsdatenbank.</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="46"/>
        <source>Follows orders until each one completed, failed or was cancelled, then downloads the results of the completed ones (resumed where a download was cut short, checked against their size and checksum, zips unpacked safely) and returns the rasters. Run from the QGIS window, the rasters are added to the project as the EO Orders panel loads them: named from the order and the product, with layer metadata, acquisition time for the temporal controller and a style for the product type, in a group named after the order; a result already loaded is not added again. Untick &lt;i&gt;Load results into the project&lt;/i&gt; to get the paths only.

&lt;b&gt;Orders&lt;/b&gt;: the output of &lt;i&gt;Submit orders&lt;/i&gt; or &lt;i&gt;Orders&lt;/i&gt; (fields &lt;i&gt;order_id&lt;/i&gt; and &lt;i&gt;connection_id&lt;/i&gt;; refused rows are skipped), or order ids separated by commas with a &lt;i&gt;Connection&lt;/i&gt;. Cancelling the algorithm stops following and downloading; the orders go on at the provider and the EO Orders panel keeps following them.

An order that waits for your decision (a tasking quotation to accept, a feasibility option to choose) is reported and not waited for: decide in the EO Orders panel. &lt;b&gt;Timeout&lt;/b&gt; (minutes, 0: none): orders still running then are reported as such. Files go to &lt;b&gt;Download folder&lt;/b&gt; (default: the EO Orders download folder), one sub-folder per order.</source>
        <translation>Verfolgt Aufträge, bis jeder abgeschlossen, fehlgeschlagen oder storniert ist, lädt dann die Ergebnisse der abgeschlossenen herunter (abgebrochene Downloads werden fortgesetzt, Größe und Prüfsumme geprüft, ZIP-Archive sicher entpackt) und gibt die Raster zurück. Im QGIS-Fenster ausgeführt, werden die Raster dem Projekt so hinzugefügt, wie das EO-Orders-Bedienfeld sie lädt: benannt nach Auftrag und Produkt, mit Layer-Metadaten, Aufnahmezeit für die Zeitsteuerung und einem Stil für den Produkttyp, in einer nach dem Auftrag benannten Gruppe; ein bereits geladenes Ergebnis wird nicht erneut hinzugefügt. Entfernen Sie den Haken bei &lt;i&gt;Ergebnisse in das Projekt laden&lt;/i&gt;, um nur die Pfade zu erhalten.

&lt;b&gt;Aufträge&lt;/b&gt;: die Ausgabe von &lt;i&gt;Aufträge erteilen&lt;/i&gt; oder &lt;i&gt;Aufträge&lt;/i&gt; (Felder &lt;i&gt;order_id&lt;/i&gt; und &lt;i&gt;connection_id&lt;/i&gt;; abgelehnte Zeilen werden übersprungen) oder durch Kommas getrennte Auftragskennungen mit einer &lt;i&gt;Verbindung&lt;/i&gt;. Ein Abbruch des Algorithmus beendet das Verfolgen und Herunterladen; die Aufträge laufen beim Anbieter weiter und das EO-Orders-Bedienfeld verfolgt sie weiter.

Ein Auftrag, der auf Ihre Entscheidung wartet (ein anzunehmendes Tasking-Angebot, eine zu wählende Machbarkeitsoption), wird gemeldet und nicht abgewartet: Entscheiden Sie im EO-Orders-Bedienfeld. &lt;b&gt;Zeitlimit&lt;/b&gt; (Minuten, 0: keines): Aufträge, die dann noch laufen, werden als solche gemeldet. Dateien kommen in den &lt;b&gt;Download-Ordner&lt;/b&gt; (Vorgabe: der Download-Ordner von EO Orders), ein Unterordner je Auftrag.</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="76"/>
        <source>Load results into the project</source>
        <translation>Ergebnisse in das Projekt laden</translation>
    </message>
    <message>
        <location filename="../core/processing/wait_for_results.py" line="188"/>
        <source>Loading the results into the project as the EO Orders panel does ({count} rasters).</source>
        <translation>Die Ergebnisse werden wie im EO-Orders-Bedienfeld in das Projekt geladen ({count} Raster).</translation>
    </message>
    <message>
        <location filename="../core/tracked.py" line="50"/>
        <source>Output expired on {date} UTC</source>
        <translation>Ergebnisse abgelaufen am {date} UTC</translation>
    </message>
    <message>
        <location filename="../core/tracked.py" line="56"/>
        <source>The results of order “{name}” cannot be downloaded: its output expired on {date} UTC and the provider has deleted it. Place the order again to get new results.</source>
        <translation>Die Ergebnisse des Auftrags „{name}“ können nicht heruntergeladen werden: Sie sind am {date} UTC abgelaufen und wurden vom Anbieter gelöscht. Geben Sie den Auftrag erneut auf, um neue Ergebnisse zu erhalten.</translation>
    </message>
    <message>
        <location filename="../ui/models.py" line="397"/>
        <source>Output expired</source>
        <translation>Ergebnisse abgelaufen</translation>
    </message>
    <message>
        <location filename="../providers/capella.py" line="508"/>
        <source>Orders are charged per product (Capella Console); you confirm each cost review first.</source>
        <translation>Bestellungen werden pro Produkt berechnet (Capella Console); Sie bestätigen jede Kostenprüfung vorher.</translation>
    </message>
    <message>
        <location filename="../providers/cdse_odp.py" line="537"/>
        <source>Free of charge within your Copernicus Data Space quotas (dataspace.copernicus.eu).</source>
        <translation>Kostenlos im Rahmen Ihrer Copernicus-Data-Space-Kontingente (dataspace.copernicus.eu).</translation>
    </message>
    <message>
        <location filename="../providers/creodias_finder.py" line="329"/>
        <source>Orders are billed to your CREODIAS account (creodias.eu).</source>
        <translation>Bestellungen werden Ihrem CREODIAS-Konto berechnet (creodias.eu).</translation>
    </message>
    <message>
        <location filename="../providers/proseo_odip.py" line="332"/>
        <source>Self-hosted: costs and quotas are set by your prosEO operator.</source>
        <translation>Selbst betrieben: Kosten und Kontingente legt Ihr prosEO-Betreiber fest.</translation>
    </message>
    <message>
        <location filename="../providers/up42.py" line="287"/>
        <source>Orders cost UP42 credits (up42.com); you confirm each estimate first.</source>
        <translation>Bestellungen kosten UP42-Credits (up42.com); Sie bestätigen jede Schätzung vorher.</translation>
    </message>
    <message>
        <location filename="../ui/connection_dialog.py" line="52"/>
        <source>Paid provider — {costs}</source>
        <translation>Kostenpflichtiger Anbieter — {costs}</translation>
    </message>
    <message>
        <location filename="../ui/message_strip.py" line="116"/>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <location filename="../ui/message_strip.py" line="158"/>
        <source>Earlier messages that are still open</source>
        <translation>Frühere Meldungen, die noch offen sind</translation>
    </message>
    <message>
        <location filename="../ui/message_strip.py" line="164"/>
        <source>Close this message</source>
        <translation>Diese Meldung schließen</translation>
    </message>
    <message>
        <location filename="../ui/message_strip.py" line="298"/>
        <source>Click the message to see all of it and copy it.</source>
        <translation>Klicken Sie auf die Meldung, um sie vollständig zu sehen und zu kopieren.</translation>
    </message>
    <message>
        <location filename="../ui/message_strip.py" line="304"/>
        <source>{count} more</source>
        <translation>{count} weitere</translation>
    </message>
    <message>
        <location filename="../ui/message_strip.py" line="322"/>
        <source>Close all messages</source>
        <translation>Alle Meldungen schließen</translation>
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
        <location filename="../ui/connection_dialog.ui" line="24"/>
        <source>Endpoints</source>
        <translation>Endpunkte</translation>
    </message>
    <message>
        <location filename="../ui/connection_dialog.ui" line="30"/>
        <source>Options (JSON)</source>
        <translation>Optionen (JSON)</translation>
    </message>
</context>
<context>
    <name>ConnectionPanelBase</name>
    <message>
        <location filename="../ui/panels/connection_panel.ui" line="13"/>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <location filename="../ui/panels/connection_panel.ui" line="15"/>
        <source>+</source>
        <translation>+</translation>
    </message>
    <message>
        <location filename="../ui/panels/connection_panel.ui" line="15"/>
        <source>Add a connection</source>
        <translation>Verbindung hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/panels/connection_panel.ui" line="16"/>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <location filename="../ui/panels/connection_panel.ui" line="16"/>
        <source>Edit the selected connection</source>
        <translation>Ausgewählte Verbindung bearbeiten</translation>
    </message>
    <message>
        <location filename="../ui/panels/connection_panel.ui" line="17"/>
        <source>−</source>
        <translation>−</translation>
    </message>
    <message>
        <location filename="../ui/panels/connection_panel.ui" line="17"/>
        <source>Delete the selected connection</source>
        <translation>Ausgewählte Verbindung löschen</translation>
    </message>
    <message>
        <location filename="../ui/panels/connection_panel.ui" line="18"/>
        <source>Help</source>
        <translation>Hilfe</translation>
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
</TS>
