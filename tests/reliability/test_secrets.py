# SPDX-License-Identifier: GPL-2.0-or-later
"""No secret leaks into anything a user, a log file or a bug report can show.

For every provider: a full flow (login, listing, search, submit through a dropped connection, results,
verified download), a retried 503, and errors provoked on purpose (wrong password, a session whose token
was revoked and whose password changed, an unknown order, Capella's expired signed URL). Then every
``ProviderError`` text, every DEBUG record of the ``eo_orders`` loggers and the bytes of the order journal
(SQLite + WAL) are searched for the passwords, API keys, tokens (as the sandbox issued them and as the
client sent them) and presigned URL signatures used.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from eo_orders.core.store import Journal
from eo_orders.providers.base import Notification, ProviderError
from eo_orders.providers.submit import submit_once
from tests.reliability.cases import CASES, PASSWORD, USER, Case, fault, full_flow

WRONG = "wrong-Pa55 &=% s3cret-guess"
CHANGED = "changed-Pa55 &=% n3w-word"
NOTIFY_SECRET = "notify-hook-s3cret-value"
GUID = "00000000-0000-4000-8000-000000000000"


def _password_forms(password: str) -> set[str]:
    forms = {password, quote_plus(password), quote(password, safe="")}
    for user in (USER, f"S5P\\{USER}"):
        forms.add(base64.b64encode(f"{user}:{password}".encode()).decode())
    return forms


def _sent_credentials(seen_headers: list[dict[str, str]]) -> set[str]:
    """Every credential value the client put on the wire (the scheme word removed)."""
    out: set[str] = set()
    for headers in seen_headers:
        for name in ("Authorization", "Keycloak-Token"):
            value = headers.get(name)
            if value:
                out.add(value)
                out.add(value.split(" ", 1)[-1])
    return out


def _errors(case: Case, sandbox, p, revoked: set[str]) -> list[ProviderError]:
    """Provoke the errors a user meets: bad password, unknown order, expired session or signed URL."""
    out: list[ProviderError] = []

    def expect(call) -> None:
        try:
            call()
        except ProviderError as exc:
            out.append(exc)
        else:  # pragma: no cover - the assertion in the test reports it
            out.append(ProviderError("<no error raised>"))

    expect(lambda: case.make(sandbox, secret=WRONG).orders())
    expect(lambda: p.order(GUID if case.emulator in ("proseo", "up42") else "999999999"))
    if case.expiring_tokens:
        # the session's token is revoked and the password changed meanwhile: the re-login is refused
        fresh = case.make(sandbox)
        fresh.orders()
        for value in list(sandbox.state.tokens._tokens):
            revoked.add(value)
            sandbox.state.tokens.revoke(value)
        if case.emulator == "proseo":
            from sandbox import proseo

            proseo.expire_tokens(sandbox.state)  # the prosEO emulator keeps its own token table
        sandbox.state.config.users = {USER: CHANGED}
        expect(lambda: fresh.orders())
        sandbox.state.config.users = {USER: PASSWORD}
    if case.emulator == "capella":
        sandbox.state.config.extra["capella_url_lifetime"] = 0  # every signed URL handed out is expired
        order = p.orders().items[0]
        asset = next(a for a in p.results(order) if a.role == "raster")
        expect(lambda: p.open_asset(asset))
        sandbox.state.config.extra.pop("capella_url_lifetime")
    return out


@pytest.mark.parametrize("case", CASES, ids=str)
def test_no_secret_in_errors_logs_or_journal(sandbox, case, tmp_path, caplog):
    caplog.set_level(logging.DEBUG, logger="eo_orders")
    journal_dir = tmp_path / "journal"
    journal = Journal(journal_dir / "journal.sqlite")
    p = case.make(sandbox)
    headers: list[dict[str, str]] = []
    p.transport.session.hooks["response"].append(lambda r, *a, **k: headers.append(dict(r.request.headers)))

    # a retried 503 and a submit whose connection drops after the order was created: both are logged
    label, call, path = case.reads[0]
    fault(sandbox, {"method": "*", "path": path, "action": "status", "status": 503, "times": 1},
          {"method": "POST", "path": case.create_path, "action": "reset_after", "times": 1})
    flow = full_flow(case, p, sandbox, tmp_path / "downloads", f"secrets-{case.id}", journal=journal,
                     submit=lambda prov, req: submit_once(prov, req, sleep=lambda s: None)[0])
    assert len(sandbox.app.extensions["faults"].hits) == 2
    # a request carrying a notification password is journalled too (the journal must drop it)
    request = case.request(p, f"secrets-notify-{case.id}")
    journal.record_submit(case.kind, p.connection.id, replace(
        request, notification=Notification("https://example.com/hook", "hook-user", NOTIFY_SECRET)))
    revoked: set[str] = set()
    errors = _errors(case, sandbox, p, revoked)
    journal.close()

    secrets = _password_forms(PASSWORD) | _password_forms(WRONG) | _password_forms(CHANGED) | {NOTIFY_SECRET}
    secrets |= {case.secret} | _sent_credentials(headers)
    secrets |= set(sandbox.state.tokens._tokens) | revoked
    signed = [a.href for a in flow.assets if "?" in a.href]
    if case.emulator == "capella":
        assert signed, "Capella hands out presigned URLs"
    for href in signed:
        query = href.split("?", 1)[1]
        secrets |= {href, query} | {part.split("=", 1)[1] for part in query.split("&") if "Signature=" in part}
    secrets = {s for s in secrets if len(s) >= 6}
    assert len(secrets) >= 8

    texts = [f"{e}\n{e.message}\n{e!r}" for e in errors]
    assert len(errors) >= 2 and all("<no error raised>" not in t for t in texts)
    logs = [r.getMessage() + ("\n" + logging.Formatter().formatException(r.exc_info) if r.exc_info else "")
            for r in caplog.records if r.name.startswith("eo_orders")]
    assert any("ambiguously" in line for line in logs), "the ambiguous submit was logged"
    assert any("retrying" in line for line in logs), "the retried 503 was logged"
    stored = [f.read_bytes().decode("utf-8", "replace") for f in sorted(Path(journal_dir).iterdir()) if f.is_file()]
    assert any(f"secrets-{case.id}" in s for s in stored), "the journal holds the flow's order"
    observable = {"error": "\n".join(texts), "log": "\n".join(logs), "journal": "\n".join(stored)}
    leaks = [(where, s[:12] + "…") for where, text in observable.items() for s in secrets if s in text]
    assert leaks == []
