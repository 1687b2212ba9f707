# SPDX-License-Identifier: GPL-2.0-or-later
"""Domain model and the provider interface shared by every provider.

The model is shaped for all five providers at once (CDSE ODP, prosEO ODIP, CREODIAS Finder, UP42 and
Capella) so the dock, the tasks and the journal never need to know which one they talk to. This module
is pure Python: no Qt, no QGIS. Geometries are GeoJSON dicts in EPSG:4326 (lon, lat).
"""

from __future__ import annotations

import enum
import functools
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Callable, ClassVar, Generic, TypeVar

import requests

from .errors import (  # noqa: F401 - re-exported: the error family lives in providers/errors.py
    AmbiguousSubmitError,
    AuthError,
    EoOrdersError,
    ErrorLevel,
    NotFoundError,
    NotSupportedError,
    ProviderError,
    ValidationError,
)
from .i18n import tr

GeoJSON = dict[str, Any]
T = TypeVar("T")


class Capability(str, enum.Enum):
    """What a provider can do; the UI shows only what is there."""

    WORKFLOWS = "workflows"
    SEARCH_INPUTS = "search_inputs"
    ORDER_BY_PRODUCT = "order_by_product"
    ORDER_BY_TIME_RANGE = "order_by_time_range"
    ORDER_BY_AOI = "order_by_aoi"
    BATCH_ORDERS = "batch_orders"
    QUOTE = "quote"
    CANCEL = "cancel"
    ORDER_ITEMS = "order_items"
    TASKING = "tasking"
    STREAMING = "streaming"
    #: orders carry a priority the user chooses (the dock shows a priority field)
    PRIORITY = "priority"
    #: the provider calls a user-given endpoint when an order completes (with optional credentials)
    NOTIFICATION = "notification"


class OrderStatus(str, enum.Enum):
    """One status enum for every provider; the provider's own word stays in ``Order.raw_status``."""

    QUEUED = "queued"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def is_active(self) -> bool:
        return self in (OrderStatus.QUEUED, OrderStatus.IN_PROGRESS)

    @property
    def label(self) -> str:
        """The status in the user's language ("In progress")."""
        labels = {"queued": tr("Queued"), "in_progress": tr("In progress"), "completed": tr("Completed"),
                  "failed": tr("Failed"), "cancelled": tr("Cancelled")}
        return labels.get(self.value) or self.value.replace("_", " ").capitalize()


@dataclass
class Workflow:
    """A processing workflow or an orderable product (UP42 data product, Capella product type)."""

    id: str
    name: str
    title: str = ""
    description: str = ""
    input_product_types: list[str] = field(default_factory=list)
    output_product_type: str = ""
    version: str = ""
    #: JSON Schema (draft-07) of the order options; rendered by the shared options form.
    options_schema: GeoJSON = field(default_factory=lambda: {"type": "object", "properties": {}})
    #: "processing", "production" (CDSE On-Demand Production, IPF from Level-0), "tasking" or "archive"
    kind: str = "processing"
    capabilities: frozenset[Capability] = frozenset()
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def label(self) -> str:
        return self.title or self.name


@dataclass
class InputProduct:
    """A catalogue product over the AOI that can be ordered or processed."""

    id: str
    name: str
    footprint: GeoJSON | None = None
    sensing_start: datetime | None = None
    sensing_end: datetime | None = None
    collection: str = ""
    product_type: str = ""
    size: int | None = None
    online: bool = True
    cloud_cover: float | None = None
    quicklook_url: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class InputQuery:
    """A catalogue search over the AOI."""

    aoi: GeoJSON
    start: datetime
    end: datetime
    collection: str = ""
    product_type: str = ""
    max_cloud_cover: float | None = None
    limit: int = 100


@dataclass
class Notification:
    endpoint: str
    username: str = ""
    password: str = field(default="", repr=False)


@dataclass
class OrderRequest:
    """What the user asks for. ``name`` is client-chosen and unique per submit: after an ambiguous
    failure the plugin finds the order again by it instead of submitting twice."""

    workflow: Workflow
    name: str
    inputs: list[str] = field(default_factory=list)
    aoi: GeoJSON | None = None
    start: datetime | None = None
    end: datetime | None = None
    options: dict[str, Any] = field(default_factory=dict)
    priority: int | None = None
    batch: bool = False
    notification: Notification | None = None


@dataclass
class QuoteLine:
    label: str
    amount: float | None
    unit: str = ""


@dataclass
class Quote:
    """Cost before paying. ``authorized`` false means the provider refuses; ``reason`` says why."""

    total: float | None
    unit: str
    authorized: bool = True
    reason: str = ""
    lines: list[QuoteLine] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class OrderItem:
    id: str
    name: str
    status: OrderStatus
    raw_status: str = ""
    message: str = ""
    result_name: str = ""
    size: int | None = None


