# SPDX-License-Identifier: GPL-2.0-or-later
"""Result files for the emulators: real Cloud Optimized GeoTIFFs, product zips and big download blobs.

Why real files: the plugin opens results with GDAL (locally and through ``/vsicurl/``), so a fake byte
string would hide bugs that only show with tiled, overviewed GeoTIFFs in a UTM CRS. Outputs are
deterministic (same arguments -> same bytes) and cached under the sandbox data dir, so a repeated order
or download never regenerates them.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
import threading
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Union

import numpy as np
from osgeo import gdal, ogr, osr

PathLike = Union[str, os.PathLike]

_DTYPES = {"Float32": gdal.GDT_Float32, "Byte": gdal.GDT_Byte, "UInt16": gdal.GDT_UInt16}
#: bumped when what the generator writes changes, so files cached by an older one are made again
GENERATOR = 2
_CHUNK = 8 << 20  # 8 MiB: big files are written and hashed in chunks of this size
_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


# --------------------------------------------------------------------------------------------- helpers

def utm_epsg(lon: float, lat: float) -> int:
    """EPSG code of the WGS84 UTM zone containing ``lon, lat`` (326xx north, 327xx south)."""
    zone = min(60, max(1, int(math.floor((lon + 180.0) / 6.0)) + 1))
    return (32600 if lat >= 0 else 32700) + zone


def _srs(epsg: int) -> osr.SpatialReference:
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(int(epsg))
    # GeoJSON is lon/lat: keep x=lon regardless of the EPSG axis order of 4326
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def footprint_geometry(footprint: Mapping[str, Any]) -> ogr.Geometry:
    """An OGR geometry (EPSG:4326, lon/lat) from a GeoJSON geometry or Feature."""
    if footprint.get("type") == "Feature":
        footprint = footprint["geometry"]
    geom = ogr.CreateGeometryFromJson(json.dumps(footprint))
    if geom is None or geom.IsEmpty():
        raise ValueError("empty or invalid footprint")
    geom.AssignSpatialReference(_srs(4326))
    return geom


def _key_lock(key: str) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(key, threading.Lock())


def _atomic_target(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=str(path.parent))
    os.close(fd)
    return Path(tmp)


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".meta.json")


def _load_cached(path: Path, params: dict[str, Any]) -> dict[str, Any] | None:
    """The stored description of ``path`` if it was made with the same ``params`` and is intact."""
    side = _sidecar(path)
    if not (path.exists() and side.exists()):
        return None
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("params") != params or meta.get("info", {}).get("size_bytes") != path.stat().st_size:
        return None
    info = meta["info"]
    info["path"] = str(path)
    return info


def _store_cached(path: Path, params: dict[str, Any], info: dict[str, Any]) -> None:
    _sidecar(path).write_text(json.dumps({"params": params, "info": info}), encoding="utf-8")


def data_dir() -> Path:
    """The sandbox data dir of the running app, or a per-process temp dir outside a Flask context."""
    try:
        from .core import state

        base = state().data_dir
    except RuntimeError:  # no app context: standalone use
        base = ""
    if not base:
        base = os.path.join(tempfile.gettempdir(), "eo-sandbox-cache")
    path = Path(base) / "cache"
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_key(kind: str, params: Mapping[str, Any]) -> str:
    """A short stable name for a set of generation parameters."""
    blob = json.dumps(params, sort_keys=True, default=str).encode()
    return f"{kind}-{hashlib.sha1(blob).hexdigest()[:16]}"


# ------------------------------------------------------------------------------------------------ COG

def _pattern(height: int, width: int, band: int, seed: int) -> np.ndarray:
    """A smooth field in 0..1: a few random low-frequency waves plus mild speckle, deterministic in seed."""
    rng = np.random.default_rng([seed, band])
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    x /= max(width, 1)
    y /= max(height, 1)
    field = np.zeros((height, width))
    for _ in range(5):
        fx, fy = rng.uniform(0.5, 4.0, 2)
        phase = rng.uniform(0, 2 * math.pi)
        field += rng.uniform(0.3, 1.0) * np.sin(2 * math.pi * (fx * x + fy * y) + phase)
    field += 0.15 * rng.standard_normal((height, width))
    lo, hi = field.min(), field.max()
    return (field - lo) / (hi - lo if hi > lo else 1.0)


def _scale(unit: np.ndarray, dtype: str) -> np.ndarray:
    """Plausible values per type: sigma0 dB for Float32, reflectance*10000 for UInt16, 8-bit for Byte."""
    if dtype == "Float32":
        return (-25.0 + 22.0 * unit).astype(np.float32)  # -25 .. -3 dB, like SAR backscatter
    if dtype == "UInt16":
        return (300 + 4200 * unit).astype(np.uint16)  # surface reflectance scaled by 10000
    return (10 + 235 * unit).astype(np.uint8)


#: the SAR scene's model, in dB (sigma0): what C-band backscatter of these surfaces looks like
WATER_DB = -23.0            # calm water: specular, very dark
FIELDS_DB = (-15.0, -9.5)   # agricultural parcels, one level per parcel
FOREST_DB = -12.0           # forest: volume scattering, fairly bright in both polarisations
URBAN_DB = (-6.0, -1.0)     # buildings: double bounce, bright
#: VV − VH in dB: low over forest (volume scattering), higher over fields, highest over buildings
OFFSET_DB = {"water": 7.0, "forest": 4.5, "fields": (6.5, 7.8), "urban": 9.0}
#: the sandbox's pixels are ~100-200 m, many looks of a 10 m product: speckle of about ±0.8 dB
LOOKS = 30
DB_RANGE = (-29.5, -0.5)    # what the files hold: backscatter-like dB


def _lonlat_grid(gt: tuple, srs: osr.SpatialReference, width: int, height: int) -> tuple[np.ndarray, np.ndarray]:
    """Longitude and latitude of every pixel centre (an affine fit from three corners: exact in EPSG:4326,
    far below a pixel's error over a product's few tens of km in UTM)."""
    cols, rows = np.meshgrid(np.arange(width) + 0.5, np.arange(height) + 0.5)
    x = gt[0] + cols * gt[1] + rows * gt[2]
    y = gt[3] + cols * gt[4] + rows * gt[5]
    if srs.GetAuthorityCode(None) == "4326":
        return x, y
    ct = osr.CoordinateTransformation(srs, _srs(4326))
    w, h = width * gt[1], height * gt[5]
    (lon0, lat0, _), (lon1, lat1, _), (lon2, lat2, _) = ct.TransformPoints(
        [(gt[0], gt[3]), (gt[0] + w, gt[3]), (gt[0], gt[3] + h)])
    u, v = (x - gt[0]) / w, (y - gt[3]) / h
    return lon0 + u * (lon1 - lon0) + v * (lon2 - lon0), lat0 + u * (lat1 - lat0) + v * (lat2 - lat0)


def _hash01(*keys: np.ndarray) -> np.ndarray:
    """A deterministic pseudo-random value in 0..1 per integer key tuple (per parcel, per cell)."""
    h = np.zeros(keys[0].shape, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in keys:
            h = (h ^ k.astype(np.int64).astype(np.uint64)) * np.uint64(0x9E3779B97F4A7C15)
            h ^= h >> np.uint64(29)
    return (h % np.uint64(1 << 20)).astype(np.float64) / float(1 << 20)


def _smooth(lon: np.ndarray, lat: np.ndarray, waves: tuple[tuple[float, float, float, float], ...]) -> np.ndarray:
    """A smooth field of the ground: the sum of a few fixed waves (amplitude, per-° lon, per-° lat, phase)."""
    return sum(a * np.sin(kx * lon + ky * lat + ph) for a, kx, ky, ph in waves)


def _value_noise(lon: np.ndarray, lat: np.ndarray, cell: float, octaves: int = 4, key: int = 0) -> np.ndarray:
    """Smooth fractal noise of the ground in 0..1: hashed values on grids of ``cell``, ``cell``/2, …
    degrees, interpolated (smoothstep) and summed with halving weights."""
    total, weight, norm = np.zeros_like(lon), 1.0, 0.0
    for octave in range(octaves):
        size = cell / (2 ** octave)
        gx, gy = lon / size, lat / size
        x0, y0 = np.floor(gx), np.floor(gy)
        fx, fy = gx - x0, gy - y0
        fx, fy = fx * fx * (3 - 2 * fx), fy * fy * (3 - 2 * fy)
        k = np.full_like(x0, key * 31 + octave)
        v00, v10 = _hash01(x0, y0, k), _hash01(x0 + 1, y0, k)
        v01, v11 = _hash01(x0, y0 + 1, k), _hash01(x0 + 1, y0 + 1, k)
        total += weight * ((v00 * (1 - fx) + v10 * fx) * (1 - fy) + (v01 * (1 - fx) + v11 * fx) * fy)
        norm += weight
        weight /= 2
    return total / norm


def sar_scene(lon: np.ndarray, lat: np.ndarray, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(co-pol dB, VV − VH offset dB) of a landscape fixed to the ground, without speckle: a meandering
    river, a few lakes, towns, forest on the hills, and fields.

    Why tied to longitude and latitude rather than the seed: two acquisitions of the same place show the
    same river, town and fields, as real ones do; ``seed`` (the acquisition) only moves each field's
    level by a dB or so, like crops growing between passes. Scales suit the sandbox's products (a few
    tens of km on 256-512 pixels).
    """
    coslat = np.cos(np.radians(lat))
    # a river every 0.3° of latitude, meandering
    river = np.mod(lat + _smooth(lon, lat, ((0.035, 31.0, 0.0, 0.4), (0.012, 83.0, 0.0, 1.3))), 0.3) - 0.15
    water = (np.abs(river) < 0.004) | (_value_noise(lon, lat, 0.3, key=3) > 0.7)
    # towns in about half of the 0.15° cells, somewhere inside, of various sizes, ragged at their edge
    cx, cy = np.floor(lon / 0.15), np.floor(lat / 0.15)
    tx = (cx + 0.2 + 0.6 * _hash01(cx, cy, np.full_like(cx, 1))) * 0.15
    ty = (cy + 0.2 + 0.6 * _hash01(cx, cy, np.full_like(cx, 2))) * 0.15
    size = _hash01(cx, cy, np.full_like(cx, 3))
    radius = np.where(size < 0.5, 0.006 + 0.03 * size, 0.0)
    town = np.hypot((lon - tx) * coslat, lat - ty) / np.maximum(radius, 1e-9)
    urban = ~water & (radius > 0) & (town + 0.6 * _value_noise(lon, lat, 0.01, 2, key=4) < 1.1)
    forest = ~water & ~urban & (_value_noise(lon, lat, 0.25, key=2) > 0.62)
    # fields: parcels of about 1 × 0.8 km on a slightly sheared grid, one backscatter level each, seen
    # through a smooth texture of the land (soil moisture, crop types by area)
    px, py = np.floor((lon + 0.2 * lat) / 0.011), np.floor(lat / 0.007)
    level = 0.2 * _hash01(px, py) + 0.8 * _value_noise(lon, lat, 0.08, key=1)
    growth = _hash01(px, py, np.full_like(px, seed + 7)) - 0.5
    co = FIELDS_DB[0] + (FIELDS_DB[1] - FIELDS_DB[0]) * level + 1.0 * growth
    lo, hi = OFFSET_DB["fields"]
    offset = lo + (hi - lo) * (1.0 - level)
    blocks = _hash01(np.floor(lon / 0.0025), np.floor(lat / 0.002))
    co = np.where(forest, FOREST_DB + 2.5 * (_value_noise(lon, lat, 0.03, 3, key=5) - 0.5), co)
    offset = np.where(forest, OFFSET_DB["forest"], offset)
    co = np.where(urban, URBAN_DB[0] + (URBAN_DB[1] - URBAN_DB[0]) * blocks, co)
    offset = np.where(urban, OFFSET_DB["urban"], offset)
    co = np.where(water, WATER_DB, co)
    offset = np.where(water, OFFSET_DB["water"], offset)
    return co, offset


