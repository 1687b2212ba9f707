# SPDX-License-Identifier: GPL-2.0-or-later
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
import bz2
import errno
import gzip
import hashlib
import json
import logging
import lzma
import os
import re
import shutil
import tarfile
import threading
import unicodedata
import zipfile
import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

import requests

from .base import ProviderError
from .i18n import tr

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


def _content_range(resp: requests.Response) -> tuple[int, int, int | None] | None:
    """``(first, last, total)`` from a ``Content-Range: bytes first-last/total`` header (None if malformed)."""
    m = re.fullmatch(r"\s*bytes\s+(\d+)-(\d+)/(\d+|\*)\s*", resp.headers.get("Content-Range", ""))
    if not m or int(m.group(2)) < int(m.group(1)):
        return None
    return int(m.group(1)), int(m.group(2)), None if m.group(3) == "*" else int(m.group(3))


def _content_length(resp: requests.Response) -> int | None:
    if resp.headers.get("Content-Encoding", "identity").lower() not in ("", "identity"):
        return None  # requests decodes the body: the header counts encoded bytes
    try:
        value = int(resp.headers["Content-Length"])
    except (KeyError, ValueError):
        return None
    return value if value >= 0 else None


def _validator(resp: requests.Response) -> str:
    """What identifies this version of the remote file: a strong ETag, else Last-Modified (RFC 9110 §13.1.5:
    ``If-Range`` takes only those), else ``""``."""
    etag = (resp.headers.get("ETag") or "").strip()
    if etag and not etag.startswith("W/"):
        return etag
    return (resp.headers.get("Last-Modified") or "").strip()


def check_disk_space(folder: str | Path, needed: int | None) -> None:
    if needed is None or needed <= 0:
        return
    free = shutil.disk_usage(folder).free
    if free < needed + DISK_MARGIN:
        raise ProviderError(tr("Not enough free disk space in {folder}: {size} needed, {size2} free. Free some "
                               "space or choose another download folder.").format(
                                folder=folder, size=_size(needed), size2=_size(free)))


#: errno values that mean "the disk (or the user's quota, or the file size limit) is full"
DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EFBIG, errno.EDQUOT})


def disk_full_error(folder: str | Path, exc: OSError) -> ProviderError:
    """The one message for a full disk, whatever wrote the bytes (download or extraction)."""
    return ProviderError(tr("The disk holding {folder} is full ({strerror}); the unfinished file was removed. Free "
                            "some space or choose another download folder.").format(
                             folder=folder, strerror=os.strerror(exc.errno or errno.ENOSPC)))


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


#: partial downloads live in this sub-folder: no result name can reach it (``safe_file_name`` strips a
#: leading dot), so a result called ``x.tif.part`` never collides with the partial file of ``x.tif``
PARTIAL_DIR = ".eo-orders-partial"


def partial_path(dest_dir: str | Path, file_name: str) -> Path:
    """Where the unfinished download of ``file_name`` into ``dest_dir`` is kept (for resuming)."""
    return Path(dest_dir) / PARTIAL_DIR / (safe_file_name(file_name) + ".part")


def _drop_partial(part: Path) -> None:
    _unlink(part)
    _unlink(part.with_name(part.name + ".json"))
    try:
        part.parent.rmdir()  # only when empty
    except OSError:
        pass


