# SPDX-License-Identifier: GPL-2.0-or-later
"""An order as the plugin follows it (``TrackedOrder``): the provider's ``Order`` plus its connection, the
cost the user accepted and when it was last checked.

Why a module of its own, free of QGIS and Qt: the order service fills these, the orders model shows them,
and the Qt6 test run (PyQt6 without QGIS) builds them too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from ..providers.base import Order, Quote
from ..providers.i18n import QT_TR_NOOP, tr

#: provider sub-statuses that wait for the user (a UP42 quotation or feasibility choice, a Capella
#: tasking request waiting in review): shown as "Needs your decision" and notified
DECISION_SUB_STATUSES = frozenset({"QUOTATION_WAITING_RESPONSE", "FEASIBILITY_WAITING_RESPONSE", "awaiting approval"})
DECISION_LABEL = QT_TR_NOOP("Needs your decision")


def format_datetime(value: datetime | None) -> str:
    """A moment as the views write it, in UTC ("2026-12-15 08:30"); "" for none. A naive value is UTC."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc)
    return value.strftime("%Y-%m-%d %H:%M")


def output_expired(order: Order, now: datetime | None = None) -> bool:
    """Whether the provider has deleted the order's output by ``now`` (its ``expires_at`` has passed)."""
    expires = getattr(order, "expires_at", None)
    if expires is None:
        return False
    if expires.tzinfo is None:
        expires = expires.replace(tzinfo=timezone.utc)
    return expires <= (now or datetime.now(timezone.utc))


def expiry_text(order: Order, now: datetime | None = None) -> str:
    """One sentence on the output's lifetime for the orders view and the order's details: "Output kept
    until … UTC", "Output expired on … UTC" once that moment passed, "" when the provider keeps it."""
    date = format_datetime(getattr(order, "expires_at", None))
    if not date:
        return ""
    if output_expired(order, now):
        return tr("Output expired on {date} UTC").format(date=date)
    return tr("Output kept until {date} UTC").format(date=date)


def expired_download_message(order: Order) -> str:
    """Why an expired order's results cannot be downloaded, and what to do instead."""
    return tr("The results of order “{name}” cannot be downloaded: its output expired on {date} UTC and the "
              "provider has deleted it. Place the order again to get new results.").format(
        name=order.name or order.id, date=format_datetime(order.expires_at))


def order_key(connection_id: str, order_id: str) -> str:
    """Orders of different connections may share an id: rows are keyed by both."""
    return f"{connection_id}|{order_id}"


def needs_decision(order: Order) -> bool:
    return order.status.is_active and order.sub_status in DECISION_SUB_STATUSES


@dataclass
class TrackedOrder:
    """An order as the plugin follows it: the provider's ``Order`` plus where it comes from, the cost
    the user accepted, when it was last checked and whether its provider was unreachable then."""

    connection_id: str
    order: Order
    connection_name: str = ""
    provider_title: str = ""
    #: the cost the user confirmed before submitting ("" when the provider quotes none)
    cost: str = ""
    checked_at: datetime | None = None
    #: the provider could not be reached at the last check: the status is the last one known
    offline: bool = False
    download_folder: str = ""

    @property
    def key(self) -> str:
        return order_key(self.connection_id, self.order.id)

    # the fields of ``Order`` the views, filters and tests read
    id = property(lambda self: self.order.id)
    name = property(lambda self: self.order.name)
    status = property(lambda self: self.order.status)
    raw_status = property(lambda self: self.order.raw_status)
    sub_status = property(lambda self: self.order.sub_status)
    message = property(lambda self: self.order.message)
    workflow_name = property(lambda self: self.order.workflow_name)
    kind = property(lambda self: self.order.kind)
    submitted_at = property(lambda self: self.order.submitted_at)
    completed_at = property(lambda self: self.order.completed_at)
    progress = property(lambda self: self.order.progress)
    size = property(lambda self: self.order.size)
    expires_at = property(lambda self: self.order.expires_at)

    @property
    def output_expired(self) -> bool:
        """The provider has deleted the output: shown in the view, and Download says so instead of trying."""
        return output_expired(self.order)

    @property
    def expiry_text(self) -> str:
        return expiry_text(self.order)
    raw = property(lambda self: self.order.raw)

    @property
    def needs_decision(self) -> bool:
        return needs_decision(self.order)

    @property
    def state_label(self) -> str:
        return tr(DECISION_LABEL) if self.needs_decision else self.status.label

    @property
    def checked_text(self) -> str:
        when = format_datetime(self.checked_at) if self.checked_at else tr("never")
        return tr("offline — last checked {when}").format(when=when) if self.offline else (
            "" if not self.checked_at else when)


def format_amount(amount: float, unit: str = "") -> str:
    """An amount as people write it: credits are counted ("2,968 credits"), money has cents ("1,234.50 USD")."""
    whole = float(amount).is_integer()
    number = f"{amount:,.0f}" if whole and (unit.lower() == "credits" or not unit) else f"{amount:,.2f}"
    return f"{number} {unit}".strip()


def cost_text(quote: Quote) -> str:
    """The quoted total as a sentence fragment ("2,968 credits"); "an unknown amount" when none was given."""
    return tr("an unknown amount") if quote.total is None else format_amount(quote.total, quote.unit)


def accepted_cost(quote: Quote) -> str:
    """What the orders table keeps in its Cost column once the user accepted ``quote``."""
    return format_amount(quote.total, quote.unit) if quote.total is not None else tr("no price given")
