# SPDX-License-Identifier: GPL-2.0-or-later
"""The demo: the whole order flow in real QGIS against the sandbox (``make demo``)."""