def speckle_db(shape: tuple[int, int], rng: np.random.Generator, looks: int = LOOKS) -> np.ndarray:
    """Multi-looked speckle in dB: 10·log10 of gamma(looks, 1/looks) intensity (mean 1)."""
    return 10.0 * np.log10(np.maximum(rng.gamma(looks, 1.0 / looks, shape), 1e-6))


def landscape_scale(lon: np.ndarray, lat: np.ndarray) -> float:
    """How many times larger than ``sar_scene``'s own (~0.4° products) the landscape is drawn: a power of
    two near the product's size over 0.4°, so a wide swath shows towns and fields rather than noise, and
    products of one size over one place still show the same landscape."""
    extent = max(float(np.ptp(lon)), float(np.ptp(lat)), 1e-4)
    return float(2.0 ** round(math.log2(extent / 0.4)))


def backscatter_db(lon: np.ndarray, lat: np.ndarray, band: int, seed: int) -> np.ndarray:
    """Band 1 the co-polarised (VV/HH), band 2 and on the cross-polarised (VH/HV) backscatter in dB, with
    independent speckle per band."""
    unit = landscape_scale(lon, lat)
    co, offset = sar_scene(lon / unit, lat / unit, seed)
    value = co if band == 1 else co - offset
    value = value + speckle_db(lon.shape, np.random.default_rng([seed, band, 0x5A2]))
    return np.clip(value, *DB_RANGE).astype(np.float32)


