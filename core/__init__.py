# SPDX-License-Identifier: GPL-2.0-or-later
"""The QGIS side of EO Orders without widgets: tasks, AOI, layers, results, journal, connections."""