def _read_meta(part: Path) -> dict[str, Any]:
    try:
        data = json.loads(part.with_name(part.name + ".json").read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_meta(part: Path, meta: dict[str, Any]) -> None:
    try:
        part.parent.mkdir(exist_ok=True)
        part.with_name(part.name + ".json").write_text(json.dumps(meta), "utf-8")
    except OSError:
        pass  # without it a later session restarts from zero instead of resuming: safe


def download_asset(open_fn: OpenFn, dest_dir: str | Path, file_name: str, *,
                   expected_size: int | None = None, checksum: str = "", checksum_algorithm: str = "",
                   progress: Progress | None = None, is_cancelled: Callable[[], bool] | None = None,
                   chunk_size: int = 1 << 20, max_resumes: int = 5) -> Path:
    """Stream one asset to ``dest_dir/<safe file_name>`` and return that path.

    ``open_fn(offset)`` returns a streaming response for the body from ``offset`` (a ``Range`` request
    when offset > 0; ``providers.common.range_headers`` adds ``If-Range`` with the version being resumed).
    The file is kept only if it is the file the server described:

    - every ``206`` must start exactly where asked (``Content-Range``), also when no Range was asked;
    - a resume continues only the same remote version (its ETag or Last-Modified); a changed file restarts;
    - a size of 0 (announced or received) is refused; an unknown size is taken only as received in full;
    - the partial file lives in ``PARTIAL_DIR`` with its version beside it, out of reach of result names;
    - a full disk gives one clear message and removes the partial file; so does any refusal.

    A connection drop mid-body resumes from the bytes on disk (at most ``max_resumes`` times); after a
    network failure the partial file stays for a later resume.
    """
    from .common import resume_condition

    folder = Path(dest_dir)
    folder.mkdir(parents=True, exist_ok=True)
    name = safe_file_name(file_name)
    final = folder / name
    part = partial_path(folder, name)
    cancelled = is_cancelled or (lambda: False)
    parsed = parse_checksum(checksum, checksum_algorithm)
    if checksum and parsed is None:
        log.warning("unrecognised checksum for %s: not verified", name)
    elif parsed is not None and new_hasher(parsed[0]) is None:
        log.warning("%s checksums cannot be computed here: %s not verified", parsed[0], name)
        parsed = None
    if expected_size is not None and expected_size <= 0:
        _drop_partial(part)
        raise ProviderError(tr("Download of {name} refused: the service describes it as an empty file.").format(
                                name=name))

    meta = _read_meta(part)
    validator = str(meta.get("validator") or "")
    offset = part.stat().st_size if part.exists() else 0
    if offset and ((not validator and parsed is None) or (expected_size is not None and offset > expected_size)):
        # a partial file whose remote version is unknown (and no checksum to catch a mix) is not continued
        _unlink(part)
        offset = 0
    hasher = _overlapped(new_hasher(parsed[0]) if parsed else None)
    if hasher is not None and offset:
        with open(part, "rb") as fh:
            for block in iter(lambda: fh.read(chunk_size), b""):
                hasher.update(block)
    total: int | None = expected_size if expected_size is not None else meta.get("total")
    check_disk_space(folder, None if expected_size is None else expected_size - offset)
    resumes = 0
    checked_space = expected_size is not None

    def fail(message: str, keep_part: bool = False) -> ProviderError:
        if not keep_part:
            _drop_partial(part)
        return ProviderError(message)

    def restart() -> None:
        nonlocal offset, hasher, validator
        _unlink(part)
        offset = 0
        validator = ""
        hasher = _overlapped(new_hasher(parsed[0]) if parsed else None)

    def count_resume(reason: str) -> None:
        nonlocal resumes
        resumes += 1
        if resumes > max_resumes:
            raise fail(f"Download of {name} failed: {reason}.")

    while total is None or offset < total:
        if cancelled():
            _drop_partial(part)
            raise DownloadCancelled(tr("Download of {name} cancelled.").format(name=name))
        try:
            with resume_condition(validator if offset else ""):
                resp = open_fn(offset)
        except _DROPS as exc:
            resumes += 1
            if resumes > max_resumes:
                raise fail(f"Download of {name} failed: the connection kept dropping ({type(exc).__name__}).",
                           keep_part=True) from None
            continue
        except ProviderError:
            if offset == 0:
                _drop_partial(part)
            raise
        try:
            status = resp.status_code
            if status == 416 and offset:
                restart()
                count_resume("the server refused to resume it")
                continue
            if status >= 300:
                raise fail(f"Download of {name} failed: the server answered HTTP {status}.")
            cr = _content_range(resp) if status == 206 else None
            if status == 206 and (cr is None or cr[0] != offset):
                # a partial answer that does not start where asked (or says nowhere): its bytes cannot be placed
                log.info("%s: server sent a range starting elsewhere; restarting", name)
                restart()
                count_resume("the server kept sending parts of the file from the wrong place")
                continue
            if status == 200 and offset:
                log.info("%s: server ignored Range or the file changed; restarting from zero", name)
                restart()
            version = _validator(resp)
            if offset and validator and version and version != validator:
                log.info("%s: the remote file changed since the download began; restarting", name)
                restart()
                count_resume("the remote file kept changing")
                continue
            if not offset:
                validator = version
                _write_meta(part, {"validator": validator, "total": expected_size})
            if cr is not None:
                announced = cr[2]
                if announced is not None and cr[1] >= announced:
                    raise fail(f"Download of {name} failed: the server described a range beyond the file's end.")
            else:
                announced = _content_length(resp)
            if announced is not None:
                if announced == 0:
                    raise fail(f"Download of {name} refused: the server sent an empty file.")
                if expected_size is not None and announced != expected_size:
                    raise fail(f"Download of {name} failed: the server announces {announced} bytes but "
                               f"{expected_size} were expected.")
                if total is not None and announced != total:
                    restart()
                    count_resume("the server announced a different size each time")
                    total = announced
                    continue
                total = announced
                _write_meta(part, {"validator": validator, "total": total})
                if not checked_space:
                    check_disk_space(folder, announced - offset)
                    checked_space = True
            try:
                part.parent.mkdir(exist_ok=True)
                with open(part, "ab" if offset else "wb") as out:
                    try:
                        for block in body_blocks(resp, chunk_size):
                            if cancelled():
                                raise DownloadCancelled(tr("Download of {name} cancelled.").format(name=name))
                            if not block:
                                continue
                            if total is not None and offset + len(block) > total:
                                raise fail(f"Download of {name} failed: the server sent more than the {total} "
                                           f"bytes it announced.")
                            if hasher is not None:
                                hasher.update(block)  # overlapped: hashed in a helper thread while we write
                            out.write(block)
                            offset += len(block)
                            if progress is not None:
                                progress(offset, total)
                    except _DROPS as exc:
                        resumes += 1
                        if resumes > max_resumes:
                            out.close()
                            raise fail(f"Download of {name} failed: the connection kept dropping "
                                       f"({type(exc).__name__}). Try again later to resume it.",
                                       keep_part=True) from None
                        log.info("%s: connection dropped at %d bytes; resuming (%d/%d)", name, offset, resumes,
                                 max_resumes)
                        if total is None:
                            restart()  # without a known size a resume cannot be checked
                        continue
            except OSError as exc:
                if exc.errno in DISK_FULL_ERRNOS:
                    _drop_partial(part)
                    raise disk_full_error(folder, exc) from None
                raise
        except DownloadCancelled:
            _drop_partial(part)
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

    size = part.stat().st_size if part.exists() else 0
    if size == 0:
        raise fail(f"Download of {name} refused: the server sent an empty file.")
    if total is not None and size != total:
        raise fail(f"Download of {name} failed: got {size} bytes, expected {total}.")
    if parsed is not None and hasher is not None and hasher.digest() != parsed[1]:
        raise fail(f"Download of {name} failed: its {parsed[0]} checksum does not match; the file was discarded.")
    os.replace(part, final)
    _drop_partial(part)
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


#: an archive may expand to at most this many times its own size (real EO products: 1-5×; zip bombs: 1000×+)
MAX_EXPANSION_RATIO = 200
#: and never beyond this many bytes, whatever the ratio
MAX_EXPANDED_BYTES = 200 << 30
#: below this, any ratio is fine (a few highly compressible metadata files)
RATIO_FREE_BYTES = 64 << 20


def _check_expansion(archive: Path, packed: int, unpacked: int) -> None:
    if unpacked > MAX_EXPANDED_BYTES or (unpacked > RATIO_FREE_BYTES and unpacked > packed * MAX_EXPANSION_RATIO):
        raise ProviderError(tr("{name} was not extracted: it would expand to {size} from {size2}, beyond what a "
                               "real product does (a zip bomb?).").format(
                                name=archive.name, size=_size(unpacked), size2=_size(packed)))


def _plan_targets(archive: Path, root: Path, names: list[tuple[Any, str]]) -> list[tuple[Any, Path]]:
    """Sanitised, distinct targets under ``root`` for ``(member, name)`` pairs; refuses escapes and names
    that sanitise to the same file (case-insensitively, as on Windows and macOS)."""
    plan: list[tuple[Any, Path]] = []
    seen: dict[str, str] = {}
    for member, raw_name in names:
        shown = raw_name[:120]
        parts = _member_parts(raw_name)
        if parts is None:
            raise ProviderError(tr("{name} was not extracted: member '{shown}' would be written outside the "
                                   "download folder.").format(name=archive.name, shown=shown))
        if not parts:
            continue
        target = root.joinpath(*parts)
        if not target.resolve().is_relative_to(root):
            raise ProviderError(tr("{name} was not extracted: member '{shown}' would be written outside the "
                                   "download folder.").format(name=archive.name, shown=shown))
        key = unicodedata.normalize("NFC", "/".join(parts)).casefold()
        if key in seen:
            raise ProviderError(tr("{name} was not extracted: members '{seen}' and '{shown}' would both be written "
                                   "to {join}.").format(
                                    name=archive.name, seen=seen[key][:80], shown=shown[:80],
                                    join="/".join(parts)[:120]))
        seen[key] = raw_name
        plan.append((member, target))
    # a file may not also be a folder of another member ("a" and "a/b")
    folders = {str(t.parent).casefold() for _, t in plan}
    for _, target in plan:
        if str(target).casefold() in folders:
            raise ProviderError(tr("{name} was not extracted: '{name2}' is both a file and a folder.").format(
                                    name=archive.name, name2=target.name))
    return plan


def _write_members(archive: Path, dest: Path, plan: list[tuple[Any, Path]],
                   open_member: Callable[[Any], Any], sizes: Callable[[Any], int]) -> list[Path]:
    """Write each planned member via a ``.part`` file; on any failure remove everything written so far."""
    out: list[Path] = []
    tmp: Path | None = None
    try:
        for member, target in plan:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(target.name + ".eo-part")
            limit = sizes(member)
            written = 0
            with open_member(member) as src, open(tmp, "wb") as dst:
                for block in iter(lambda: src.read(1 << 20), b""):
                    written += len(block)
                    if written > limit:
                        raise ProviderError(tr("{name} was not extracted: a member is larger than it says.").format(
                                                name=archive.name))
                    dst.write(block)
            os.replace(tmp, target)
            tmp = None
            out.append(target)
    except (zipfile.BadZipFile, EOFError, zlib.error, tarfile.TarError, lzma.LZMAError) as exc:
        _cleanup(out, tmp)
        raise ProviderError(tr("{name} is damaged ({reason}); its extracted files were removed. Download it "
                               "again.").format(name=archive.name, reason=_short(exc))) from None
    except OSError as exc:
        _cleanup(out, tmp)
        if exc.errno in DISK_FULL_ERRNOS:
            raise disk_full_error(dest, exc) from None
        raise ProviderError(tr("{name} could not be extracted: {strerror}.").format(
                                name=archive.name, strerror=exc.strerror or exc)) from None
    except BaseException:
        _cleanup(out, tmp)
        raise
    return out


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) < 120 else text[:120] + "…"


