# SPDX-License-Identifier: GPL-2.0-or-later
"""ConnectionStore: secrets never reach QgsSettings; keyring and QGIS auth DB paths both work."""

from __future__ import annotations

import uuid

import keyring
import pytest
from qgis.core import QgsApplication, QgsSettings

from eo_orders.core.connections import ConnectionStore, SecretStoreError, qgis_proxies
from eo_orders.providers.base import ConnectionConfig

SECRET = "demo-Pa55 &=%é word"
MASTER = "eo-orders-test-master"


@pytest.fixture()
def prefix(qgis_app):
    p = f"eo_orders_test/{uuid.uuid4().hex[:8]}/connections"
    yield p
    QgsSettings().remove(p.rsplit("/", 1)[0])


@pytest.fixture()
def no_keyring():
    from keyring.backends import fail

    old = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(old)


def _conn() -> ConnectionConfig:
    return ConnectionConfig(id="", name="CDSE sandbox", kind="cdse_odp",
                            urls={"odp": "http://127.0.0.1:1/odp", "token": "http://127.0.0.1:1/token"},
                            username="demo@example.com", secret=SECRET, options={"page_size": 50})


def _settings_text(prefix: str) -> str:
    s = QgsSettings()
    s.sync()
    return " ".join(str(s.value(k)) for k in s.allKeys() if k.startswith(prefix))


def test_keyring_round_trip_and_no_secret_in_settings(prefix, memory_keyring):
    store = ConnectionStore(prefix)
    assert store.secret_backend() == "keyring"
    saved = store.save(_conn())
    assert saved.id
    assert memory_keyring.data[("eo_orders", saved.id)] == SECRET
    assert SECRET not in _settings_text(prefix)
    [listed] = store.list()
    assert listed.secret == "" and listed.name == "CDSE sandbox" and listed.urls["odp"].endswith("/odp")
    full = store.get(saved.id)
    assert full.secret == SECRET and full.options == {"page_size": 50} and full.username == "demo@example.com"
    # an edit without a secret keeps the stored one
    store.save(ConnectionConfig(id=saved.id, name="Renamed", kind="cdse_odp", urls=saved.urls))
    assert store.get(saved.id).secret == SECRET and store.get(saved.id).name == "Renamed"
    store.delete(saved.id)
    assert store.list() == [] and ("eo_orders", saved.id) not in memory_keyring.data
    with pytest.raises(KeyError):
        store.get(saved.id)


def test_fail_backend_is_not_usable(prefix, no_keyring):
    assert ConnectionStore(prefix).secret_backend() == "qgis-auth"


def test_qgis_auth_without_master_password_is_a_clear_error(prefix, no_keyring):
    QgsApplication.authManager().clearMasterPassword()
    store = ConnectionStore(prefix, prompt_master_password=False)
    with pytest.raises(SecretStoreError, match="master password"):
        store.save(_conn())


def test_qgis_auth_round_trip(prefix, no_keyring):
    manager = QgsApplication.authManager()
    if not manager.setMasterPassword(MASTER, True):
        pytest.skip("the shared test auth DB has another master password")
    try:
        store = ConnectionStore(prefix, prompt_master_password=False)
        saved = store.save(_conn())
        cfg_id = QgsSettings().value(f"{prefix}/{saved.id}/auth_cfg", "", type=str)
        assert cfg_id in manager.configIds()
        assert SECRET not in _settings_text(prefix)
        assert store.get(saved.id).secret == SECRET
        store.save(ConnectionConfig(**{**saved.__dict__, "secret": "new secret"}))
        assert QgsSettings().value(f"{prefix}/{saved.id}/auth_cfg", "", type=str) == cfg_id
        assert store.get(saved.id).secret == "new secret"
        store.delete(saved.id)
        assert cfg_id not in manager.configIds()
    finally:
        manager.clearMasterPassword()


def test_qgis_proxies(qgis_app):
    s = QgsSettings()
    keys = ["proxy/proxyEnabled", "proxy/proxyHost", "proxy/proxyPort", "proxy/proxyUser", "proxy/proxyPassword",
            "proxy/proxyType"]
    old = {k: s.value(k) for k in keys}
    try:
        s.setValue("proxy/proxyEnabled", False)
        assert qgis_proxies() == {}
        s.setValue("proxy/proxyEnabled", True)
        s.setValue("proxy/proxyHost", "proxy.local")
        s.setValue("proxy/proxyPort", "3128")
        s.setValue("proxy/proxyUser", "me")
        s.setValue("proxy/proxyPassword", "p@ss:word")
        s.setValue("proxy/proxyType", "HttpProxy")
        assert qgis_proxies() == {"http": "http://me:p%40ss%3Aword@proxy.local:3128",
                                  "https": "http://me:p%40ss%3Aword@proxy.local:3128"}
        s.setValue("proxy/proxyType", "DefaultProxy")
        assert qgis_proxies() == {}
    finally:
        for k, v in old.items():
            if v is None:
                s.remove(k)
            else:
                s.setValue(k, v)
