# SPDX-License-Identifier: GPL-2.0-or-later
"""Which of the plugin's tasks QGIS may cancel on Exit without asking the analyst.

QGIS asks "Do you want to try canceling these active tasks?" when the analyst quits (or closes the project)
while a task runs, unless the task carries ``QgsTask.Flag.CancelWithoutPrompt`` (seen in the QGIS 3.44
desktop: a running status check made *Project › Exit QGIS* ask; with the flag it quit at once). Work that
only reads and is done again next time carries it; a quote, a submit and a download keep the question.
"""

from __future__ import annotations

from qgis.core import QgsApplication, QgsTask

from tests.core.conftest import place_proseo_order
from tests.helpers.service import call


def _watch_tasks() -> tuple[dict[str, bool], object]:
    """description -> whether QGIS would ask before cancelling it, for every task added from now on."""
    seen: dict[str, bool] = {}
    manager = QgsApplication.taskManager()

    def added(task_id: int) -> None:
        task = manager.task(task_id)
        if task is not None and task.description().startswith("EO Orders"):
            seen[task.description()] = not bool(task.flags() & QgsTask.Flag.CancelWithoutPrompt)

    manager.taskAdded.connect(added)
    return seen, added


def test_reading_work_is_cancelled_on_exit_without_asking_paid_work_asks(env):
    seen, added = _watch_tasks()
    try:
        conn = env.save("proseo")
        place_proseo_order(env, conn, "prompt-check")  # lists workflows, then submits
        call(env.service.refresh, conn)
        call(env.service.refresh, conn, full=False, what="monitor")
    finally:
        QgsApplication.taskManager().taskAdded.disconnect(added)
    asks = {description: ask for description, ask in seen.items()}
    assert asks["EO Orders: list workflows"] is False
    assert asks["EO Orders: list orders"] is False
    assert asks["EO Orders: submit order"] is True


def test_a_task_that_cannot_be_cancelled_never_claims_it_can(qgis_app):
    from eo_orders.core.tasks import ProviderTask

    task = ProviderTask("EO Orders: fixed", lambda t: None, can_cancel=False, ask_before_cancel=False)
    assert not task.flags() & QgsTask.Flag.CancelWithoutPrompt
    assert not task.flags() & QgsTask.Flag.CanCancel
    quiet = ProviderTask("EO Orders: quiet", lambda t: None, ask_before_cancel=False)
    assert quiet.flags() & QgsTask.Flag.CanCancel and quiet.flags() & QgsTask.Flag.CancelWithoutPrompt
