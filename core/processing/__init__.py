# SPDX-License-Identifier: GPL-2.0-or-later
"""EO Orders in the Processing toolbox, the model designer and ``qgis_process``.

Each algorithm is one module; they drive orders through ``core.order_ops`` (the same steps as the order
service's tasks), the saved connections and the journal, so an order placed from a model or a script is
the same order the dock shows.
"""
