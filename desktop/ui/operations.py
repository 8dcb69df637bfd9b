"""Background work: run a job off the GUI thread, show its progress, call back on the GUI thread.

Every long job (searching the households, merging a sync file, importing Excel, building a
report, making a backup) goes through `Operation`, as Anki's `CollectionOp`/`QueryOp` do:

    Operation(self, lambda progress: merge_file(path, progress),
              success=self.merged, failure=None, title=self.tr("Nhận tệp đồng bộ")) \\
        .with_progress(self.tr("Đang nhận tệp…")) \\
        .run()

The job
    is a plain function `job(progress) -> result` run in a worker thread (Qt's global thread
    pool). It must not touch a widget, and it opens its own database connection
    (`desktop.core.db.connect(path)`): a sqlite3 connection belongs to the thread that uses it.
    It reports with `progress(text, fraction)` (either may be None; fraction from 0 to 1), and
    every call is also where a cancel takes effect: once the user pressed Cancel, the call raises
    `Cancelled`, which unwinds the job (its `with db.transaction()` rolls back). A job that never
    calls `progress` cannot be stopped; `progress.check()` looks for a cancel without reporting.

The callbacks
    run on the GUI thread once the job ends, and only if the Operation's parent still exists
    (a window closed meanwhile hears nothing):
    - `success(result)` when the job returned (and was not cancelled);
    - `failure(error)` when it raised; without a `failure` callback, a `Refusal` shows its
      `.message` in a message box and any other exception shows a short translated message
      ("an unexpected error…"), never a traceback;
    - `cancelled()` when the user cancelled.
    A storage error (`sqlite3`'s or the operating system's: a database locked, read-only, full or
    damaged) arrives as the core's `storage.StorageRefusal`, which says what to do. Any other
    exception than a `Refusal` or `Cancelled` is a bug: it is logged with its traceback before
    `failure` is called. `error_message(error)` gives what to tell the user about one.

Progress
    `with_progress(label)` shows a window-modal QProgressDialog after a short delay (a quick job
    shows nothing), with a Cancel button unless `cancellable=False`; it closes by itself when the
    job ends. Reports are coalesced: a job may call `progress` in a tight loop, the dialog shows
    the latest.

The signals `succeeded(object)`, `failed(object)`, `was_cancelled()` and `finished()` say the same
to whoever else listens; `finished` comes last, in every case.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton, QWidget

from desktop.core import storage
from desktop.core.errors import Refusal

log = logging.getLogger(__name__)

FRACTION_STEPS = 1000  # the progress bar's range: a tenth of a percent


class Cancelled(Exception):  # a request to stop, not an error
    """Raised inside a job by its progress callback once the user asked to cancel."""


def error_message(error: BaseException) -> str:
    """What to tell the user about a failed job: a refusal's own message, what the core says about
    bad luck with the disk (a database locked, read-only, full or damaged), else a short sentence."""
    if isinstance(error, Refusal):
        return error.message
    translated = storage.refusal(error)
    if translated is not None:
        return translated.message
    return QCoreApplication.translate(
        "operations", "Đã xảy ra lỗi không mong đợi, công việc chưa hoàn thành. Chi tiết đã được ghi vào "
                      "nhật ký của phần mềm.")


class Progress:
    """What a job receives: `progress(text, fraction)` reports, and raises Cancelled once asked to stop."""

    def __init__(self, report: Callable[[], None]):
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._latest: tuple[str | None, float | None] = (None, None)
        self._pending = False
        self._report = report

    def __call__(self, text: str | None = None, fraction: float | None = None) -> None:
        self.check()
        with self._lock:
            old_text, old_fraction = self._latest
            self._latest = (text if text is not None else old_text,
                            fraction if fraction is not None else old_fraction)
            if self._pending:
                return  # the GUI has not shown the last report yet: it will show this one
            self._pending = True
        self._report()

    def check(self) -> None:
        """Raise Cancelled when the user asked to stop (for a job with nothing new to report)."""
        if self._cancel.is_set():
            raise Cancelled

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def take(self) -> tuple[str | None, float | None]:
        """The latest report (GUI thread), ready for the next."""
        with self._lock:
            self._pending = False
            return self._latest


class _Signals(QObject):
    """Carries the worker's news to the GUI thread (queued: it lives in the GUI thread)."""

    done = Signal(str, object)  # outcome ("success" | "failure" | "cancelled"), value
    progressed = Signal()


class _Runnable(QRunnable):
    def __init__(self, job: Callable[[Progress], Any], progress: Progress, signals: _Signals):
        super().__init__()
        self.job = job
        self.progress = progress
        self.signals = signals

    def run(self) -> None:
        try:
            result = self.job(self.progress)
            outcome = ("cancelled", None) if self.progress.cancelled else ("success", result)
        except Cancelled:
            outcome = ("cancelled", None)
        except BaseException as error:  # everything reaches the GUI thread, as an outcome
            # Bad luck with the disk (locked, read-only, full, damaged) is a refusal saying what to do.
            known = error if isinstance(error, Refusal) else storage.refusal(error)
            if known is None:
                # Logged here, while the traceback is at hand, and named a bug.
                log.error("background job failed (a bug)", exc_info=error)
            elif known is not error:
                log.warning("background job stopped: %s", error)
            outcome = ("failure", known or error)
        try:
            self.signals.done.emit(*outcome)
        except RuntimeError:  # the receiver was deleted meanwhile (its window closed): nobody to tell
            pass


