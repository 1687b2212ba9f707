"""Result downloads that survive flaky networks and hostile file names.

Why its own module: results are often gigabytes behind signed URLs on object stores. A dropped
connection must cost only the missing bytes (HTTP ``Range`` resume), a server that ignores ``Range``
must not corrupt the file, a half-written file must never look like a finished one (``.part`` +
``os.replace``), and names chosen by a remote server or a zip archive must never write outside the
download folder. Pure Python (requests only) so the benchmark and the tests use it without QGIS.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import os
import re
import shutil
import threading
import unicodedata
import zipfile
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

import requests

from .base import ProviderError

log = logging.getLogger("eo_orders.download")

OpenFn = Callable[[int], requests.Response]
Progress = Callable[[int, "int | None"], None]

#: bytes kept free on the disk on top of the announced size, so a download never fills the disk to zero
DISK_MARGIN = 64 << 20
MAX_NAME_BYTES = 180
RASTER_SUFFIXES = frozenset({".tif", ".tiff", ".jp2", ".vrt"})

_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"COM{i}" for i in range(1, 10)} | {f"LPT{i}" for i in range(1, 10)}
    | {f"COM{c}" for c in "¹²³"} | {f"LPT{c}" for c in "¹²³"}
)
_BAD_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_DROPS = (requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError,
          requests.exceptions.ReadTimeout)


def body_blocks(resp: requests.Response, chunk_size: int) -> Iterator[bytes]:
    """``resp.iter_content(chunk_size)``, except that every byte that arrived before a drop is handed over.

    Why: under urllib3 2 (Debian 13, so QGIS 3.44 there; most current installs) ``iter_content`` gathers
    ``chunk_size`` bytes before it yields, and a connection that breaks meanwhile takes what was gathered
    with it: each drop would cost up to a whole chunk again, and a download that keeps breaking early
    never keeps a byte. ``read1`` returns what arrived without waiting for more, so the bytes gathered
    here are yielded before the error is raised. urllib3 1.26 (Debian 12) has no ``read1`` and already
    returns a short read; chunked bodies keep ``iter_content``. Errors are mapped as requests maps them,
    so callers catch requests' exceptions whichever path ran.
    """
    raw = resp.raw
    read1 = getattr(raw, "read1", None)
    if read1 is None or getattr(raw, "chunked", False):
        yield from resp.iter_content(chunk_size)
        return
    from urllib3.exceptions import DecodeError, ProtocolError, ReadTimeoutError, SSLError

    buf = bytearray()
    try:
        while True:
            data = read1(chunk_size - len(buf), decode_content=True)
            if not data:
                break
            buf += data
            if len(buf) >= chunk_size:
                block = bytes(buf)
                buf.clear()
                yield block
    except (ProtocolError, ReadTimeoutError, DecodeError, SSLError) as exc:
        if buf:
            block = bytes(buf)
            buf.clear()
            yield block
        if isinstance(exc, ProtocolError):
            raise requests.exceptions.ChunkedEncodingError(exc) from exc
        if isinstance(exc, DecodeError):
            raise requests.exceptions.ContentDecodingError(exc) from exc
        if isinstance(exc, ReadTimeoutError):
            raise requests.exceptions.ConnectionError(exc) from exc
        raise requests.exceptions.SSLError(exc) from exc
    if buf:
        yield bytes(buf)


class DownloadCancelled(ProviderError):
    """The user cancelled; the partial file was deleted."""


# --------------------------------------------------------------------------- names


def _split_ext(name: str) -> tuple[str, str]:
    """Stem and extension, keeping short compound extensions such as ``.tar.gz`` together."""
    parts = name.split(".")
    if len(parts) == 1 or parts[0] == "":
        return name, ""
    ext_parts: list[str] = []
    for part in reversed(parts[1:]):
        if 0 < len(part) <= 5 and part.isalnum() and len(ext_parts) < 2:
            ext_parts.insert(0, part)
        else:
            break
    if not ext_parts:
        return name, ""
    stem = ".".join(parts[: len(parts) - len(ext_parts)])
    return stem, "." + ".".join(ext_parts)


def safe_file_name(name: str, default: str = "download") -> str:
    """A single, portable file name derived from ``name`` (which may come from a remote server).

    No separators, no ``..``, no absolute or drive paths, no control characters, no Windows-reserved
    device names, at most ``MAX_NAME_BYTES`` UTF-8 bytes, extension kept.
    """
    text = unicodedata.normalize("NFC", str(name or ""))
    text = _BAD_CHARS.sub("_", text)
    text = re.sub(r"\.{2,}", ".", text)
    text = re.sub(r"_{2,}", "_", text)
    text = text.strip(" ._")
    if not text:
        text = default
    stem, ext = _split_ext(text)
    if stem.split(".")[0].upper().rstrip() in _WINDOWS_RESERVED:
        stem = "_" + stem
    encoded_ext = ext.encode("utf-8")
    budget = MAX_NAME_BYTES - len(encoded_ext)
    if len(stem.encode("utf-8")) > budget:
        stem = stem.encode("utf-8")[:budget].decode("utf-8", "ignore").rstrip(" .")
    out = (stem or default) + ext
    return out if out not in (".", "..") else default


# --------------------------------------------------------------------------- checksums


_MULTIHASH = {"d5": "md5", "11": "sha1", "12": "sha256", "13": "sha512", "1e": "blake3"}
_BY_HEX_LENGTH = {32: "md5", 40: "sha1", 64: "sha256", 128: "sha512"}


def _normalise_algorithm(name: str) -> str:
    return name.lower().replace("-", "").replace("_", "")


def parse_checksum(checksum: str, algorithm: str = "") -> tuple[str, bytes] | None:
    """``(algorithm, digest bytes)`` from the many ways providers write checksums, or None if unknown.

    Accepts hex or base64 digests, ``"sha256:<hex>"`` prefixes and STAC multihash hex (``1220...``).
    """
    value = (checksum or "").strip()
    if not value:
        return None
    algo = _normalise_algorithm(algorithm)
    if ":" in value and not algo:
        prefix, value = value.split(":", 1)
        algo = _normalise_algorithm(prefix)
    value = value.strip()
    digest: bytes | None = None
    if re.fullmatch(r"[0-9a-fA-F]+", value) and len(value) % 2 == 0:
        digest = bytes.fromhex(value)
        if not algo and value[:2].lower() in _MULTIHASH and len(digest) >= 2 and digest[1] == len(digest) - 2:
            algo, digest = _MULTIHASH[value[:2].lower()], digest[2:]
        elif not algo:
            algo = _BY_HEX_LENGTH.get(len(value), "")
    else:
        try:
            digest = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            return None
        if not algo:
            algo = _BY_HEX_LENGTH.get(len(digest) * 2, "")
    return (algo, digest) if algo and digest else None


def new_hasher(algorithm: str) -> Any | None:
    """A hashlib-like object for ``algorithm``; None when it is not available here (e.g. no blake3)."""
    algo = _normalise_algorithm(algorithm)
    if algo == "blake3":
        try:
            import blake3  # type: ignore[import-not-found]
        except ImportError:
            return None
        return blake3.blake3()
    try:
        return hashlib.new(algo)
    except (ValueError, TypeError):
        return None


_hash_pool: ThreadPoolExecutor | None = None
_hash_pool_lock = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    global _hash_pool
    with _hash_pool_lock:
        if _hash_pool is None:
            # one worker: blocks are hashed strictly in the order they were handed over
            _hash_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="eo-orders-hash")
        return _hash_pool


def shutdown_hash_pool() -> None:
    """Plugin unload: let the hashing threads end (a new pool is made on the next download)."""
    global _hash_pool
    with _hash_pool_lock:
        pool, _hash_pool = _hash_pool, None
    if pool is not None:
        pool.shutdown(wait=True)


def _overlapped(hasher: Any | None) -> OverlappedHasher | None:
    return OverlappedHasher(hasher) if hasher is not None else None


class OverlappedHasher:
    """Feeds a hasher from a helper thread, one block behind the download loop.

    Why: on a fast link MD5 costs as much as the transfer itself; ``hashlib`` releases the GIL on large
    blocks, so hashing earlier blocks while the next ones are read and written overlaps the two. At most
    ``MAX_PENDING`` blocks wait (8 MiB with 1 MiB blocks), so memory stays flat; the pool has a single
    worker, so blocks reach the hasher in order.
    """

    MAX_PENDING = 8

    def __init__(self, hasher: Any) -> None:
        self.hasher = hasher
        self._pending: deque[Future[Any]] = deque()

    def update(self, block: bytes) -> None:
        while len(self._pending) >= self.MAX_PENDING:
            self._pending.popleft().result()
        self._pending.append(_pool().submit(self.hasher.update, block))

    def digest(self) -> bytes:
        while self._pending:
            self._pending.popleft().result()
        return self.hasher.digest()


def file_digest(path: str | Path, algorithm: str, chunk_size: int = 1 << 20) -> bytes | None:
    hasher = new_hasher(algorithm)
    if hasher is None:
        return None
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(chunk_size), b""):
            hasher.update(block)
    return hasher.digest()


def file_matches(path: str | Path, size: int | None = None, checksum: str = "", checksum_algorithm: str = "") -> bool:
    """Whether an existing file is the expected one (size and checksum when known): skips re-downloads."""
    p = Path(path)
    if not p.is_file() or (size is not None and p.stat().st_size != size):
        return False
    parsed = parse_checksum(checksum, checksum_algorithm)
    if parsed is None:
        return size is not None
    got = file_digest(p, parsed[0])
    return got is None and size is not None or got == parsed[1]


# --------------------------------------------------------------------------- download


def _content_range(resp: requests.Response) -> tuple[int, int | None] | None:
    """``(start, total)`` from a ``Content-Range: bytes a-b/total`` header."""
    m = re.match(r"\s*bytes\s+(\d+)-(\d+)/(\d+|\*)", resp.headers.get("Content-Range", ""))
    if not m:
        return None
    return int(m.group(1)), None if m.group(3) == "*" else int(m.group(3))


def _content_length(resp: requests.Response) -> int | None:
    if resp.headers.get("Content-Encoding", "identity").lower() not in ("", "identity"):
        return None  # requests decodes the body: the header counts encoded bytes
    try:
        return int(resp.headers["Content-Length"])
    except (KeyError, ValueError):
        return None


def check_disk_space(folder: str | Path, needed: int | None) -> None:
    if needed is None or needed <= 0:
        return
    free = shutil.disk_usage(folder).free
    if free < needed + DISK_MARGIN:
        raise ProviderError(f"Not enough free disk space in {folder}: {_size(needed)} needed, {_size(free)} free. "
                            f"Free some space or choose another download folder.")


def _size(n: int) -> str:
    value = float(n)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if value < 1024 or unit == "TB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{n} B"  # pragma: no cover


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def download_asset(open_fn: OpenFn, dest_dir: str | Path, file_name: str, *,
                   expected_size: int | None = None, checksum: str = "", checksum_algorithm: str = "",
                   progress: Progress | None = None, is_cancelled: Callable[[], bool] | None = None,
                   chunk_size: int = 1 << 20, max_resumes: int = 5) -> Path:
    """Stream one asset to ``dest_dir/<safe file_name>`` and return that path.

    ``open_fn(offset)`` returns a streaming response for the body from ``offset`` (a ``Range`` request
    when offset > 0). A connection drop mid-body resumes from the bytes on disk (at most
    ``max_resumes`` times); a 200 answer to a ranged request restarts from zero. The file appears
    under its final name only after its size and checksum were verified; on cancel or error the
    ``.part`` file is removed, except after a network failure, where it stays for a later resume.
    """
    folder = Path(dest_dir)
    folder.mkdir(parents=True, exist_ok=True)
    name = safe_file_name(file_name)
    final = folder / name
    part = folder / (name + ".part")
    cancelled = is_cancelled or (lambda: False)
    parsed = parse_checksum(checksum, checksum_algorithm)
    if checksum and parsed is None:
        log.warning("unrecognised checksum for %s: not verified", name)
    elif parsed is not None and new_hasher(parsed[0]) is None:
        log.warning("%s checksums cannot be computed here: %s not verified", parsed[0], name)
        parsed = None

    offset = part.stat().st_size if part.exists() else 0
    if expected_size is not None and offset > expected_size:
        _unlink(part)
        offset = 0
    hasher = _overlapped(new_hasher(parsed[0]) if parsed else None)
    if hasher is not None and offset:
        with open(part, "rb") as fh:
            for block in iter(lambda: fh.read(chunk_size), b""):
                hasher.update(block)
    total: int | None = expected_size
    check_disk_space(folder, None if expected_size is None else expected_size - offset)
    resumes = 0
    checked_space = expected_size is not None

    def fail(message: str, keep_part: bool = False) -> ProviderError:
        if not keep_part:
            _unlink(part)
        return ProviderError(message)

    def restart() -> None:
        nonlocal offset, hasher
        _unlink(part)
        offset = 0
        hasher = _overlapped(new_hasher(parsed[0]) if parsed else None)

    while expected_size is None or offset < expected_size:
        if cancelled():
            _unlink(part)
            raise DownloadCancelled(f"Download of {name} cancelled.")
        try:
            resp = open_fn(offset)
        except _DROPS as exc:
            resumes += 1
            if resumes > max_resumes:
                raise fail(f"Download of {name} failed: the connection kept dropping ({type(exc).__name__}).",
                           keep_part=True) from None
            continue
        except ProviderError:
            if offset == 0:
                _unlink(part)
            raise
        try:
            status = resp.status_code
            if status == 416 and offset:
                restart()
                resumes += 1
                if resumes > max_resumes:
                    raise fail(f"Download of {name} failed: the server refused to resume it.")
                continue
            if status >= 300:
                raise fail(f"Download of {name} failed: the server answered HTTP {status}.")
            if offset and status == 206:
                cr = _content_range(resp)
                if cr is None or cr[0] != offset:
                    log.info("%s: server resumed at an unexpected offset; restarting", name)
                    restart()
                    continue
                announced = cr[1]
            else:
                if offset:
                    log.info("%s: server ignored Range; restarting from zero", name)
                    restart()
                cr = _content_range(resp) if status == 206 else None
                announced = cr[1] if cr else _content_length(resp)
            if announced is not None:
                if expected_size is not None and announced != expected_size:
                    raise fail(f"Download of {name} failed: the server announces {announced} bytes but "
                               f"{expected_size} were expected.")
                total = announced
                if not checked_space:
                    check_disk_space(folder, announced - offset)
                    checked_space = True
            with open(part, "ab" if offset else "wb") as out:
                try:
                    for block in body_blocks(resp, chunk_size):
                        if cancelled():
                            raise DownloadCancelled(f"Download of {name} cancelled.")
                        if not block:
                            continue
                        if hasher is not None:
                            hasher.update(block)  # overlapped: hashed in a helper thread while we write
                        out.write(block)
                        offset += len(block)
                        if total is not None and offset > total:
                            raise fail(f"Download of {name} failed: the server sent more than the {total} "
                                       f"bytes it announced.")
                        if progress is not None:
                            progress(offset, total)
                except _DROPS as exc:
                    resumes += 1
                    if resumes > max_resumes:
                        out.close()
                        raise fail(f"Download of {name} failed: the connection kept dropping "
                                   f"({type(exc).__name__}). Try again later to resume it.", keep_part=True) from None
                    log.info("%s: connection dropped at %d bytes; resuming (%d/%d)", name, offset, resumes,
                             max_resumes)
                    continue
        except DownloadCancelled:
            _unlink(part)
            raise
        finally:
            resp.close()
        if total is None or offset >= total:
            break
        # the body ended early without an error: treat it as a drop
        resumes += 1
        if resumes > max_resumes:
            raise fail(f"Download of {name} failed: the connection kept dropping ({offset} of {total} bytes "
                       f"received). Try again later to resume it.",
                       keep_part=True)

    if not part.exists():
        part.touch()
    size = part.stat().st_size
    if total is not None and size != total:
        raise fail(f"Download of {name} failed: got {size} bytes, expected {total}.")
    if parsed is not None and hasher is not None and hasher.digest() != parsed[1]:
        raise fail(f"Download of {name} failed: its {parsed[0]} checksum does not match; the file was discarded.")
    os.replace(part, final)
    return final


# --------------------------------------------------------------------------- archives


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return (info.external_attr >> 16) & 0o170000 == 0o120000


def _member_parts(member: str) -> list[str] | None:
    """Sanitised path components of a zip member, or None when it is absolute or escapes upwards."""
    if member.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", member):
        return None
    parts = []
    for raw in re.split(r"[\\/]+", member):
        if raw in ("", "."):
            continue
        if raw == "..":
            return None
        parts.append(safe_file_name(raw, default="_"))
    return parts


def safe_extract_zip(zip_path: str | Path, dest_dir: str | Path) -> list[Path]:
    """Extract a zip archive under ``dest_dir`` and return the extracted files.

    Refuses the whole archive (nothing is written) when a member is absolute, escapes ``dest_dir``
    (zip-slip) or is a symbolic link; member names are sanitised like ``safe_file_name``.
    """
    dest = Path(dest_dir)
    dest.mkdir(parents=True, exist_ok=True)
    root = dest.resolve()
    try:
        zf = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ProviderError(f"{Path(zip_path).name} is not a readable zip archive ({exc}).") from None
    with zf:
        plan: list[tuple[zipfile.ZipInfo, Path]] = []
        for info in zf.infolist():
            shown = info.filename[:120]
            if _is_symlink(info):
                raise ProviderError(f"{Path(zip_path).name} was not extracted: it contains a symbolic link ({shown}).")
            parts = _member_parts(info.filename)
            if parts is None:
                raise ProviderError(f"{Path(zip_path).name} was not extracted: member '{shown}' would be written "
                                    f"outside the download folder.")
            if info.is_dir() or not parts:
                continue
            target = root.joinpath(*parts)
            if not target.resolve().is_relative_to(root):
                raise ProviderError(f"{Path(zip_path).name} was not extracted: member '{shown}' would be written "
                                    f"outside the download folder.")
            plan.append((info, target))
        check_disk_space(dest, sum(info.file_size for info, _ in plan))
        out: list[Path] = []
        for info, target in plan:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(target.name + ".part")
            with zf.open(info) as src, open(tmp, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            os.replace(tmp, target)
            out.append(target)
    return out


def is_zip(path: str | Path, media_type: str = "") -> bool:
    return Path(path).suffix.lower() == ".zip" or "zip" in media_type.lower()


def raster_files(paths: Iterable[str | Path]) -> list[Path]:
    """The rasters QGIS should open (.tif/.tiff/.jp2/.vrt) among ``paths``, sorted."""
    return sorted({Path(p) for p in paths if Path(p).suffix.lower() in RASTER_SUFFIXES}, key=str)