def _cleanup(done: list[Path], tmp: Path | None) -> None:
    for path in [*done, *([tmp] if tmp else [])]:
        _unlink(path)


def safe_extract_zip(zip_path: str | Path, dest_dir: str | Path) -> list[Path]:
    """Extract a zip archive under ``dest_dir`` and return the extracted files.

    Refuses the whole archive (nothing is written) when a member is absolute, escapes ``dest_dir``
    (zip-slip), is a symbolic link, collides with another member once sanitised, or the archive would
    expand beyond ``MAX_EXPANSION_RATIO``/``MAX_EXPANDED_BYTES``; member names are sanitised like
    ``safe_file_name``. A CRC error or a full disk removes what was written and says so in one message.
    """
    archive = Path(zip_path)
    dest = Path(dest_dir)
    dest.mkdir(parents=True, exist_ok=True)
    root = dest.resolve()
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ProviderError(tr("{name} is not a readable zip archive ({reason}).").format(
                                name=archive.name, reason=_short(exc))) from None
    with zf:
        infos = zf.infolist()
        for info in infos:
            if _is_symlink(info):
                raise ProviderError(tr("{name} was not extracted: it contains a symbolic link ({filename}).").format(
                                        name=archive.name, filename=info.filename[:120]))
        files = [i for i in infos if not i.is_dir()]
        _check_expansion(archive, archive.stat().st_size, sum(i.file_size for i in files))
        plan = _plan_targets(archive, root, [(i, i.filename) for i in files])
        check_disk_space(dest, sum(info.file_size for info, _ in plan))
        return _write_members(archive, dest, plan, zf.open, lambda i: i.file_size)


