# SPDX-License-Identifier: GPL-2.0-or-later
"""File downloads with HTTP Range, ETag and Last-Modified, streamed from disk.

Why: the plugin resumes interrupted downloads with ``Range`` and opens COGs through GDAL ``/vsicurl/``,
which issues many small range reads; both need a server that answers 206/416 exactly. Werkzeug's
conditional ``send_file`` implements the protocol (single ranges, If-Range, If-None-Match, HEAD); we
only give it a 1 MiB read size so large files stream fast without being read into memory.

Emulators either call :func:`send_file_range` from their own download routes, or :func:`register_file`
a path and hand out the returned URL path, served by the generic ``/_sandbox/files/<token>/<name>``.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response, abort, request, send_file
from werkzeug.wsgi import FileWrapper

from .core import state

#: bytes per read while streaming a file
STREAM_CHUNK = 1 << 20

blueprint = Blueprint("sandbox_files", __name__)


def _big_chunk_wrapper(file: Any, _buffer_size: int = STREAM_CHUNK) -> FileWrapper:
    return FileWrapper(file, STREAM_CHUNK)


def guess_mimetype(name: str) -> str:
    lower = name.lower()
    if lower.endswith((".tif", ".tiff")):
        return "image/tiff; application=geotiff"
    if lower.endswith(".zip"):
        return "application/zip"
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def send_file_range(path: str | os.PathLike, *, download_name: str | None = None, mimetype: str | None = None,
                    etag: bool | str = True, max_age: int | None = None) -> Response:
    """Stream ``path`` honouring ``Range`` (206 + Content-Range, 416 when unsatisfiable), HEAD and ETags.

    ``download_name`` adds ``Content-Disposition: attachment``; ``etag`` may be a fixed string (e.g. an
    MD5 the emulator also reports) or True for werkzeug's mtime/size based tag. 404 if the file is gone.
    """
    p = Path(path)
    if not p.is_file():
        abort(404)
    name = download_name or p.name
    # werkzeug reads with the server's wsgi.file_wrapper when there is one; the dev server has none, so
    # this only raises the read size from 8 KiB to 1 MiB for this request.
    request.environ.setdefault("wsgi.file_wrapper", _big_chunk_wrapper)
    resp = send_file(
        str(p), mimetype=mimetype or guess_mimetype(name), as_attachment=download_name is not None,
        download_name=name, conditional=True, etag=etag, max_age=max_age, last_modified=p.stat().st_mtime,
    )
    resp.headers["Accept-Ranges"] = "bytes"
    return resp


# -------------------------------------------------------------------------------------- file registry

def _registry() -> dict[str, dict[str, Any]]:
    return state().store("files", dict)


def register_file(path: str | os.PathLike, *, download_name: str | None = None,
                  mimetype: str | None = None) -> str:
    """Serve ``path`` at the returned URL path (``/_sandbox/files/<token>/<name>``) until the next reset.

    The token is derived from the path and name, so registering the same file twice gives the same URL.
    Prefix it with the request's host URL (``core.base_url()``) to get an absolute href.
    """
    p = Path(path).resolve()
    name = download_name or p.name
    token = hashlib.sha256(f"{p}\0{name}".encode()).hexdigest()[:24]
    _registry()[token] = {"path": str(p), "name": name, "mimetype": mimetype}
    return f"/_sandbox/files/{token}/{name}"


@blueprint.route("/_sandbox/files/<token>/<path:name>", methods=["GET", "HEAD"])
def _serve_registered(token: str, name: str) -> Response:
    entry = _registry().get(token)
    if entry is None or entry["name"] != name:
        abort(404)
    return send_file_range(entry["path"], download_name=entry["name"], mimetype=entry["mimetype"])


def install(app: Flask) -> None:
    """Mount the generic file route on the sandbox app (called by ``create_app``)."""
    app.register_blueprint(blueprint)