@dataclass
class Order:
    id: str
    name: str
    status: OrderStatus
    raw_status: str = ""
    sub_status: str = ""
    message: str = ""
    workflow_name: str = ""
    #: "production", "batch", "tasking" or "archive"
    kind: str = "production"
    submitted_at: datetime | None = None
    estimated_at: datetime | None = None
    completed_at: datetime | None = None
    progress: float | None = None
    size: int | None = None
    items: list[OrderItem] = field(default_factory=list)
    #: when the service deletes the order's output (ODIP ``EvictionDate``; CDSE keeps TEMPORARY outputs 14 days)
    expires_at: datetime | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    def with_status(self, status: OrderStatus, raw_status: str = "") -> Order:
        return replace(self, status=status, raw_status=raw_status or status.value)


@dataclass
class OrderAction:
    """A provider-specific step the user takes on an order: accept a tasking quotation, approve a
    tasking request, pick a feasibility option. The dock lists these for the selected order, so no
    provider needs widgets of its own. ``confirm`` is asked before running; an action that spends money
    must state the cost there."""

    id: str
    label: str
    confirm: str = ""
    #: what the step costs, as the user reads it ("2,968 credits"): kept with the order once done
    cost: str = ""


@dataclass
class ResultAsset:
    """One downloadable result file. ``href`` may be a signed URL: it is a secret, never logged."""

    href: str = field(repr=False)
    file_name: str
    size: int | None = None
    media_type: str = ""
    checksum: str = ""
    checksum_algorithm: str = ""
    #: "zip", "raster", "metadata", "thumbnail", "other"
    role: str = "raster"
    order_id: str = ""


@dataclass
class Page(Generic[T]):
    items: list[T]
    total: int | None = None
    next_token: Any = None


@dataclass
class OrderQuery:
    status: OrderStatus | None = None
    name: str = ""
    workflow_name: str = ""
    top: int = 100
    skip: int = 0


@dataclass
class ConnectionConfig:
    """A saved provider connection. ``secret`` is filled at run time from the secret store and never
    persisted with the rest; ``urls`` holds every endpoint so the same code reaches the real service or
    the sandbox."""

    id: str
    name: str
    kind: str
    urls: dict[str, str] = field(default_factory=dict)
    username: str = ""
    secret: str = field(default="", repr=False)
    options: dict[str, Any] = field(default_factory=dict)


#: what a wrong reply shape raises inside a parser: ``body["x"]`` on a list, ``None.get``, ``int("abc")``...
SHAPE_ERRORS = (KeyError, TypeError, AttributeError, ValueError, IndexError, RecursionError, UnicodeError)
#: the public calls guarded by ``Provider`` (every one a provider class defines is wrapped)
GUARDED_CALLS = ("workflows", "search_inputs", "validate", "quote", "submit", "orders", "order",
                 "find_orders_by_name", "cancel", "order_actions", "run_order_action", "results", "open_asset",
                 "fresh_asset_url", "refresh_orders", "workflow_schema", "all_orders", "order_items",
                 "quotations", "feasibility", "user_info", "tasking_requests", "workflow")


