# SPDX-License-Identifier: GPL-2.0-or-later
"""TaskRunner on QGIS's real task manager: what the main thread does with a result can fail too."""

from __future__ import annotations

from qgis.core import Qgis, QgsApplication

from eo_orders.core.tasks import TaskRunner
from eo_orders.providers.base import ProviderError


def test_a_failing_result_handler_reaches_on_error_and_the_log():
    """Loading layers (or any main-thread step) raising must end as an error the dock shows; silence
    would leave the analyst, and any wait for the layers, waiting for nothing."""
    logged: list[tuple[str, object]] = []

    def keep(message, tag, level):
        if tag == "EO Orders":
            logged.append((message, level))

    QgsApplication.messageLog().messageReceived.connect(keep)
    try:
        runner = TaskRunner()
        errors: list[ProviderError] = []

        def load_layers(result):
            raise RuntimeError(f"cannot style {result}")

        runner.start("EO Orders: download x", lambda task: "x.tif", on_done=load_layers, on_error=errors.append)
        assert runner.wait_idle(60)
        QgsApplication.processEvents()
    finally:
        QgsApplication.messageLog().messageReceived.disconnect(keep)
    assert len(errors) == 1 and isinstance(errors[0], ProviderError)
    assert "EO Orders: download x failed unexpectedly (RuntimeError)" in str(errors[0])
    details = [m for m, level in logged if level == Qgis.MessageLevel.Critical]
    assert any("cannot style x.tif" in m and "handling its result" in m for m in details)


def test_a_working_result_handler_gets_the_result_once():
    runner = TaskRunner()
    got: list[object] = []
    errors: list[ProviderError] = []
    runner.start("EO Orders: list", lambda task: [1, 2], on_done=got.append, on_error=errors.append)
    assert runner.wait_idle(60)
    assert got == [[1, 2]] and errors == []