def _safe_tar(archive: Path, dest: Path) -> list[Path]:
    root = dest.resolve()
    try:
        tf = tarfile.open(archive)
    except (tarfile.TarError, OSError, EOFError, zlib.error, lzma.LZMAError) as exc:
        raise ProviderError(tr("{name} is not a readable tar archive ({reason}).").format(
                                name=archive.name, reason=_short(exc))) from None
    with tf:
        try:
            members = tf.getmembers()
        except (tarfile.TarError, EOFError, zlib.error, OSError, lzma.LZMAError) as exc:
            raise ProviderError(tr("{name} is damaged ({reason}).").format(name=archive.name,
                                                                           reason=_short(exc))) from None
        for m in members:
            if not (m.isfile() or m.isdir()):
                raise ProviderError(tr("{name} was not extracted: it contains a link or device ({name2}).").format(
                                        name=archive.name, name2=m.name[:120]))
        files = [m for m in members if m.isfile()]
        _check_expansion(archive, archive.stat().st_size, sum(m.size for m in files))
        plan = _plan_targets(archive, root, [(m, m.name) for m in files])
        check_disk_space(dest, sum(m.size for m, _ in plan))
        return _write_members(archive, dest, plan, tf.extractfile, lambda m: m.size)


_SINGLE = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}


