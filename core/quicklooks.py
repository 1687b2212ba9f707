# SPDX-License-Identifier: GPL-2.0-or-later
"""Quicklooks of input products: fetched in the background, checked, cached on disk (bounded), shown small.

Why this care: an analyst picks inputs by their pictures, so the table should show them without ever
blocking QGIS; but a quicklook URL comes from a catalogue reply, so it is treated as untrusted: only
http(s), never with the connection's credentials (a token stays bound to the host that issued it),
bounded in size and time, and only kept when Qt can decode it as an image. The disk cache is bounded
too (oldest files go first), so browsing many searches never fills the profile folder.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Callable

from qgis.PyQt.QtCore import QObject, Qt, pyqtSignal
from qgis.PyQt.QtGui import QImage

from ..providers.base import InputProduct, ProviderError
from ..providers.http import Transport, safe_url
from ..providers.i18n import tr

log = logging.getLogger("eo_orders.quicklooks")

#: a quicklook larger than this is refused (real ones are 10–300 KB)
MAX_QUICKLOOK_BYTES = 4 << 20
#: the disk cache is trimmed to this size, oldest files first
CACHE_MAX_BYTES = 64 << 20
#: (connect, read) timeouts in seconds: a slow picture must not hold a task for a minute
TIMEOUT = (5.0, 15.0)
#: the longer side of the thumbnail shown in the table
THUMBNAIL_PX = 64
#: quicklooks fetched per background task, and tasks in flight at once
BATCH = 6
MAX_TASKS = 2
#: thumbnails kept in memory (the table asks for them on every repaint)
MEMORY_ITEMS = 500


class QuicklookCache:
    """Files named by a hash of the URL (without its query) under ``folder``; trimmed to ``max_bytes``."""

    def __init__(self, folder: str | Path, max_bytes: int = CACHE_MAX_BYTES) -> None:
        self.folder = Path(folder)
        self.max_bytes = max_bytes
        self._lock = threading.Lock()

    def path_for(self, url: str) -> Path:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:40]
        return self.folder / f"{key}.ql"

    def get(self, url: str) -> bytes | None:
        path = self.path_for(url)
        try:
            data = path.read_bytes()
            os.utime(path)  # recently used: trimmed last
            return data
        except OSError:
            return None

    def put(self, url: str, data: bytes) -> Path:
        """Store ``data`` atomically, then trim the cache."""
        path = self.path_for(url)
        with self._lock:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=str(self.folder), suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.replace(tmp, path)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
            self._trim()
        return path

    def size(self) -> int:
        return sum(p.stat().st_size for p in self.folder.glob("*.ql")) if self.folder.exists() else 0

    def _trim(self) -> None:
        files = []
        for p in self.folder.glob("*.ql"):
            try:
                st = p.stat()
            except OSError:
                continue
            files.append((st.st_mtime, st.st_size, p))
        total = sum(size for _, size, _ in files)
        for _, size, p in sorted(files, key=lambda f: f[0]):
            if total <= self.max_bytes:
                break
            try:
                p.unlink()
                total -= size
            except OSError:
                pass


def default_cache_folder() -> Path:
    """``<QGIS profile>/eo_orders/quicklooks`` (the profile is per user, and QGIS knows where it is)."""
    from qgis.core import QgsApplication

    return Path(QgsApplication.qgisSettingsDirPath()) / "eo_orders" / "quicklooks"


def fetch_quicklook(url: str, transport: Transport | None = None, max_bytes: int = MAX_QUICKLOOK_BYTES) -> bytes:
    """The image bytes at ``url``: http(s) only, no credentials, at most ``max_bytes``, decodable by Qt.

    Raises ``ProviderError`` with a short message otherwise.
    """
    if not isinstance(url, str) or not url.lower().startswith(("https://", "http://")):
        raise ProviderError(tr("The quicklook link is not an http(s) URL."))
    transport = transport or Transport()
    resp = transport.request("GET", url, stream=True, timeout=TIMEOUT, allow_redirects=True)
    try:
        ctype = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype and not ctype.startswith("image/") and ctype != "application/octet-stream":
            raise ProviderError(tr("The quicklook at {url} is not an image ({ctype}).").format(
                                    url=safe_url(url), ctype=ctype))
        declared = resp.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise ProviderError(tr("The quicklook at {url} is too large ({declared} bytes).").format(
                                    url=safe_url(url), declared=f"{int(declared):,}"))
        chunks, size = [], 0
        for chunk in resp.iter_content(64 << 10):
            size += len(chunk)
            if size > max_bytes:
                raise ProviderError(tr("The quicklook at {url} is larger than {max_bytes} bytes.").format(
                                        url=safe_url(url), max_bytes=f"{max_bytes:,}"))
            chunks.append(chunk)
    finally:
        resp.close()
    data = b"".join(chunks)
    if QImage.fromData(data).isNull():
        raise ProviderError(tr("The quicklook at {url} is not an image Qt can read.").format(url=safe_url(url)))
    return data


def thumbnail(data: bytes, size: int = THUMBNAIL_PX) -> QImage:
    """A ``size`` px thumbnail (aspect kept); QImage is safe to make in a worker thread."""
    image = QImage.fromData(data)
    if image.isNull():
        return image
    return image.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation)


def quicklook_work(products: list[InputProduct], cache: QuicklookCache,
                   transport: Transport | None) -> Callable[[Any], list[tuple[str, QImage | None, str]]]:
    """Background work for a batch: ``[(product id, thumbnail or None, error text)]``, from the cache
    when there, else fetched and cached. Stops between products when the task is cancelled."""

    def work(task: Any) -> list[tuple[str, QImage | None, str]]:
        out: list[tuple[str, QImage | None, str]] = []
        for i, product in enumerate(products):
            if task is not None and task.isCanceled():
                break
            url = product.quicklook_url or ""
            data = cache.get(url)
            if data is None or QImage.fromData(data).isNull():
                try:
                    data = fetch_quicklook(url, transport)
                except ProviderError as exc:
                    out.append((product.id, None, str(exc)))
                    continue
                cache.put(url, data)
            out.append((product.id, thumbnail(data), ""))
            if task is not None:
                task.setProgress(100.0 * (i + 1) / len(products))
        return out

    return work


class QuicklookLoader(QObject):
    """Fetches the quicklooks of the products it is asked for, a few at a time, through a ``TaskRunner``.

    ``thumbnailReady(product id)`` fires on the main thread when ``thumbnail(product id)`` has an image;
    ``thumbnailFailed(product id, message)`` when there will be none. Products without a quicklook URL
    are ignored. ``clear()`` forgets pending work (a new search), ``cancel()`` stops it.
    """

    thumbnailReady = pyqtSignal(str)
    thumbnailFailed = pyqtSignal(str, str)

    def __init__(self, runner: Any, cache: QuicklookCache | None = None,
                 transport: Transport | Callable[[], Transport | None] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.cache = cache or QuicklookCache(default_cache_folder())
        self._transport = transport
        self._images: OrderedDict[str, QImage] = OrderedDict()
        self._failed: dict[str, str] = {}
        self._queue: list[InputProduct] = []
        self._pending: set[str] = set()
        self._tasks: set[Any] = set()
        self._generation = 0

    def _transport_now(self) -> Transport | None:
        t = self._transport
        return t() if callable(t) and not isinstance(t, Transport) else t

    def thumbnail(self, product_id: str) -> QImage | None:
        image = self._images.get(product_id)
        if image is not None:
            self._images.move_to_end(product_id)
        return image

    def error(self, product_id: str) -> str:
        return self._failed.get(product_id, "")

    def request(self, products: Iterable[InputProduct]) -> int:
        """Queue the products' quicklooks not yet known or on the way; returns how many were queued."""
        queued = 0
        for product in products:
            if not product.quicklook_url or product.id in self._images or product.id in self._pending \
                    or product.id in self._failed:
                continue
            self._queue.append(product)
            self._pending.add(product.id)
            queued += 1
        self._pump()
        return queued

    def clear(self) -> None:
        """Forget what is queued (running batches finish, and their thumbnails are kept)."""
        for product in self._queue:
            self._pending.discard(product.id)
        self._queue.clear()
        self._failed.clear()

    def cancel(self) -> None:
        self.clear()
        self._generation += 1
        for task in list(self._tasks):
            task.cancel()
        self._pending.clear()

    @property
    def busy(self) -> bool:
        return bool(self._queue or self._tasks)

    def _pump(self) -> None:
        while self._queue and len(self._tasks) < MAX_TASKS:
            batch, self._queue = self._queue[:BATCH], self._queue[BATCH:]
            generation = self._generation
            holder: dict[str, Any] = {}

            def done(results: list[tuple[str, QImage | None, str]], holder: dict[str, Any] = holder,
                     batch: list[InputProduct] = batch, generation: int = generation) -> None:
                self._tasks.discard(holder.get("task"))
                self._finish(batch, results, generation)

            def failed(err: ProviderError, holder: dict[str, Any] = holder, batch: list[InputProduct] = batch,
                       generation: int = generation) -> None:
                self._tasks.discard(holder.get("task"))
                self._finish(batch, [(p.id, None, str(err)) for p in batch], generation)

            description = (tr("EO Orders: 1 quicklook") if len(batch) == 1
                           else tr("EO Orders: {count} quicklooks").format(count=len(batch)))
            task = self.runner.start(description,
                                     quicklook_work(batch, self.cache, self._transport_now()), done, failed,
                                     owner=self, ask_before_cancel=False)
            holder["task"] = task
            self._tasks.add(task)
            # a cancelled task calls neither callback: forget it when it ends however it ends
            task.taskTerminated.connect(lambda t=task: self._tasks.discard(t))

    def _finish(self, batch: list[InputProduct], results: list[tuple[str, QImage | None, str]],
                generation: int) -> None:
        for product in batch:
            self._pending.discard(product.id)
        if generation == self._generation:
            for pid, image, err in results:
                if image is not None and not image.isNull():
                    self._images[pid] = image
                    while len(self._images) > MEMORY_ITEMS:
                        self._images.popitem(last=False)
                    self.thumbnailReady.emit(pid)
                else:
                    self._failed[pid] = err or tr("No quicklook.")
                    log.info("no quicklook for %s: %s", pid, err)
                    self.thumbnailFailed.emit(pid, self._failed[pid])
        self._pump()