_running: set[Operation] = set()  # kept alive until they finish, parent or not


class Operation(QObject):
    """One job in the background with its callbacks; see the module's docstring."""

    succeeded = Signal(object)
    failed = Signal(object)
    was_cancelled = Signal()
    finished = Signal()

    def __init__(self, parent: QObject | None, job: Callable[[Progress], Any], *,
                 success: Callable[[Any], object] | None = None,
                 failure: Callable[[BaseException], object] | None = None,
                 cancelled: Callable[[], object] | None = None,
                 title: str = ""):
        super().__init__(parent)
        self.job = job
        self.success = success
        self.failure = failure
        self.on_cancelled = cancelled
        self.title = title
        self.dialog: QProgressDialog | None = None
        self._label = ""
        self._cancellable = True
        self._delay_ms = 400
        self._running = False
        self._signals = _Signals(self)
        self._signals.done.connect(self._done)
        self._signals.progressed.connect(self._show_progress)
        self.progress = Progress(self._signals.progressed.emit)

    def with_progress(self, label: str, *, cancellable: bool = True, delay_ms: int = 400) -> Operation:
        """Show a progress dialog (after `delay_ms`) while the job runs."""
        self._label = label
        self._cancellable = cancellable
        self._delay_ms = delay_ms
        return self

    def run(self) -> Operation:
        """Start the job; returns at once."""
        if self._running:
            raise RuntimeError("an Operation runs once")
        self._running = True
        _running.add(self)
        if self._label:
            self._open_dialog()
        QThreadPool.globalInstance().start(_Runnable(self.job, self.progress, self._signals))
        return self

    def cancel(self) -> None:
        """Ask the job to stop: its next progress report raises Cancelled."""
        self.progress.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText(self.tr("Đang dừng…"))
            for button in self.dialog.findChildren(QPushButton):
                button.setEnabled(False)  # not deleted: this may run inside its own clicked signal

    def is_running(self) -> bool:
        return self._running

    # -- on the GUI thread --------------------------------------------------------------------

    def _window(self) -> QWidget | None:
        parent = self.parent()
        while parent is not None and not isinstance(parent, QWidget):
            parent = parent.parent()
        return parent.window() if isinstance(parent, QWidget) else None

    def _open_dialog(self) -> None:
        dialog = QProgressDialog(self._label, self.tr("Dừng") if self._cancellable else "", 0, 0, self._window())
        dialog.setObjectName("operationProgress")
        dialog.setWindowTitle(self.title or QCoreApplication.applicationName())
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(self._delay_ms)
        dialog.setMinimumWidth(420)
        dialog.canceled.disconnect()  # QProgressDialog would hide itself; the job decides when it ends
        dialog.canceled.connect(self.cancel)
        dialog.setValue(0)  # starts the delay after which it shows
        self.dialog = dialog

    def _show_progress(self) -> None:
        text, fraction = self.progress.take()
        if self.dialog is None or self.progress.cancelled:
            return
        if text is not None:
            self.dialog.setLabelText(text)
        if fraction is not None:
            if self.dialog.maximum() == 0:
                self.dialog.setRange(0, FRACTION_STEPS)
            self.dialog.setValue(round(max(0.0, min(1.0, fraction)) * FRACTION_STEPS))

    def _done(self, outcome: str, value: object) -> None:
        self._running = False
        _running.discard(self)
        if self.dialog is not None:
            self.dialog.canceled.disconnect()
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        try:
            if outcome == "success":
                if self.success is not None:
                    self.success(value)
                self.succeeded.emit(value)
            elif outcome == "cancelled":
                if self.on_cancelled is not None:
                    self.on_cancelled()
                self.was_cancelled.emit()
            else:
                assert isinstance(value, BaseException)
                if self.failure is not None:
                    self.failure(value)
                else:
                    self.show_error(value)
                self.failed.emit(value)
        finally:
            self.finished.emit()
            self.deleteLater()

    def show_error(self, error: BaseException) -> QMessageBox:
        """Tell the user why the job failed (not blocking: the box closes itself when answered)."""
        refusal = isinstance(error, Refusal)
        box = QMessageBox(QMessageBox.Icon.Warning if refusal else QMessageBox.Icon.Critical,
                          self.title or QCoreApplication.applicationName(), error_message(error),
                          QMessageBox.StandardButton.NoButton, self._window())
        box.setObjectName("operationError")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.addButton(self.tr("Đóng"), QMessageBox.ButtonRole.AcceptRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box


def run_in_background(parent: QObject | None, job: Callable[[Progress], Any], *,
                      success: Callable[[Any], object] | None = None,
                      failure: Callable[[BaseException], object] | None = None,
                      progress: str = "", title: str = "") -> Operation:
    """Shorthand: `Operation(...)`, with a progress dialog when `progress` names the work, started."""
    operation = Operation(parent, job, success=success, failure=failure, title=title)
    if progress:
        operation.with_progress(progress)
    return operation.run()
