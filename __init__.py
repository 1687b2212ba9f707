# SPDX-License-Identifier: GPL-2.0-or-later
"""EO Orders: order on-demand satellite processing and tasking from a QGIS dock."""


def classFactory(iface):  # noqa: N802 - name required by QGIS
    """QGIS calls this to create the plugin when it is loaded."""
    from .plugin import EoOrdersPlugin

    return EoOrdersPlugin(iface)
