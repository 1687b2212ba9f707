# SPDX-License-Identifier: GPL-2.0-or-later
"""Quicklooks in the inputs table (a thumbnail in the first column) and a larger preview of one product.

Why a proxy and not a change to ``InputsModel``: thumbnails arrive one by one from the background and
only the rows on screen need them. The proxy asks the ``QuicklookLoader`` for a row's quicklook the
first time the view paints that row, and repaints just that cell when it arrives. Put it between the
inputs model and the sort proxy: ``InputsModel → QuicklookProxyModel → SortProxy → view``.
"""

from __future__ import annotations

from typing import Any

from qgis.PyQt.QtCore import QIdentityProxyModel, QModelIndex, QObject, QSize, Qt
from qgis.PyQt.QtGui import QImage, QPixmap
from qgis.PyQt.QtWidgets import QAbstractItemView, QLabel, QSizePolicy, QWidget

from ..core.quicklooks import THUMBNAIL_PX, QuicklookLoader
from ..providers.base import InputProduct
from ..providers.i18n import tr

#: the column that carries the thumbnail (the product name)
THUMBNAIL_COLUMN = 0
#: icon size in the table: small enough to keep many rows on screen
ICON_PX = 32


class QuicklookProxyModel(QIdentityProxyModel):
    """Adds ``Qt.DecorationRole`` (the quicklook) to the first column of an inputs model whose
    ``Qt.UserRole`` is the ``InputProduct``; asks ``loader`` for thumbnails lazily, row by row."""

    def __init__(self, loader: QuicklookLoader, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.loader = loader
        self._pixmaps: dict[str, QPixmap] = {}
        loader.thumbnailReady.connect(self._thumbnail_ready)
        loader.thumbnailFailed.connect(self._thumbnail_ready)

    def _product(self, index: QModelIndex) -> InputProduct | None:
        value = super().data(index.siblingAtColumn(0) if index.column() else index, Qt.ItemDataRole.UserRole)
        return value if isinstance(value, InputProduct) else None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == THUMBNAIL_COLUMN:
            if role == Qt.ItemDataRole.DecorationRole:
                product = self._product(index)
                if product is not None and product.quicklook_url:
                    pixmap = self._pixmap(product.id)
                    if pixmap is None:
                        self.loader.request([product])
                    return pixmap
            elif role == Qt.ItemDataRole.ToolTipRole:
                product = self._product(index)
                if product is not None:
                    reason = self.loader.error(product.id)
                    if not product.quicklook_url:
                        return tr("{name}\n(the catalogue offers no quicklook)").format(name=product.name)
                    return tr("{name}\n(no quicklook: {reason})").format(name=product.name, reason=reason) if reason \
                        else product.name
        return super().data(index, role)

    def _pixmap(self, product_id: str) -> QPixmap | None:
        pixmap = self._pixmaps.get(product_id)
        if pixmap is None:
            image = self.loader.thumbnail(product_id)
            if image is None:
                return None
            pixmap = QPixmap.fromImage(image)
            self._pixmaps[product_id] = pixmap
            if len(self._pixmaps) > 1000:
                self._pixmaps.pop(next(iter(self._pixmaps)))
        return pixmap

    def _thumbnail_ready(self, product_id: str, *_args: Any) -> None:
        source = self.sourceModel()
        if source is None:
            return
        for row in range(source.rowCount()):
            src = source.index(row, THUMBNAIL_COLUMN)
            product = src.data(Qt.ItemDataRole.UserRole)
            if isinstance(product, InputProduct) and product.id == product_id:
                idx = self.mapFromSource(src)
                self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole])


def install_quicklooks(view: QAbstractItemView) -> None:
    """Size the view's icons and rows for thumbnails."""
    view.setIconSize(QSize(ICON_PX, ICON_PX))
    header = view.verticalHeader() if hasattr(view, "verticalHeader") else None
    if header is not None:
        header.setDefaultSectionSize(max(header.defaultSectionSize(), ICON_PX + 2))


class QuicklookPreview(QLabel):
    """A larger picture of one product (the current row of the inputs table), from the disk cache.

    ``show_product(None)`` clears it. While the quicklook is on its way it says so, and updates itself
    when the loader delivers it.
    """

    def __init__(self, loader: QuicklookLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loader = loader
        self.product: InputProduct | None = None
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(THUMBNAIL_PX * 2, THUMBNAIL_PX * 2)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setWordWrap(True)
        loader.thumbnailReady.connect(self._arrived)
        loader.thumbnailFailed.connect(self._arrived)
        self._set_text(tr("Select a product to see its quicklook."))

    def _set_text(self, text: str) -> None:
        self.setPixmap(QPixmap())
        self.setText(text)

    def show_product(self, product: InputProduct | None) -> None:
        self.product = product
        if product is None:
            self._set_text(tr("Select a product to see its quicklook."))
            return
        if not product.quicklook_url:
            self._set_text(tr("{name}: the catalogue offers no quicklook.").format(name=product.name))
            return
        data = self.loader.cache.get(product.quicklook_url)
        image = QImage.fromData(data) if data else QImage()
        if image.isNull():
            reason = self.loader.error(product.id)
            if reason:
                self._set_text(tr("No quicklook: {reason}").format(reason=reason))
                return
            self._set_text(tr("Loading the quicklook…"))
            self.loader.request([product])
            return
        self.setText("")
        self.setToolTip(product.name)
        self.setPixmap(QPixmap.fromImage(image.scaled(self.width(), self.height(), Qt.AspectRatioMode.KeepAspectRatio,
                                                      Qt.TransformationMode.SmoothTransformation)))

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API name
        super().resizeEvent(event)
        if self.product is not None and self.pixmap() is not None and not self.pixmap().isNull():
            self.show_product(self.product)  # fill the new size

    def _arrived(self, product_id: str, *_args: Any) -> None:
        if self.product is not None and self.product.id == product_id:
            self.show_product(self.product)
