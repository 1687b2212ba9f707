# SPDX-License-Identifier: GPL-2.0-or-later
"""What a result file is: mission, product type, acquisition time, polarisations — from what the provider
told (the order) and from the product's own name, so a layer reads "Sentinel-1A · CARD-BS · 2024-01-05
05:12 UTC · VV/VH" instead of a file name, carries metadata, and sits on the temporal controller's timeline.

Why names: every provider here delivers products whose names follow the mission's naming convention
(Sentinel ``S1A_IW_GRDH_1SDV_<start>_<stop>_…``, ``S2B_MSIL2A_<sensing>_…``, Capella
``CAPELLA_C02_SP_GEO_HH_<start>_<stop>``); the order only knows the workflow. No Qt here but QGIS-free
types, so it is cheap to test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path, PurePath
from typing import Any

POLARISATIONS = ("VV", "VH", "HH", "HV")
_POL_TOKEN = re.compile(r"(?<![A-Za-z0-9])(VV|VH|HH|HV)(?![A-Za-z0-9])", re.I)
_ISO_COMPACT = re.compile(r"(?<!\d)(\d{8}T\d{6})(?!\d)")
_DIGITS14 = re.compile(r"(?<!\d)(\d{14})(?!\d)")

#: mission prefix of a product name → (mission, platform letter group)
_MISSIONS = (
    (re.compile(r"^S1([A-D])_", re.I), "Sentinel-1"),
    (re.compile(r"^S2([A-D])_", re.I), "Sentinel-2"),
    (re.compile(r"^S3([A-D])_", re.I), "Sentinel-3"),
    (re.compile(r"^S5P_", re.I), "Sentinel-5P"),
    (re.compile(r"^CAPELLA_(C\d+)_", re.I), "Capella"),
)
SENTINEL_LICENCE = ("Copernicus Sentinel data: free, full and open access under the Copernicus data policy "
                    "(Regulation (EU) No 377/2014 and Delegated Regulation (EU) No 1159/2013)")
#: words that mark a single-band product that is not backscatter even when a polarisation is in its name
NOT_BACKSCATTER = ("COH", "COHERENCE", "NDVI", "LST", "INDEX", "MASK", "CLASS")


@dataclass
class ResultInfo:
    """What is known about one result (or, before ``for_product``, about the whole order)."""

    order_id: str = ""
    order_name: str = ""
    provider: str = ""
    provider_kind: str = ""
    workflow: str = ""
    product: str = ""
    mission: str = ""
    product_type: str = ""
    start: datetime | None = None
    end: datetime | None = None
    licence: str = ""
    polarisations: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_order(cls, order: Any, provider: Any = None, **extra: Any) -> ResultInfo:
        """From a ``providers.base.Order`` and the ``Provider`` (or its class) that delivered it."""
        return cls(order_id=str(getattr(order, "id", "") or ""), order_name=str(getattr(order, "name", "") or ""),
                   provider=str(getattr(provider, "title", "") or ""),
                   provider_kind=str(getattr(provider, "kind", "") or ""),
                   workflow=str(getattr(order, "workflow_name", "") or ""), extra=dict(extra))

    def for_product(self, product: str, file_stem: str = "") -> ResultInfo:
        """This order's info completed from one product's name (and its file's, for polarisations)."""
        parsed = parse_product_name(product)
        if not parsed.mission and file_stem:
            parsed = parse_product_name(file_stem)
        out = replace(self, product=product, mission=parsed.mission or self.mission,
                      product_type=self.product_type or pretty_workflow(self.workflow) or parsed.product_type,
                      start=parsed.start or self.start, end=parsed.end or self.end or parsed.start or self.start,
                      polarisations=polarisations_in(file_stem) or polarisations_in(product) or self.polarisations)
        if not out.licence and out.mission.startswith("Sentinel"):
            out.licence = SENTINEL_LICENCE
        return out

    @property
    def is_backscatter(self) -> bool:
        words = " ".join((self.product, self.product_type, self.workflow)).upper().replace("-", "_")
        tokens = [t for t in re.split(r"[^A-Z0-9]+", words) if t]
        derived = any(t.startswith(word) for t in tokens for word in NOT_BACKSCATTER)  # COH12, NDVI_…
        return bool(self.polarisations) and not derived

    def time_label(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M} UTC" if self.start else ""

    def layer_name(self, bands: str = "") -> str:
        """"Sentinel-1A · CARD-BS · 2024-01-05 05:12 UTC · VV/VH"; the product name when little is known."""
        parts = [self.mission, self.product_type, self.time_label()]
        known = [p for p in parts if p]
        if len(known) < 2:
            known = [self.product or self.order_name or "Result"]
        if bands:
            known.append(bands)
        return " · ".join(known)

    def keywords(self) -> dict[str, list[str]]:
        pairs = {"mission": self.mission, "product type": self.product_type, "workflow": self.workflow,
                 "provider": self.provider, "order": self.order_id, "product": self.product}
        out = {k: [v] for k, v in pairs.items() if v}
        if self.polarisations:
            out["polarisation"] = list(self.polarisations)
        return out

    def abstract(self) -> str:
        lines = [f"Result of order “{self.order_name or self.order_id}”" + (f" ({self.order_id})" if self.order_id
                                                                             and self.order_name else "")
                 + (f" from {self.provider}" if self.provider else "") + "."]
        if self.workflow:
            lines.append(f"Workflow: {self.workflow}.")
        if self.product:
            lines.append(f"Product: {self.product}.")
        if self.start:
            when = f"{self.start:%Y-%m-%d %H:%M:%S} UTC"
            if self.end and self.end != self.start:
                when += f" to {self.end:%Y-%m-%d %H:%M:%S} UTC"
            lines.append(f"Acquired {when}.")
        return " ".join(lines)


def pretty_workflow(name: str) -> str:
    """``card_bs`` → ``CARD-BS``; names that already have capitals or spaces stay as they are."""
    if not name:
        return ""
    if name.islower() and " " not in name and len(name) <= 24:
        return name.replace("_", "-").upper()
    return name


def polarisations_in(name: str) -> list[str]:
    """Polarisation tokens of a name in their order, once each: ``…_VV_VH`` → ``["VV", "VH"]``."""
    out: list[str] = []
    for match in _POL_TOKEN.finditer(name.replace("_", " ").replace("-", " ")):
        pol = match.group(1).upper()
        if pol not in out:
            out.append(pol)
    return out


def _utc(text: str, fmt: str) -> datetime | None:
    try:
        return datetime.strptime(text, fmt).replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def parse_product_name(name: str) -> ResultInfo:
    """Mission, product type and acquisition time from a product name (empty fields when not recognised)."""
    stem = PurePath(name).name
    info = ResultInfo()
    for pattern, mission in _MISSIONS:
        m = pattern.match(stem)
        if m is None:
            continue
        unit = m.group(1).upper() if m.groups() else ""
        info.mission = f"{mission}{unit}" if mission.startswith("Sentinel") else f"{mission} {unit}".strip()
        tokens = stem.split("_")
        if mission == "Sentinel-1" and len(tokens) > 2:
            info.product_type = f"{tokens[1]} {tokens[2]}"  # IW GRDH
        elif mission in ("Sentinel-2", "Sentinel-3") and len(tokens) > 1:
            info.product_type = tokens[1]
        break
    compact = _ISO_COMPACT.findall(stem)
    if compact:
        info.start = _utc(compact[0], "%Y%m%dT%H%M%S")
        # Sentinel-2's second time is the processing baseline's, not the end of the acquisition
        if len(compact) > 1 and not info.mission.startswith("Sentinel-2"):
            info.end = _utc(compact[1], "%Y%m%dT%H%M%S")
    else:
        digits = _DIGITS14.findall(stem)
        if digits:
            info.start = _utc(digits[0], "%Y%m%d%H%M%S")
            if len(digits) > 1:
                info.end = _utc(digits[1], "%Y%m%d%H%M%S")
    if info.start and info.end and info.end < info.start:
        info.end = None
    return info


def product_of(path: str | Path, root: str | Path | None) -> str:
    """The product a result file belongs to: its top folder under the order's folder (an extracted zip),
    else the file's own stem."""
    path = Path(path)
    if root is not None:
        try:
            rel = path.resolve().relative_to(Path(root).resolve())
        except (ValueError, OSError):
            rel = None
        if rel is not None and len(rel.parts) > 1:
            top = rel.parts[0]
            return top[:-4] if top.lower().endswith(".zip") else top
    return path.stem


def gdal_acquisition_time(path: str) -> datetime | None:
    """An acquisition time a GeoTIFF carries in its metadata (``ACQUISITION_START_TIME``, ``TIFFTAG_DATETIME``)."""
    try:
        from osgeo import gdal

        ds = gdal.Open(path)
        md = (ds.GetMetadata() or {}) if ds is not None else {}
    except Exception:  # GDAL absent or the file vanished: no time from here
        return None
    for key in ("ACQUISITION_START_TIME", "ACQUISITION_TIME", "DATETIME", "datetime", "START_TIME"):
        value = md.get(key)
        if value:
            try:
                parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
            except ValueError:
                continue
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
    value = md.get("TIFFTAG_DATETIME")
    return _utc(value, "%Y:%m:%d %H:%M:%S") if value else None
