# SPDX-License-Identifier: GPL-2.0-or-later
"""Saved provider connections: settings in ``QgsSettings``, secrets in a real secret store.

Why split: a QGIS profile (and its ``QGIS3.ini``) is copied, synced and attached to bug reports, so a
password or API key must never land there. The secret goes to the system keyring when a working
backend exists, else to the QGIS authentication database (encrypted with the master password). Each
connection remembers which of the two holds its secret, so reading it back never guesses.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from typing import Any
from urllib.parse import quote

from qgis.core import QgsApplication, QgsAuthMethodConfig, QgsSettings

from ..providers.base import ConnectionConfig
from ..providers.errors import EoOrdersError
from ..providers.i18n import tr
from .settings import CONNECTIONS_GROUP

SETTINGS_PREFIX = CONNECTIONS_GROUP
KEYRING_SERVICE = "eo_orders"
BACKEND_KEYRING = "keyring"
BACKEND_QGIS_AUTH = "qgis-auth"


class SecretStoreError(EoOrdersError):
    """The secret could not be stored or read; the message tells the user what to do."""


def keyring_usable() -> bool:
    """True when the system keyring has a real backend and a write/read/delete round trip works.

    The ``fail`` and ``null`` backends (headless Linux without a Secret Service) would silently lose
    the secret, so they count as absent.
    """
    try:
        import keyring
        from keyring.backends import fail, null
    except ImportError:
        return False
    try:
        backend = keyring.get_keyring()
        if isinstance(backend, (fail.Keyring, null.Keyring)):
            return False
        probe_key = f"__probe__{uuid.uuid4().hex}"
        keyring.set_password(KEYRING_SERVICE, probe_key, "probe")
        ok = keyring.get_password(KEYRING_SERVICE, probe_key) == "probe"
        try:
            keyring.delete_password(KEYRING_SERVICE, probe_key)
        except Exception:  # a backend that cannot delete is still usable for our purpose
            pass
        return ok
    except Exception:
        return False


class ConnectionStore:
    """CRUD for ``ConnectionConfig`` objects.

    ``prefix`` exists so tests (and a future "import connections" feature) can work in their own
    settings subtree without touching the user's connections.
    """

    def __init__(self, prefix: str = SETTINGS_PREFIX, prompt_master_password: bool = True) -> None:
        self.prefix = prefix.rstrip("/")
        self.prompt_master_password = prompt_master_password
        self._keyring_ok: bool | None = None

    # -- listing ---------------------------------------------------------------------------------
    def _key(self, conn_id: str, name: str) -> str:
        return f"{self.prefix}/{conn_id}/{name}"

    def ids(self) -> list[str]:
        s = QgsSettings()
        s.beginGroup(self.prefix)
        try:
            return list(s.childGroups())
        finally:
            s.endGroup()

    def list(self) -> list[ConnectionConfig]:
        """Every saved connection, sorted by name, without secrets."""
        out = [self._read(conn_id) for conn_id in self.ids()]
        return sorted((c for c in out if c is not None), key=lambda c: c.name.lower())

    def _read(self, conn_id: str) -> ConnectionConfig | None:
        s = QgsSettings()
        kind = s.value(self._key(conn_id, "kind"), "", type=str)
        if not kind:
            return None
        return ConnectionConfig(
            id=conn_id,
            name=s.value(self._key(conn_id, "name"), conn_id, type=str),
            kind=kind,
            urls=_json_dict(s.value(self._key(conn_id, "urls"), "{}", type=str)),
            username=s.value(self._key(conn_id, "username"), "", type=str),
            options=_json_dict(s.value(self._key(conn_id, "options"), "{}", type=str)),
        )

    def get(self, conn_id: str, with_secret: bool = True) -> ConnectionConfig:
        conn = self._read(conn_id)
        if conn is None:
            raise KeyError(f"No saved connection with id {conn_id!r}.")
        if with_secret:
            conn.secret = self._read_secret(conn_id)
        return conn

    # -- writing ---------------------------------------------------------------------------------
    def save(self, conn: ConnectionConfig) -> ConnectionConfig:
        """Write the connection (a new id is made when empty); the secret goes to the secret store.

        An empty ``secret`` on an existing connection keeps the stored one: the edit dialog does not
        load secrets back into a widget just to write them again.
        """
        conn = replace(conn, id=conn.id or uuid.uuid4().hex[:12])
        s = QgsSettings()
        s.setValue(self._key(conn.id, "name"), conn.name)
        s.setValue(self._key(conn.id, "kind"), conn.kind)
        s.setValue(self._key(conn.id, "urls"), json.dumps(conn.urls, sort_keys=True))
        s.setValue(self._key(conn.id, "username"), conn.username)
        s.setValue(self._key(conn.id, "options"), json.dumps(conn.options, sort_keys=True))
        if conn.secret:
            self._write_secret(conn)
        s.sync()
        return conn

    def delete(self, conn_id: str) -> None:
        try:
            self._delete_secret(conn_id)
        finally:
            s = QgsSettings()
            s.remove(f"{self.prefix}/{conn_id}")
            s.sync()

    # -- secrets ---------------------------------------------------------------------------------
    def secret_backend(self) -> str:
        """Where new secrets go: ``"keyring"`` or ``"qgis-auth"``."""
        if self._keyring_ok is None:
            self._keyring_ok = keyring_usable()
        return BACKEND_KEYRING if self._keyring_ok else BACKEND_QGIS_AUTH

    def _write_secret(self, conn: ConnectionConfig) -> None:
        s = QgsSettings()
        old_backend = s.value(self._key(conn.id, "secret_backend"), "", type=str)
        backend = self.secret_backend()
        if backend == BACKEND_KEYRING:
            import keyring

            try:
                keyring.set_password(KEYRING_SERVICE, conn.id, conn.secret)
            except Exception as exc:
                raise SecretStoreError(tr("Could not save the password in the system keyring: {error}").format(
                    error=exc)) from exc
            if old_backend == BACKEND_QGIS_AUTH:
                self._remove_auth_cfg(conn.id)
        else:
            manager = self._auth_manager()
            cfg = QgsAuthMethodConfig("Basic")
            cfg_id = s.value(self._key(conn.id, "auth_cfg"), "", type=str)
            existing = bool(cfg_id) and cfg_id in manager.configIds()
            if existing:
                cfg.setId(cfg_id)
            cfg.setName(f"EO Orders – {conn.name}")
            cfg.setConfig("username", conn.username)
            cfg.setConfig("password", conn.secret)
            ok = manager.updateAuthenticationConfig(cfg) if existing else manager.storeAuthenticationConfig(cfg)
            if not ok or not cfg.id():
                raise SecretStoreError(tr("Could not save the password in the QGIS authentication database."))
            s.setValue(self._key(conn.id, "auth_cfg"), cfg.id())
        s.setValue(self._key(conn.id, "secret_backend"), backend)

    def _read_secret(self, conn_id: str) -> str:
        s = QgsSettings()
        backend = s.value(self._key(conn_id, "secret_backend"), "", type=str)
        if backend == BACKEND_KEYRING:
            import keyring

            try:
                return keyring.get_password(KEYRING_SERVICE, conn_id) or ""
            except Exception as exc:
                raise SecretStoreError(tr("Could not read the password from the system keyring: {error}").format(
                    error=exc)) from exc
        if backend == BACKEND_QGIS_AUTH:
            cfg_id = s.value(self._key(conn_id, "auth_cfg"), "", type=str)
            manager = self._auth_manager()
            cfg = QgsAuthMethodConfig()
            if not cfg_id or not manager.loadAuthenticationConfig(cfg_id, cfg, True):
                raise SecretStoreError(tr("The saved password was not found in the QGIS authentication database; "
                                          "edit the connection and enter it again."))
            return cfg.config("password", "")
        return ""

    def _delete_secret(self, conn_id: str) -> None:
        s = QgsSettings()
        backend = s.value(self._key(conn_id, "secret_backend"), "", type=str)
        if backend == BACKEND_KEYRING:
            import keyring

            try:
                keyring.delete_password(KEYRING_SERVICE, conn_id)
            except Exception:  # already gone, or the backend is away: the settings go anyway
                pass
        elif backend == BACKEND_QGIS_AUTH:
            self._remove_auth_cfg(conn_id)

    def _remove_auth_cfg(self, conn_id: str) -> None:
        s = QgsSettings()
        cfg_id = s.value(self._key(conn_id, "auth_cfg"), "", type=str)
        if cfg_id:
            manager = QgsApplication.authManager()
            if cfg_id in manager.configIds():
                manager.removeAuthenticationConfig(cfg_id)
            s.remove(self._key(conn_id, "auth_cfg"))

    def _auth_manager(self) -> Any:
        manager = QgsApplication.authManager()
        if manager.isDisabled():
            raise SecretStoreError(tr("The QGIS authentication system is disabled, and no system keyring is "
                                      "available: the password cannot be stored safely ({reason}).").format(
                reason=manager.disabledMessage()))
        if not manager.masterPasswordIsSet():
            if not (self.prompt_master_password and manager.setMasterPassword(True)):
                raise SecretStoreError(tr("The QGIS authentication database is locked. Set or enter its master "
                                          "password (Settings › Options › Authentication) and try again."))
        return manager


def qgis_proxies(settings: QgsSettings | None = None) -> dict[str, str]:
    """The QGIS network proxy (Settings › Options › Network) as a ``requests`` proxies mapping.

    Only explicit HTTP(S)/SOCKS5 proxies are mapped; "DefaultProxy" means "the system's", which
    ``requests`` already picks up from the environment, so it yields an empty mapping.
    """
    s = settings or QgsSettings()
    if not s.value("proxy/proxyEnabled", False, type=bool):
        return {}
    host = s.value("proxy/proxyHost", "", type=str).strip()
    if not host:
        return {}
    proxy_type = s.value("proxy/proxyType", "HttpProxy", type=str)
    scheme = {"HttpProxy": "http", "HttpCachingProxy": "http", "Socks5Proxy": "socks5h"}.get(proxy_type)
    if scheme is None:
        return {}
    port = s.value("proxy/proxyPort", "", type=str).strip()
    user = s.value("proxy/proxyUser", "", type=str)
    password = s.value("proxy/proxyPassword", "", type=str)
    cred = ""
    if user:
        cred = quote(user, safe="") + (f":{quote(password, safe='')}" if password else "") + "@"
    url = f"{scheme}://{cred}{host}" + (f":{port}" if port and port != "0" else "")
    return {"http": url, "https": url}


def qgis_proxy_exclusions(settings: QgsSettings | None = None) -> tuple[str, ...]:
    """QGIS's proxy exclusion list (Settings › Options › Network › "Exclude URLs"): URL prefixes that go
    direct. Stored as a string list, or as one ``|``-separated string by older versions."""
    s = settings or QgsSettings()
    out: list[str] = []
    for key in ("proxy/proxyExcludedUrls", "proxy/noProxyUrls"):
        value = s.value(key, [])
        items = value.split("|") if isinstance(value, str) else list(value or [])
        out += [str(v).strip() for v in items if str(v).strip()]
    return tuple(dict.fromkeys(out))


def qgis_transport_settings(settings: QgsSettings | None = None, **overrides: Any) -> Any:
    """``TransportSettings`` following QGIS's network settings: its proxy and exclusion list win over the
    ``HTTP(S)_PROXY``/``NO_PROXY`` environment (the transport reads the environment only when QGIS has no
    explicit proxy)."""
    from ..providers.http import TransportSettings

    s = settings or QgsSettings()
    limits: dict[str, Any] = {}
    mb = s.value(MAX_REPLY_MB_KEY, 0, type=int)
    if mb and mb > 0:
        limits["max_body_bytes"] = int(mb) << 20
    deadline = s.value(DEADLINE_KEY, 0, type=int)
    if deadline and deadline > 0:
        limits["deadline"] = float(deadline)
    return TransportSettings(proxies=qgis_proxies(s), no_proxy=qgis_proxy_exclusions(s), **{**limits, **overrides})


#: advanced settings (QGIS › Settings › Options › Advanced): the largest reply read, in MB (default 64), and
#: the overall time one request may take, in seconds (default 300)
MAX_REPLY_MB_KEY = "eo_orders/max_reply_mb"
DEADLINE_KEY = "eo_orders/request_deadline_s"


def _json_dict(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