def _block_size(size: int) -> int:
    """Tile size giving at least one overview level even for small rasters (GeoTIFF needs multiples of 16)."""
    block = 256
    while block > 16 and block * 2 > size:
        block //= 2
    return block


def make_cog(path: PathLike, footprint: Mapping[str, Any], *, bands: int = 1, size: int = 512,
             dtype: str = "Float32", epsg: int | None = None, seed: int = 0,
             nodata: float | None = None, first_band: int = 1) -> dict[str, Any]:
    """Write a tiled, overviewed, DEFLATE-compressed COG covering ``footprint``'s bounding box.

    Float32 files hold SAR backscatter in dB over a landscape tied to the ground (``sar_scene``): band 1
    co-polarised, the next ones cross-polarised about 6–8 dB lower, each with its own speckle.
    ``first_band``: which band of the product this file's band 1 is (a product written one file per
    polarisation: its VH file has ``first_band=2``).

    ``epsg`` None picks the UTM zone of the footprint centroid (what real L1/L2 products use); 4326 works
    too. With ``nodata`` set, pixels outside the footprint polygon are nodata, like a real swath edge.
    Returns {"path","epsg","bounds","bounds_4326","bands","width","height","size_bytes"}; an existing file
    made with the same arguments is reused.
    """
    if dtype not in _DTYPES:
        raise ValueError(f"dtype must be one of {sorted(_DTYPES)}")
    if bands < 1 or size < 16:
        raise ValueError("need bands >= 1 and size >= 16")
    path = Path(path)
    geom = footprint_geometry(footprint)
    centroid = geom.Centroid()
    epsg = int(epsg) if epsg is not None else utm_epsg(centroid.GetX(), centroid.GetY())
    params = {"footprint": geom.ExportToWkt(), "bands": bands, "size": size, "dtype": dtype, "epsg": epsg,
              "seed": seed, "nodata": nodata, "first_band": first_band, "generator": GENERATOR}
    with _key_lock(str(path.resolve())):
        cached = _load_cached(path, params)
        if cached is not None:
            return cached
        info = _write_cog(path, geom, bands, size, dtype, epsg, seed, nodata, first_band)
        _store_cached(path, params, {k: v for k, v in info.items() if k != "path"})
        return info


