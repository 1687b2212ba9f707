# SPDX-License-Identifier: GPL-2.0-or-later
"""Downloading an order's results: the background work behind the dock's "Download" button.

Why a work function and not a task class: ``TaskRunner`` already keeps tasks alive and delivers results
on the main thread; this module only says what the worker thread does (list assets, stream each one
with resume and verification, unpack zips safely) and returns plain data that ``layers`` turns into
map layers on the main thread. No widgets, no project access here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..providers.base import Order, Provider, ResultAsset
from ..providers.download import (
    archive_kind,
    archive_stem,
    download_asset,
    file_matches,
    raster_files,
    safe_extract,
    safe_file_name,
)
from .settings import DOWNLOAD_DIR

SETTINGS_KEY = DOWNLOAD_DIR.key
DEFAULT_FOLDER_NAME = "EO Orders downloads"


@dataclass
class DownloadResult:
    folder: Path
    files: list[Path]
    rasters: list[Path]
    order: Order
    #: file names that were already complete on disk and not downloaded again
    skipped: list[str] = field(default_factory=list)
    #: (URL, file name) of raster assets to open over HTTP instead of downloading; the URL may be signed,
    #: so it is a secret: it only goes to the layer source, never to a log
    streams: list[tuple[str, str]] = field(default_factory=list, repr=False)


def default_download_root() -> Path:
    """The user's download folder setting, else ``~/EO Orders downloads``."""
    value = DOWNLOAD_DIR.value()
    return Path(value).expanduser() if value else Path.home() / DEFAULT_FOLDER_NAME


def order_folder_name(order: Order) -> str:
    """One folder per order: its client-chosen name when it has one, else its id."""
    return safe_file_name(order.name or order.id, default=safe_file_name(order.id, default="order"))


def _unique_names(assets: list[ResultAsset]) -> list[str]:
    """Safe, distinct file names: batch items often all call their result ``result.zip``."""
    used: set[str] = set()
    names = []
    for i, asset in enumerate(assets):
        name = safe_file_name(asset.file_name or f"asset-{i + 1}")
        if name.lower() in used:
            stem, dot, ext = name.partition(".")
            n = 2
            while f"{stem}_{n}{dot}{ext}".lower() in used:
                n += 1
            name = f"{stem}_{n}{dot}{ext}"
        used.add(name.lower())
        names.append(name)
    return names


def download_results_work(provider: Provider, order: Order, dest_root: str | Path,
                          extract: bool = True, chunk_size: int = 1 << 20,
                          stream: bool = False) -> Callable[[Any], DownloadResult]:
    """The ``work`` for ``TaskRunner.start()``: download every result asset of ``order``.

    With ``stream``, raster assets are not downloaded: their URLs come back in ``streams`` for
    ``/vsicurl/`` layers, and only the small side files (metadata, thumbnails) are saved.

    Files go to ``dest_root/<order name or id>/``; zips are extracted next to themselves into a folder
    of the same stem. Progress is reported over the total bytes when every size is known, else per
    asset. ``task`` may be None (benchmark, scripts).
    """
    dest = Path(dest_root)

    def work(task: Any) -> DownloadResult:
        def cancelled() -> bool:
            return task is not None and task.isCanceled()

        def report(percent: float) -> None:
            if task is not None:
                task.setProgress(max(0.0, min(100.0, percent)))

        folder = dest / order_folder_name(order)
        assets = provider.results(order)
        streams: list[tuple[str, str]] = []
        if stream:
            streams = [(a.href, a.file_name) for a in assets if a.role == "raster"]
            assets = [a for a in assets if a.role != "raster"]
        names = _unique_names(assets)
        sizes = [a.size for a in assets]
        known_total = sum(s for s in sizes if s) if assets and all(s is not None for s in sizes) else None
        files: list[Path] = []
        #: files that may hold result rasters: previews and thumbnails are saved but not loaded as layers
        data_files: list[Path] = []
        skipped: list[str] = []
        done_before = 0
        for index, (asset, name) in enumerate(zip(assets, names)):
            if cancelled():
                break

            def progress(done: int, total: int | None, index: int = index, before: int = done_before) -> None:
                if known_total:
                    report(100.0 * (before + done) / known_total)
                elif total:
                    report(100.0 * (index + done / total) / len(assets))

            target = folder / name
            if asset.size is not None and file_matches(target, asset.size, asset.checksum, asset.checksum_algorithm):
                path = target
                skipped.append(name)
            else:
                path = download_asset(lambda offset, a=asset: provider.open_asset(a, offset), folder, name,
                                      expected_size=asset.size, checksum=asset.checksum,
                                      checksum_algorithm=asset.checksum_algorithm, progress=progress,
                                      is_cancelled=cancelled, chunk_size=chunk_size)
            done_before += asset.size or path.stat().st_size
            if known_total:
                report(100.0 * done_before / known_total)
            else:
                report(100.0 * (index + 1) / len(assets))
            files.append(path)
            side_file = asset.role in ("metadata", "thumbnail")
            if not side_file:
                data_files.append(path)
            kind = archive_kind(path, asset.media_type) if extract else ""
            if kind:
                # one compressed file (x.tif.gz) unpacks beside itself; an archive into a folder of its name
                where = folder if kind in ("gzip", "bzip2", "xz") else folder / archive_stem(name)
                extracted = safe_extract(path, where, asset.media_type)
                files.extend(extracted)
                if not side_file:
                    data_files.extend(extracted)
        return DownloadResult(folder=folder, files=files, rasters=raster_files(data_files), order=order,
                              skipped=skipped, streams=streams)

    return work
