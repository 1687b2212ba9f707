"""The demo: the whole order flow in real QGIS against the sandbox (``make demo``)."""
