# SPDX-License-Identifier: GPL-2.0-or-later
"""The sandbox for the benchmark, in its own process, plus a few bench-only admin routes.

Why a subprocess: the machine has two cores. With the server in the measured process, every byte the
plugin downloads would also be served by Python code holding the same GIL, so the benchmark would time
the sandbox as much as the plugin, and the RSS figure would include the server's buffers. In its own
process the server competes only for a core, exactly as curl's server does in the same run.

Why extra routes: the benchmark needs server-side helpers (``rasters.make_big_file``,
``files.register_file``, ``creodias.seed_order``) that run inside the sandbox's Flask app. They are
added here, under ``/_bench``, so the sandbox itself stays untouched.

Run: ``python bench/server.py --data DIR`` prints the base URL on its first line, then serves until
SIGTERM.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from flask import Blueprint, jsonify, request  # noqa: E402

from sandbox import creodias, files, rasters  # noqa: E402
from sandbox.__main__ import serve  # noqa: E402
from sandbox.app import SandboxServer  # noqa: E402
from sandbox.core import SandboxConfig, state  # noqa: E402

bench = Blueprint("bench", __name__)


def _url(path: str) -> str:
    return request.host_url.rstrip("/") + path


@bench.post("/_bench/big_file")
def big_file() -> Any:
    """Make (or reuse) a deterministic random file of ``size`` bytes and serve it; returns url, md5, size."""
    body = request.get_json(force=True)
    info = rasters.make_big_file(Path(state().data_dir) / f"big-{int(body['size'])}.bin", int(body["size"]),
                                 seed=int(body.get("seed", 7)))
    path = files.register_file(info["path"], download_name=body.get("name", "result.bin"))
    return jsonify({"url": _url(path), "md5": info["md5"], "size": info["size_bytes"], "path": info["path"]})


@bench.post("/_bench/cog")
def big_cog() -> Any:
    """Make an uncompressed, tiled, overviewed Byte COG of about ``size`` bytes over Rome and serve it."""
    body = request.get_json(force=True)
    target = int(body["size"])
    path = Path(state().data_dir) / f"cog-{target}.tif"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        _write_cog(path, target)
    # another ``name`` gives another URL for the same file: GDAL's /vsicurl/ cache does not know it yet
    url_path = files.register_file(path, download_name=body.get("name") or path.name,
                                   mimetype="image/tiff; application=geotiff")
    return jsonify({"url": _url(url_path), "size": path.stat().st_size, "path": str(path)})


def _write_cog(path: Path, target_bytes: int) -> None:
    """Write strips of a cheap pattern into a tiled GTiff, then let GDAL's COG driver add overviews.

    Uncompressed so the file is really ``target_bytes`` on disk: the streaming case is about size.
    """
    import numpy as np
    from osgeo import gdal, osr

    side = int(math.sqrt(target_bytes * 0.75) // 512 * 512)  # overviews add about a third
    tmp = path.with_suffix(".src.tif")
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32633)  # UTM 33N: Rome
    pixel = 30_000.0 / side  # about 30 km across, whatever the size
    ds = gdal.GetDriverByName("GTiff").Create(str(tmp), side, side, 1, gdal.GDT_Byte,
                                              ["TILED=YES", "BLOCKXSIZE=512", "BLOCKYSIZE=512", "BIGTIFF=YES"])
    ds.SetGeoTransform((280_000.0, pixel, 0.0, 4_652_000.0, 0.0, -pixel))
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    rng = np.random.default_rng(3)
    noise = rng.integers(0, 40, size=(512, side), dtype=np.uint8)
    cols = (np.arange(side) * 180 // side).astype(np.uint8)
    for row in range(0, side, 512):
        band.WriteArray(noise + cols[None, :] + np.uint8(row * 30 // side), 0, row)
    ds = band = None
    gdal.Translate(str(path), str(tmp), format="COG",
                   creationOptions=["COMPRESS=NONE", "BLOCKSIZE=512", "OVERVIEW_RESAMPLING=NEAREST", "BIGTIFF=YES",
                                    "NUM_THREADS=2"])
    tmp.unlink()


@bench.post("/_bench/creodias/seed")
def seed() -> Any:
    """``count`` CREODIAS orders of ``n_items`` items each, in state ``status`` ("done" or "queued")."""
    body = request.get_json(force=True)
    ids = [creodias.seed_order(state(), int(body.get("n_items", 1)), str(body.get("status", "done")),
                               name=f"bench-{i}") for i in range(int(body.get("count", 1)))]
    return jsonify({"ids": ids})


@bench.get("/_bench/creodias/stats")
def creodias_stats() -> Any:
    s = creodias.store()
    return jsonify({"max_in_flight": s.max_in_flight})


@bench.post("/_bench/creodias/stats/reset")
def creodias_stats_reset() -> Any:
    creodias.store().max_in_flight = 0
    return jsonify({"ok": True})


@bench.get("/_bench/requests/count")
def request_count() -> Any:
    """How many non-admin requests the sandbox logged so far (the tests' request log)."""
    st = state()
    with st.lock:
        return jsonify({"count": len(st.requests)})


@bench.get("/_bench/requests/since/<int:start>")
def requests_since(start: int) -> Any:
    st = state()
    with st.lock:
        return jsonify([list(r) for r in st.requests[start:]])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    args = parser.parse_args()
    Path(args.data).mkdir(parents=True, exist_ok=True)
    server = SandboxServer("127.0.0.1", 0, SandboxConfig(), data_dir=args.data)
    server.app.register_blueprint(bench)
    return serve(server.start())


if __name__ == "__main__":
    sys.exit(main())