def _single_file(archive: Path, dest: Path) -> list[Path]:
    """A single compressed file (``x.tif.gz``): decompressed next to its folder, bounded like an archive."""
    opener = _SINGLE[archive.suffix.lower()]
    target = dest / safe_file_name(archive.stem)
    limit = max(RATIO_FREE_BYTES, archive.stat().st_size * MAX_EXPANSION_RATIO)
    dest.mkdir(parents=True, exist_ok=True)
    return _write_members(archive, dest, [(archive, target)], lambda a: opener(a, "rb"), lambda _: limit)


def archive_kind(path: str | Path, media_type: str = "") -> str:
    """``"zip"``, ``"tar"``, ``"gzip"``/``"bzip2"``/``"xz"`` (one compressed file) or ``""``, from the file's
    own first bytes first: a media type such as ``application/x-gzip`` contains "zip" but is no zip."""
    p = Path(path)
    try:
        with open(p, "rb") as fh:
            head = fh.read(262)
    except OSError:
        head = b""
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return "zip"
    if len(head) >= 262 and head[257:262] == b"ustar":
        return "tar"
    compressed = {b"\x1f\x8b": "gzip", b"BZ": "bzip2", b"\xfd7": "xz"}.get(head[:2])
    if compressed:
        lower = p.name.lower()
        try:
            is_tar = tarfile.is_tarfile(p)
        except (OSError, EOFError, zlib.error, lzma.LZMAError):
            is_tar = False
        return "tar" if is_tar or ".tar." in lower or lower.endswith((".tgz", ".tbz2")) else compressed
    if not head and (p.suffix.lower() == ".zip" or media_type.lower() in ("application/zip",
                                                                          "application/x-zip-compressed")):
        return "zip"
    return ""


def archive_stem(name: str) -> str:
    """``x`` of ``x.zip``/``x.tar.gz``: the folder an archive is unpacked into."""
    lower = name.lower()
    for suffix in (".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".tbz2", ".zip", ".tar"):
        if lower.endswith(suffix) and len(name) > len(suffix):
            return safe_file_name(name[: -len(suffix)])
    return safe_file_name(Path(name).stem or name)


def is_zip(path: str | Path, media_type: str = "") -> bool:
    return archive_kind(path, media_type) == "zip"


def is_archive(path: str | Path, media_type: str = "") -> bool:
    return archive_kind(path, media_type) != ""


def safe_extract(path: str | Path, dest_dir: str | Path, media_type: str = "") -> list[Path]:
    """Unpack a downloaded result of any supported kind (zip, tar[.gz|.bz2|.xz], single .gz/.bz2/.xz file)
    under ``dest_dir`` with the same safety rules; a file that is no archive comes back as ``[]``."""
    archive, dest = Path(path), Path(dest_dir)
    kind = archive_kind(archive, media_type)
    if kind == "zip":
        return safe_extract_zip(archive, dest)
    if kind == "tar":
        dest.mkdir(parents=True, exist_ok=True)
        return _safe_tar(archive, dest)
    if kind in ("gzip", "bzip2", "xz"):
        if archive.suffix.lower() not in _SINGLE:
            raise ProviderError(tr("{name} is {kind}-compressed but not named so; it was kept as it is.").format(
                                    name=archive.name, kind=kind))
        return _single_file(archive, dest)
    return []


def raster_files(paths: Iterable[str | Path]) -> list[Path]:
    """The rasters QGIS should open (.tif/.tiff/.jp2/.vrt) among ``paths``, sorted."""
    return sorted({Path(p) for p in paths if Path(p).suffix.lower() in RASTER_SUFFIXES}, key=str)
