# SPDX-License-Identifier: GPL-2.0-or-later
"""Background work: every network call of the plugin runs in a ``QgsTask``.

Why a runner: a ``QgsTask`` made in Python must stay referenced from Python until it ends (a collected
task crashes QGIS, qgis/QGIS#38583), callbacks must run on the main thread, and ``unload()`` must be
able to cancel and wait for everything the plugin started. ``TaskRunner`` does all three.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any, Callable

from qgis.core import Qgis, QgsApplication, QgsMessageLog, QgsTask
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QObject, pyqtSignal

from ..providers.base import ProviderError
from ..providers.http import redact
from ..providers.i18n import tr
from .settings import LOG_TAG  # noqa: F401 - re-exported for older imports

log = logging.getLogger("eo_orders")

Work = Callable[["ProviderTask"], Any]


class ProviderTask(QgsTask):
    """Runs ``work(task)`` in a worker thread; hands the result or a ``ProviderError`` to the main thread.

    ``work`` may call ``task.isCanceled()`` between pages or chunks and ``task.setProgress()``; it must
    not touch widgets, layers or the project.
    """

    def __init__(self, description: str, work: Work, can_cancel: bool = True, ask_before_cancel: bool = True) -> None:
        flags = QgsTask.Flag.CanCancel if can_cancel else QgsTask.Flags()
        if can_cancel and not ask_before_cancel:
            # QGIS asks "Do you want to try canceling these active tasks?" on Exit for every running task
            # without this flag: a status check or a listing is simply done again next time.
            flags |= QgsTask.Flag.CancelWithoutPrompt
        super().__init__(description, flags)
        self.work = work
        self.result: Any = None
        self.error: ProviderError | None = None

    def run(self) -> bool:
        try:
            self.result = self.work(self)
            return not self.isCanceled()
        except ProviderError as exc:
            self.error = exc
        except Exception as exc:  # a bug or an unexpected reply: one clear message, details to the log
            detail = redact("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
            QgsMessageLog.logMessage(f"{self.description()} failed:\n{detail}", LOG_TAG, Qgis.MessageLevel.Critical)
            self.error = ProviderError(tr("{task} failed unexpectedly ({error}). Details are in the log panel under "
                                          "'{tag}'.").format(task=self.description(), error=type(exc).__name__,
                                                             tag=LOG_TAG))
        return False


def _report_done_failure(description: str, exc: Exception,
                         on_error: Callable[[ProviderError], None] | None) -> None:
    """A task's main-thread step (loading layers, updating models) raised: say so like a failed task.

    Why: an exception in a Qt slot only reaches stderr; the dock would stay silent and whoever waits for
    the result (the analyst, a test, the demo) would wait for something that never comes.
    """
    detail = redact("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    QgsMessageLog.logMessage(f"{description} failed while handling its result:\n{detail}", LOG_TAG,
                             Qgis.MessageLevel.Critical)
    err = ProviderError(tr("{task} failed unexpectedly ({error}). Details are in the log panel under "
                           "'{tag}'.").format(task=description, error=type(exc).__name__, tag=LOG_TAG))
    if on_error is not None:
        on_error(err)


class TaskRunner(QObject):
    """Starts tasks, keeps them alive, delivers results on the main thread, cancels them on unload."""

    taskCountChanged = pyqtSignal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks: set[ProviderTask] = set()
        self._closing = False

    @property
    def active(self) -> int:
        return len(self._tasks)

    def start(self, description: str, work: Work, on_done: Callable[[Any], None] | None = None,
              on_error: Callable[[ProviderError], None] | None = None, owner: QObject | None = None,
              can_cancel: bool = True, ask_before_cancel: bool = True) -> ProviderTask:
        """Run ``work`` in the background. ``on_done``/``on_error`` run on the main thread unless the
        task was cancelled or ``owner`` (a widget) was deleted meanwhile. ``ask_before_cancel=False`` for
        work that only reads and is done again next time: QGIS then quits or closes a project without
        asking about it."""
        task = ProviderTask(description, work, can_cancel, ask_before_cancel)
        self._tasks.add(task)

        def alive() -> bool:
            return not self._closing and (owner is None or not sip.isdeleted(owner))

        def completed() -> None:
            self._forget(task)
            if alive() and on_done is not None:
                try:
                    on_done(task.result)
                except Exception as exc:  # a failing main-thread step must reach the user, not stderr
                    _report_done_failure(description, exc, on_error)

        def terminated() -> None:
            self._forget(task)
            if task.isCanceled() or not alive():
                return
            err = task.error or ProviderError(tr("{task} stopped.").format(task=description))
            if on_error is not None:
                on_error(err)
            else:
                QgsMessageLog.logMessage(str(err), LOG_TAG, Qgis.MessageLevel.Warning)

        task.taskCompleted.connect(completed)
        task.taskTerminated.connect(terminated)
        QgsApplication.taskManager().addTask(task)
        self.taskCountChanged.emit(len(self._tasks))
        return task

    def _forget(self, task: ProviderTask) -> None:
        self._tasks.discard(task)
        self.taskCountChanged.emit(len(self._tasks))

    def cancel_all(self, wait_ms: int = 10000) -> None:
        """Cancel every task and wait for their worker threads, so nothing calls into a deleted dock."""
        self._closing = True
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        for task in tasks:
            if not sip.isdeleted(task):
                task.waitForFinished(wait_ms)
        self._tasks.clear()

    def wait_idle(self, timeout_s: float = 30.0) -> bool:
        """Process events until every task ended (tests and the headless demo use this)."""
        import time

        deadline = time.monotonic() + timeout_s
        while self._tasks and time.monotonic() < deadline:
            QgsApplication.processEvents()
            time.sleep(0.01)
        QgsApplication.processEvents()
        return not self._tasks