def _write_cog(path: Path, geom4326: ogr.Geometry, bands: int, size: int, dtype: str, epsg: int, seed: int,
               nodata: float | None, first_band: int = 1) -> dict[str, Any]:
    srs = _srs(epsg)
    to_target = osr.CoordinateTransformation(_srs(4326), srs)
    geom = geom4326.Clone()
    if epsg != 4326:
        geom.Transform(to_target)
    minx, maxx, miny, maxy = geom.GetEnvelope()
    # square pixels: the longer side gets ``size`` pixels
    pixel = max(maxx - minx, maxy - miny) / size
    width = max(16, int(math.ceil((maxx - minx) / pixel)))
    height = max(16, int(math.ceil((maxy - miny) / pixel)))
    maxx, miny = minx + width * pixel, maxy - height * pixel
    mem = gdal.GetDriverByName("MEM").Create("", width, height, bands, _DTYPES[dtype])
    mem.SetGeoTransform((minx, pixel, 0.0, maxy, 0.0, -pixel))
    mem.SetProjection(srs.ExportToWkt())
    mask = None
    if nodata is not None:
        mask = _rasterize(geom, srs, mem.GetGeoTransform(), width, height)
    lonlat = _lonlat_grid(mem.GetGeoTransform(), srs, width, height) if dtype == "Float32" else None
    for b in range(1, bands + 1):
        if lonlat is not None:
            data = backscatter_db(lonlat[0], lonlat[1], first_band + b - 1, seed)
        else:
            data = _scale(_pattern(height, width, b, seed), dtype)
        if mask is not None:
            data[~mask] = nodata
        band = mem.GetRasterBand(b)
        if nodata is not None:
            band.SetNoDataValue(nodata)
        band.WriteArray(data)
    tmp = _atomic_target(path)
    try:
        # no gdal.UseExceptions(): it is process-wide and would change GDAL's behaviour for the plugin's tests
        block = _block_size(max(width, height))
        if block < 128:  # valid, but GDAL warns about tiles under 128 px; keep small test rasters quiet
            gdal.PushErrorHandler("CPLQuietErrorHandler")
        try:
            out = gdal.GetDriverByName("COG").CreateCopy(
                str(tmp), mem, options=[f"BLOCKSIZE={block}", "COMPRESS=DEFLATE", "OVERVIEWS=IGNORE_EXISTING",
                                        "OVERVIEW_RESAMPLING=AVERAGE"])
        finally:
            if block < 128:
                gdal.PopErrorHandler()
        if out is None:
            raise RuntimeError(f"GDAL COG driver failed: {gdal.GetLastErrorMsg()}")
        out = None
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    mem = None
    return {"path": str(path), "epsg": epsg, "bounds": [minx, miny, maxx, maxy],
            "bounds_4326": _bounds_4326(srs, (minx, miny, maxx, maxy)), "bands": bands, "width": width,
            "height": height, "size_bytes": path.stat().st_size}


