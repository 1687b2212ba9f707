# SPDX-License-Identifier: GPL-2.0-or-later
"""*Test connection*: is each URL reachable, are the credentials accepted, may this account list orders?

Why three steps and not one call: "it does not work" helps nobody. A wrong host, a wrong password and an
account without the right role fail in different places and need different fixes, so the check reports
each step on its own, and the first failure says what to change. Runs in a background task (it may wait
for timeouts); it never places, changes or cancels anything: only reads (the workflow list and the first
page of orders), the cheapest authenticated calls every provider has.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .. import providers
from ..providers.base import AuthError, ConnectionConfig, EoOrdersError, NotFoundError, OrderQuery, ProviderError
from ..providers.http import Transport, TransportSettings, host_of
from ..providers.i18n import QT_TR_NOOP, tr

#: the steps, in the order they run
#: the steps' English names (their keys); ``CheckStep.line`` shows them translated
REACH, SIGN_IN, PERMISSIONS = (QT_TR_NOOP("Reach the service"), QT_TR_NOOP("Sign in"),
                               QT_TR_NOOP("List orders (permissions)"))


@dataclass
class CheckStep:
    name: str
    #: True passed, False failed, None not checked (an earlier step failed)
    ok: bool | None
    message: str = ""

    @property
    def line(self) -> str:
        mark = {True: "✔", False: "✘", None: "–"}[self.ok]
        return f"{mark} {tr(self.name)}" + (f": {self.message}" if self.message else "")


def _is_credentials(err: EoOrdersError) -> bool:
    status = getattr(err, "status", None)
    return isinstance(err, AuthError) and status != 403 or status == 401


def _is_permission(err: EoOrdersError) -> bool:
    return getattr(err, "status", None) == 403


def check_connection(conn: ConnectionConfig, settings: TransportSettings | None = None) -> list[CheckStep]:
    """Run the three steps against ``conn`` (with its secret); later steps are skipped after a failure."""
    settings = settings or TransportSettings()
    quick = replace(settings, retries=0, connect_timeout=min(settings.connect_timeout, 8.0),
                    read_timeout=min(settings.read_timeout, 20.0))
    steps = [reach_step(conn, quick)]
    if not steps[0].ok:
        return [*steps, CheckStep(SIGN_IN, None), CheckStep(PERMISSIONS, None)]
    try:
        prov = providers.create_provider(conn, Transport(quick))
    except (KeyError, ImportError) as exc:
        return [*steps, CheckStep(SIGN_IN, False, tr("the provider {kind} is not available ({error})").format(
            kind=conn.kind, error=exc)),
                CheckStep(PERMISSIONS, None)]
    except EoOrdersError as exc:
        return [*steps, CheckStep(SIGN_IN, False, str(exc)), CheckStep(PERMISSIONS, None)]
    try:
        try:
            workflows = prov.workflows()
        except EoOrdersError as exc:
            if _is_permission(exc):  # signed in, but this account may not read the workflows
                return [*steps, CheckStep(SIGN_IN, True), CheckStep(PERMISSIONS, False, str(exc))]
            return [*steps, CheckStep(SIGN_IN, False, _credentials_text(exc)), CheckStep(PERMISSIONS, None)]
        try:
            page = prov.orders(OrderQuery(top=1))
        except EoOrdersError as exc:
            if _is_credentials(exc):  # the workflow list was public: the login happens here
                return [*steps, CheckStep(SIGN_IN, False, _credentials_text(exc)), CheckStep(PERMISSIONS, None)]
            return [*steps, CheckStep(SIGN_IN, True), CheckStep(PERMISSIONS, False, str(exc))]
        count = (tr("{count} workflow") if len(workflows) == 1 else tr("{count} workflows")).format(
            count=len(workflows))
        orders = tr("no orders yet") if not page.items else tr("orders can be read")
        return [*steps, CheckStep(SIGN_IN, True, count), CheckStep(PERMISSIONS, True, orders)]
    finally:
        try:
            prov.close()
        except OSError:
            pass


def _credentials_text(err: EoOrdersError) -> str:
    if isinstance(err, NotFoundError):
        return tr("{error} Check the connection's URLs.").format(error=err)
    return str(err)


def reach_step(conn: ConnectionConfig, settings: TransportSettings) -> CheckStep:
    """Every URL of the connection answers (any HTTP status counts: a 401 or 404 still proves the host)."""
    urls = [u for u in dict.fromkeys(conn.urls.values()) if u]
    if not urls:
        return CheckStep(REACH, False, tr("the connection has no URL"))
    transport = Transport(settings)
    hosts: list[str] = []
    try:
        for url in urls:
            if not url.lower().startswith(("http://", "https://")):
                return CheckStep(REACH, False, tr("“{url}” is not an http(s) URL").format(url=url))
            try:
                resp = transport.request("GET", url, ok=tuple(range(400, 600)), stream=True)
                resp.close()
            except ProviderError as exc:
                return CheckStep(REACH, False, str(exc))
            if host_of(url) not in hosts:
                hosts.append(host_of(url))
    finally:
        transport.close()
    return CheckStep(REACH, True, ", ".join(hosts))


def summary(steps: list[CheckStep]) -> tuple[bool, str]:
    """(all passed, the lines to show)."""
    return all(s.ok for s in steps), "\n".join(s.line for s in steps)


def run_check(conn: ConnectionConfig, settings: Any = None) -> list[CheckStep]:
    """The task's work: never raises (an unexpected error is the failing step's message)."""
    try:
        return check_connection(conn, settings)
    except Exception as exc:  # noqa: BLE001 - a check reports, it never crashes the dialog
        return [CheckStep(REACH, None), CheckStep(SIGN_IN, False, tr("the check failed: {error}").format(error=exc))]