def _guarded(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap one provider call: any wrong-shape exception raised while it parses a reply becomes a
    ``ProviderError`` naming the provider and the call; its HTTP requests share one bounded budget.

    A submit that fails this way may have created the order (the reply came back, only its shape was
    wrong), so it becomes an ``AmbiguousSubmitError`` and the caller reconciles by name instead of
    submitting again.
    """
    if getattr(func, "_eo_guarded", False):
        return func

    @functools.wraps(func)
    def wrapper(self: Provider, *args: Any, **kwargs: Any) -> Any:
        from .http import call_scope

        title = getattr(self, "title", type(self).__name__)
        try:
            with call_scope(f"{title}: {name}"):
                return func(self, *args, **kwargs)
        except ProviderError:
            raise
        except SHAPE_ERRORS as exc:
            what = tr("nested too deeply") if isinstance(exc, RecursionError) else f"{type(exc).__name__}"
            if name == "submit":
                raise AmbiguousSubmitError(tr(
                    "{provider} sent a reply this plugin cannot read ({call}: unexpected data shape, {what}). The "
                    "service may have changed; try again later or report it. The order may have been placed.").format(
                    provider=title, call=name, what=what), details=str(exc)) from None
            raise ProviderError(tr("{provider} sent a reply this plugin cannot read ({call}: unexpected data shape, "
                                   "{what}). The service may have changed; try again later or report it.").format(
                provider=title, call=name, what=what), details=str(exc)[:500]) from None

    wrapper._eo_guarded = True  # type: ignore[attr-defined]
    return wrapper


class Provider(ABC):
    """The small interface every provider implements.

    Methods block on the network: callers run them in a background task. They raise only
    ``ProviderError`` subclasses: every public call a subclass defines is wrapped (``__init_subclass__``)
    so that a reply of the wrong shape can never escape as a raw ``KeyError``/``TypeError``.
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name in GUARDED_CALLS:
            func = cls.__dict__.get(name)
            if callable(func) and not isinstance(func, (staticmethod, classmethod)):
                setattr(cls, name, _guarded(name, func))

    kind: ClassVar[str]
    title: ClassVar[str]
    capabilities: ClassVar[frozenset[Capability]]
    #: endpoint name -> default URL of the real service
    default_urls: ClassVar[dict[str, str]]
    #: JSON Schema of the connection's provider-specific settings (rendered by the connection dialog)
    connection_options_schema: ClassVar[dict[str, Any]] = {"type": "object", "properties": {}}
    #: what the secret is called in the connection dialog
    secret_label: ClassVar[str] = "Password"
    #: who pays for orders and where the account comes from, in one sentence marked with ``QT_TR_NOOP``: the
    #: dock and the connection dialog show it (``tr(cls.costs)``) so the analyst knows which providers charge
    #: before the first order, not only in the plugin's ``about`` and the guide
    costs: ClassVar[str] = ""
    #: orders are paid for (the dock marks such a connection; every quote is confirmed before a submit)
    charges: ClassVar[bool] = False
    #: the most AOI vertices an order may carry, where the provider has a limit (the dock offers to simplify)
    max_aoi_vertices: ClassVar[int | None] = None
    #: (lowest, highest, default) priority, for providers with ``Capability.PRIORITY``
    priority_range: ClassVar[tuple[int, int, int]] = (1, 100, 1)

    def __init__(self, connection: ConnectionConfig, transport: Any = None) -> None:
        from .http import Transport

        self.connection = connection
        self.transport: Transport = transport or Transport()
        # credentials go only to the endpoints the connection names (see Transport.credentials_allowed)
        self.transport.trust(*(self.url(name) for name in {**self.default_urls, **connection.urls}))

    def url(self, name: str) -> str:
        return (self.connection.urls.get(name) or self.default_urls[name]).rstrip("/")

    def supports(self, capability: Capability) -> bool:
        return capability in self.capabilities

    @abstractmethod
    def workflows(self, filter_text: str = "") -> list[Workflow]: ...

    def search_inputs(self, query: InputQuery) -> Page[InputProduct]:
        raise NotSupportedError(tr("{provider} orders are not placed on catalogue products.").format(
                                    provider=self.title))

    def validate(self, request: OrderRequest) -> None:
        """Raise ``ValidationError`` for a request the provider would reject; sends nothing."""
        from .schema import validate_options

        validate_options(request.workflow.options_schema, request.options)

    def quote(self, request: OrderRequest) -> Quote:
        raise NotSupportedError(tr("{provider} gives no cost quote.").format(provider=self.title))

    @abstractmethod
    def submit(self, request: OrderRequest) -> Order: ...

    @abstractmethod
    def orders(self, query: OrderQuery | None = None) -> Page[Order]: ...

    @abstractmethod
    def order(self, order_id: str) -> Order: ...

    def find_orders_by_name(self, name: str) -> list[Order]:
        """Orders carrying this client-chosen name: used to reconcile after an ambiguous submit."""
        return [o for o in self.orders(OrderQuery(name=name)).items if o.name == name]

    def cancel(self, order_id: str) -> Order | None:
        raise NotSupportedError(tr("{provider} does not support cancelling orders.").format(provider=self.title))

    def order_actions(self, order: Order) -> list[OrderAction]:
        """Steps the user can take on ``order`` now (may ask the service); none by default."""
        return []

    def run_order_action(self, order: Order, action_id: str) -> Order:
        """Carry out one of ``order_actions(order)``; returns the order's fresh state."""
        raise NotSupportedError(tr("{provider} offers no action '{action_id}' on orders.").format(
                                    provider=self.title, action_id=action_id))

    @abstractmethod
    def results(self, order: Order) -> list[ResultAsset]: ...

    @abstractmethod
    def open_asset(self, asset: ResultAsset, offset: int = 0) -> requests.Response:
        """A streaming response for the asset body from byte ``offset`` (Range), auth applied."""

    def fresh_asset_url(self, order_id: str, file_name: str) -> str:
        """A new URL for one result file (signed URLs expire): streamed layers are re-pointed with it
        when a project is reopened."""
        for asset in self.results(self.order(order_id)):
            if asset.file_name == file_name:
                return asset.href
        raise NotFoundError(tr("Order {order_id} has no result file {file_name} any more.").format(
                                order_id=order_id, file_name=file_name))

    def refresh_orders(self, orders: Iterable[Order]) -> list[Order]:
        """Fresh state of several orders; providers with a bulk listing override this."""
        return [self.order(o.id) for o in orders]

    def close(self) -> None:
        self.transport.close()