def _rasterize(geom: ogr.Geometry, srs: osr.SpatialReference, gt: tuple, width: int, height: int) -> np.ndarray:
    ds = ogr.GetDriverByName("Memory").CreateDataSource("")
    layer = ds.CreateLayer("fp", srs)
    feat = ogr.Feature(layer.GetLayerDefn())
    feat.SetGeometry(geom)
    layer.CreateFeature(feat)
    target = gdal.GetDriverByName("MEM").Create("", width, height, 1, gdal.GDT_Byte)
    target.SetGeoTransform(gt)
    target.SetProjection(srs.ExportToWkt())
    gdal.RasterizeLayer(target, [1], layer, burn_values=[1], options=["ALL_TOUCHED=TRUE"])
    return target.GetRasterBand(1).ReadAsArray().astype(bool)


def _bounds_4326(srs: osr.SpatialReference, bounds: tuple[float, float, float, float]) -> list[float]:
    """Lon/lat envelope of a projected box, densified along the edges (UTM boxes are not lon/lat boxes)."""
    minx, miny, maxx, maxy = bounds
    if srs.GetAuthorityCode(None) == "4326":
        return [minx, miny, maxx, maxy]
    ct = osr.CoordinateTransformation(srs, _srs(4326))
    pts = []
    for i in range(11):
        t = i / 10
        pts += [(minx + t * (maxx - minx), miny), (minx + t * (maxx - minx), maxy),
                (minx, miny + t * (maxy - miny)), (maxx, miny + t * (maxy - miny))]
    out = ct.TransformPoints(pts)
    lons, lats = [p[0] for p in out], [p[1] for p in out]
    return [min(lons), min(lats), max(lons), max(lats)]


def cached_cog(footprint: Mapping[str, Any], *, name: str | None = None, **kwargs: Any) -> dict[str, Any]:
    """``make_cog`` into the data dir's cache, named by its parameters (or ``name``)."""
    fname = name or cache_key("cog", {"footprint": footprint, **kwargs}) + ".tif"
    return make_cog(data_dir() / fname, footprint, **kwargs)


# ------------------------------------------------------------------------------------------------ zips

