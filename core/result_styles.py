# SPDX-License-Identifier: GPL-2.0-or-later
"""Styles per product type for result rasters: SAR backscatter in dB (VV/VH false colour), single-band
products in pseudocolour with a legend. Optical RGB stays with ``layers.apply_default_style``.

Why VRTs for SAR: backscatter is delivered as linear power (or already in dB); an analyst reads it in
dB, and the usual dual-polarisation picture is red = VV, green = VH, blue = VV − VH (the ratio, in dB).
QGIS renderers cannot compute a band, so a small VRT next to the file does it with GDAL's built-in
pixel functions (``dB``, ``diff``): no pixels are copied, and the file on disk stays untouched.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from qgis.core import (
    QgsColorRampShader,
    QgsGradientColorRamp,
    QgsRasterLayer,
    QgsRasterShader,
    QgsSingleBandPseudoColorRenderer,
    QgsStyle,
)
from qgis.PyQt.QtGui import QColor

from .compat import gdal_open

log = logging.getLogger("eo_orders.layers")

#: name of the colour ramp for single-band products, from QGIS's default style
RAMP_NAME = "Viridis"
LEGEND_CLASSES = 5


def _band_xml(index: int, description: str, sources: Sequence[tuple[str, int]], function: str = "",
              arguments: str = "", nodata: float | None = None) -> str:
    derived = ' subClass="VRTDerivedRasterBand"' if function else ""
    parts = [f'  <VRTRasterBand dataType="Float32" band="{index}"{derived}>',
             f"    <Description>{escape(description)}</Description>"]
    if nodata is not None:
        parts.append(f"    <NoDataValue>{nodata!r}</NoDataValue>")
    if function:
        parts.append(f"    <PixelFunctionType>{function}</PixelFunctionType>")
        if arguments:
            parts.append(f"    <PixelFunctionArguments {arguments}/>")
    for file_name, band in sources:
        parts.append(f'    <SimpleSource><SourceFilename relativeToVRT="1">{escape(file_name)}</SourceFilename>'
                     f"<SourceBand>{band}</SourceBand></SimpleSource>")
    parts.append("  </VRTRasterBand>")
    return "\n".join(parts)


def _write_vrt(path: Path, ds: object, bands: list[str]) -> Path:
    srs = ds.GetProjectionRef() or ""
    gt = ", ".join(repr(v) for v in ds.GetGeoTransform())
    xml = [f'<VRTDataset rasterXSize="{ds.RasterXSize}" rasterYSize="{ds.RasterYSize}">',
           f"  <SRS>{escape(srs)}</SRS>", f"  <GeoTransform>{gt}</GeoTransform>", *bands, "</VRTDataset>", ""]
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("\n".join(xml), encoding="utf-8")
    tmp.replace(path)
    return path


def _is_linear(ds: object) -> bool:
    """Linear power is never negative; values in dB of backscatter mostly are."""
    band = ds.GetRasterBand(1)
    try:
        lo, _hi = band.ComputeRasterMinMax(True)  # approximate: from an overview when there is one
    except RuntimeError:
        return False
    return lo >= 0


def co_cross_order(polarisations: Sequence[str]) -> list[str]:
    """Co-polarisation first: ``["VH", "VV"]`` → ``["VV", "VH"]``."""
    pols = [p.upper() for p in polarisations]
    if len(pols) == 2 and pols[1] in ("VV", "HH") and pols[0] not in ("VV", "HH"):
        return [pols[1], pols[0]]
    return pols


def sar_db_vrt(path: str | Path, polarisations: Sequence[str]) -> Path | None:
    """A VRT beside ``path`` showing its backscatter in dB: one band per polarisation, plus VV − VH (dB)
    as a third band for a dual-polarisation file. None when the file is not one or two bands matching
    ``polarisations``, or GDAL cannot read it (the caller then loads the file as it is)."""

    path = Path(path)
    ds = gdal_open(str(path))
    if ds is None or ds.RasterCount not in (1, 2) or len(polarisations) != ds.RasterCount:
        return None
    pols = [p.upper() for p in polarisations]
    nodata = ds.GetRasterBand(1).GetNoDataValue()
    linear = _is_linear(ds)
    source = path.name
    if linear:
        db_name = f"{path.stem}_dB.vrt"
        db_bands = [_band_xml(i, f"{pol} (dB)", [(source, i)], "dB", 'fact="10"', nodata)
                    for i, pol in enumerate(pols, start=1)]
        _write_vrt(path.with_name(db_name), ds, db_bands)
        source = db_name
        if len(pols) == 1:
            return path.with_name(db_name)
    elif len(pols) == 1:
        return None  # one band already in dB: the file itself is the layer
    # co-polarised (VV, HH) red, cross-polarised (VH, HV) green, whatever order the file has them in
    co, cross = (1, 2) if pols[0] in ("VV", "HH") or pols[1] not in ("VV", "HH") else (2, 1)
    co_pol, cross_pol = pols[co - 1], pols[cross - 1]
    bands = [_band_xml(1, f"{co_pol} (dB)", [(source, co)], nodata=nodata),
             _band_xml(2, f"{cross_pol} (dB)", [(source, cross)], nodata=nodata),
             _band_xml(3, f"{co_pol} − {cross_pol} (dB)", [(source, co), (source, cross)], "diff", nodata=nodata)]
    out = path.with_name(f"{path.stem}_{co_pol}_{cross_pol}_false_colour.vrt")
    _write_vrt(out, ds, bands)
    check = gdal_open(str(out))
    if check is None or check.RasterCount != 3:
        log.warning("GDAL could not open the false-colour VRT for %s", path.name)
        return None
    return out


def write_band_stack(vrt_path: Path, files: Sequence[Path], names: Sequence[str]) -> bool:
    """Write a VRT at ``vrt_path`` with each of ``files`` as one band, described by ``names``.

    Why a VRT: one layer per product instead of one per band, with the files referenced, not copied.
    The band descriptions are what the styles and the layer names read back. False when GDAL cannot
    build it (the caller then keeps the files as they are).
    """
    from osgeo import gdal

    ds = gdal.BuildVRT(str(vrt_path), [str(f) for f in files], separate=True)
    if ds is None:
        return False
    for i, name in enumerate(names, start=1):
        ds.GetRasterBand(i).SetDescription(name)
    ds = None  # flush the VRT to disk
    return True


def stack_polarisation_files(paths: Sequence[Path]) -> tuple[list[Path], dict[Path, list[str]]]:
    """One-band files of the same product per polarisation (``…/VV.tif``, ``…/VH.tif`` or ``x_VV.tif``,
    ``x_VH.tif``) → one VRT per product with the bands in VV, VH (or HH, HV) order.

    Returns the new list of paths and, for each stacked VRT, its polarisations.
    """
    from .result_info import polarisations_in

    groups: dict[tuple[Path, str], dict[str, Path]] = {}
    others: list[Path] = []
    for path in paths:
        pols = polarisations_in(path.stem)
        rest = path.stem
        for pol in pols:
            rest = rest.replace(pol, "").replace(pol.lower(), "")
        if len(pols) != 1 or path.suffix.lower() not in (".tif", ".tiff"):
            others.append(path)
            continue
        groups.setdefault((path.parent, rest.strip("_-. ")), {})[pols[0]] = path
    out: list[Path] = []
    stacked: dict[Path, list[str]] = {}
    for (folder, rest), by_pol in groups.items():
        order = [p for pair in (("VV", "VH"), ("HH", "HV")) if set(pair) <= by_pol.keys() for p in pair]
        if len(order) != 2:
            others.extend(by_pol.values())
            continue
        vrt = folder / f"{rest + '_' if rest else ''}{order[0]}_{order[1]}.vrt"
        if not write_band_stack(vrt, [by_pol[p] for p in order], order):
            others.extend(by_pol.values())
            continue
        out.append(vrt)
        stacked[vrt] = order
        others.extend(p for pol, p in by_pol.items() if pol not in order)
    return sorted(out) + others, stacked


def _ramp() -> object:
    ramp = QgsStyle.defaultStyle().colorRamp(RAMP_NAME) if QgsStyle.defaultStyle() is not None else None
    return ramp if ramp is not None else QgsGradientColorRamp(QColor(68, 1, 84), QColor(253, 231, 37))


def apply_pseudocolour(layer: QgsRasterLayer, band: int, lo: float, hi: float) -> QgsSingleBandPseudoColorRenderer:
    """A continuous ramp from ``lo`` to ``hi`` with ``LEGEND_CLASSES`` legend entries."""
    shader_fn = QgsColorRampShader(lo, hi, _ramp())
    shader_fn.setColorRampType(QgsColorRampShader.Type.Interpolated)
    # equal intervals: a legend of a few round steps, not one entry per stop of the ramp
    shader_fn.setClassificationMode(QgsColorRampShader.ClassificationMode.EqualInterval)
    shader_fn.classifyColorRamp(LEGEND_CLASSES, -1)
    shader = QgsRasterShader()
    shader.setRasterShaderFunction(shader_fn)
    renderer = QgsSingleBandPseudoColorRenderer(layer.dataProvider(), band, shader)
    renderer.setClassificationMin(lo)
    renderer.setClassificationMax(hi)
    layer.setRenderer(renderer)
    return renderer
