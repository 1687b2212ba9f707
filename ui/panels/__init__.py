# SPDX-License-Identifier: GPL-2.0-or-later
"""The dock's sections, one class (and one ``.ui``) each: connection, area of interest, workflow and
options, inputs, orders. Each talks to the order service itself and reports to the dock through
signals; the dock only arranges them and shows their messages."""