def make_zip(zip_path: PathLike, members: Mapping[str, PathLike]) -> dict[str, Any]:
    """Zip ``{arcname: source file}``; GeoTIFFs are stored (already compressed), the rest deflated.

    Written to a temp name and renamed, so a concurrent reader never sees half a zip.
    """
    zip_path = Path(zip_path)
    tmp = _atomic_target(zip_path)
    try:
        with zipfile.ZipFile(tmp, "w") as zf:
            for arcname, src in members.items():
                stored = str(arcname).lower().endswith((".tif", ".tiff", ".zip", ".jp2"))
                zf.write(src, arcname, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
        os.replace(tmp, zip_path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return {"path": str(zip_path), "size_bytes": zip_path.stat().st_size, "members": list(members)}


def make_result_zip(zip_path: PathLike, product_name: str, footprint: Mapping[str, Any],
                    bands: Iterable[str] | int = ("VV", "VH"), *, size: int = 256, dtype: str = "Float32",
                    epsg: int | None = None, seed: int = 0, nodata: float | None = None,
                    metadata: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A processed product as a zip: ``<product>/measurement/<band>.tif`` (one COG per band) + manifest.

    ``<product>/manifest.json`` lists the files with size and MD5 plus the footprint and any extra
    ``metadata``, like the small metadata files real processors ship. Reused when already made with the
    same arguments.
    """
    zip_path = Path(zip_path)
    names = [f"B{i + 1:02d}" for i in range(bands)] if isinstance(bands, int) else [str(b) for b in bands]
    params = {"product": product_name, "footprint": json.dumps(footprint, sort_keys=True), "bands": names,
              "size": size, "dtype": dtype, "epsg": epsg, "seed": seed, "nodata": nodata,
              "metadata": json.dumps(metadata or {}, sort_keys=True, default=str)}
    with _key_lock(str(zip_path.resolve())):
        cached = _load_cached(zip_path, params)
        if cached is not None:
            return cached
        zip_path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=str(zip_path.parent)) as work:
            members: dict[str, PathLike] = {}
            files = []
            cog_info: dict[str, Any] = {}
            for i, band in enumerate(names):
                tif = Path(work) / f"{band}.tif"
                # one acquisition: the same seed for every band file, each file its band of the product
                cog_info = make_cog(tif, footprint, bands=1, size=size, dtype=dtype, epsg=epsg,
                                    seed=seed * 1000 + (0 if dtype == "Float32" else i), nodata=nodata,
                                    first_band=i + 1)
                arc = f"{product_name}/measurement/{band}.tif"
                members[arc] = tif
                files.append({"path": arc, "size": cog_info["size_bytes"], "md5": file_md5(tif)})
            manifest = {"product": product_name, "footprint": footprint, "epsg": cog_info.get("epsg"),
                        "bounds_4326": cog_info.get("bounds_4326"), "files": files, **dict(metadata or {})}
            man_path = Path(work) / "manifest.json"
            man_path.write_text(json.dumps(manifest, indent=2, default=str), encoding="utf-8")
            members[f"{product_name}/manifest.json"] = man_path
            info = make_zip(zip_path, members)
        info["md5"] = file_md5(zip_path)
        _store_cached(zip_path, params, {k: v for k, v in info.items() if k != "path"})
        return info


def cached_result_zip(product_name: str, footprint: Mapping[str, Any], bands: Iterable[str] | int = ("VV", "VH"),
                      **kwargs: Any) -> dict[str, Any]:
    """``make_result_zip`` into the data dir cache (``<product_name>-<key>.zip``)."""
    key = cache_key("zip", {"product": product_name, "footprint": footprint,
                            "bands": bands if isinstance(bands, int) else list(bands), **kwargs})
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in product_name)[:120]
    return make_result_zip(data_dir() / f"{safe}-{key[4:]}.zip", product_name, footprint, bands, **kwargs)


# ------------------------------------------------------------------------------------------- big files

def make_big_file(path: PathLike, size_bytes: int, seed: int = 0) -> dict[str, Any]:
    """Deterministic pseudo-random bytes, written in 8 MiB chunks (about 1 GiB in a few seconds).

    Every chunk differs (a per-chunk XOR over one random block), so a resumed download that lands bytes
    at the wrong offset fails its checksum. Returns {"path","size_bytes","md5"}; reused if present.
    """
    path = Path(path)
    size_bytes = int(size_bytes)
    if size_bytes < 0:
        raise ValueError("size_bytes must be >= 0")
    params = {"size": size_bytes, "seed": seed, "v": 1}
    with _key_lock(str(path.resolve())):
        cached = _load_cached(path, params)
        if cached is not None:
            return cached
        base = np.frombuffer(np.random.default_rng(seed).bytes(_CHUNK), dtype=np.uint64)
        md5 = hashlib.md5()
        tmp = _atomic_target(path)
        try:
            with open(tmp, "wb") as fh:
                written, index = 0, 0
                while written < size_bytes:
                    mix = np.uint64((index * 0x9E3779B97F4A7C15 + seed) & 0xFFFFFFFFFFFFFFFF)
                    chunk = (base ^ mix).tobytes()[: size_bytes - written]
                    fh.write(chunk)
                    md5.update(chunk)
                    written += len(chunk)
                    index += 1
            os.replace(tmp, path)
        finally:
            if tmp.exists():
                tmp.unlink()
        info = {"path": str(path), "size_bytes": size_bytes, "md5": md5.hexdigest()}
        _store_cached(path, params, {k: v for k, v in info.items() if k != "path"})
        return info


def cached_big_file(size_bytes: int, seed: int = 0) -> dict[str, Any]:
    """``make_big_file`` into the data dir cache."""
    return make_big_file(data_dir() / f"big-{int(size_bytes)}-{seed}.bin", size_bytes, seed)


def file_md5(path: PathLike) -> str:
    """MD5 hex digest of a file, read in chunks (results can be large)."""
    md5 = hashlib.md5()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            md5.update(chunk)
    return md5.hexdigest()
