"""Background operations: the job runs off the GUI thread, callbacks come back on it; refusals
show their message, bugs a short one (and the log the traceback); Cancel stops the job; progress
reaches the dialog."""

from __future__ import annotations

import logging
import threading
import time

import pytest
import shiboken6
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QPushButton, QWidget

from desktop.core.errors import Refusal
from desktop.ui.operations import Cancelled, Operation, error_message, run_in_background

pytestmark = pytest.mark.gui


@pytest.fixture
def window(gui_app, qtbot):
    widget = QWidget()
    widget.setWindowTitle("Cửa sổ")
    widget.resize(500, 300)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def on_gui_thread() -> bool:
    return QThread.currentThread() is QApplication.instance().thread()


def error_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "operationError" and w.isVisible()]


def run_and_wait(qtbot, operation: Operation) -> Operation:
    with qtbot.waitSignal(operation.finished, timeout=5000):
        operation.run()
    return operation


def test_the_job_runs_off_the_gui_thread_and_success_comes_back_on_it(window, qtbot):
    seen = {}

    def job(progress):
        seen["job_on_gui"] = on_gui_thread()
        return 42

    def success(result):
        seen["result"] = result
        seen["success_on_gui"] = on_gui_thread()

    run_and_wait(qtbot, Operation(window, job, success=success))
    assert seen == {"job_on_gui": False, "result": 42, "success_on_gui": True}
    assert error_boxes() == []


def test_a_refusal_shows_its_message(window, qtbot):
    def job(progress):
        raise Refusal("Tệp đồng bộ này đã được nhận trước đây.")

    succeeded = []
    run_and_wait(qtbot, Operation(window, job, success=succeeded.append, title="Nhận tệp"))
    assert succeeded == []
    boxes = error_boxes()
    assert [box.text() for box in boxes] == ["Tệp đồng bộ này đã được nhận trước đây."]
    assert boxes[0].windowTitle() == "Nhận tệp"
    boxes[0].close()


def test_a_refusal_goes_to_the_failure_callback_when_there_is_one(window, qtbot):
    failures = []
    refusal = Refusal("Không đủ chỗ trên ổ đĩa.")

    def job(progress):
        raise refusal

    run_and_wait(qtbot, Operation(window, job, failure=lambda e: failures.append((e, on_gui_thread()))))
    assert failures == [(refusal, True)]
    assert error_boxes() == []


def test_a_bug_shows_a_plain_message_and_logs_the_traceback(window, qtbot, caplog):
    def job(progress):
        raise KeyError("households.secret_column")

    with caplog.at_level(logging.ERROR, logger="desktop.ui.operations"):
        run_and_wait(qtbot, Operation(window, job))
    boxes = error_boxes()
    assert len(boxes) == 1
    text = boxes[0].text() + boxes[0].informativeText() + boxes[0].detailedText()
    assert text == error_message(KeyError()) and "lỗi không mong đợi" in text
    assert "Traceback" not in text and "secret_column" not in text and "KeyError" not in text
    boxes[0].close()
    record = next(r for r in caplog.records if r.name == "desktop.ui.operations")
    assert record.exc_info is not None and record.exc_info[0] is KeyError


def test_the_bug_message_is_translated(english, window, qtbot):
    assert error_message(RuntimeError("x")).startswith("An unexpected error")


def test_cancel_stops_the_job_and_no_success_follows(window, qtbot):
    started = threading.Event()
    stopped = []
    succeeded, cancelled = [], []

    def job(progress):
        started.set()
        try:
            for step in range(500):
                progress(fraction=step / 500)
                time.sleep(0.01)
        except Cancelled:
            stopped.append(True)
            raise
        return "finished"

    operation = Operation(window, job, success=succeeded.append, cancelled=lambda: cancelled.append(True))
    with qtbot.waitSignal(operation.finished, timeout=5000):
        operation.run()
        assert started.wait(5)
        operation.cancel()
    assert stopped == [True] and cancelled == [True] and succeeded == []
    assert error_boxes() == []


def test_the_cancel_button_of_the_progress_dialog_stops_the_job(window, qtbot):
    succeeded = []

    def job(progress):
        while True:  # only a cancel ends it
            progress("Đang gộp dữ liệu…")
            time.sleep(0.01)

    operation = Operation(window, job, success=succeeded.append).with_progress("Đang gộp…", delay_ms=0)
    operation.run()
    qtbot.waitUntil(lambda: operation.dialog is not None and operation.dialog.isVisible(), timeout=3000)
    dialog = operation.dialog
    assert dialog.windowModality() == Qt.WindowModality.WindowModal and dialog.parentWidget() is window
    button = next(b for b in dialog.findChildren(QPushButton) if b.isVisible())
    assert button.text() == "Dừng"
    with qtbot.waitSignal(operation.finished, timeout=5000):
        button.click()
    assert succeeded == []
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]


def test_progress_reaches_the_dialog_and_it_closes_at_the_end(window, qtbot):
    first, second = threading.Event(), threading.Event()

    def job(progress):
        progress("Đang đọc tệp", 0.25)
        first.wait(5)
        progress("Đang ghi vào sổ", 0.75)
        second.wait(5)
        return "xong"

    results = []
    operation = Operation(window, job, success=results.append).with_progress("Bắt đầu", delay_ms=0)
    operation.run()
    qtbot.waitUntil(lambda: operation.dialog is not None and operation.dialog.isVisible(), timeout=3000)
    dialog = operation.dialog
    qtbot.waitUntil(lambda: dialog.labelText() == "Đang đọc tệp" and dialog.value() == 250, timeout=3000)
    first.set()
    qtbot.waitUntil(lambda: dialog.labelText() == "Đang ghi vào sổ" and dialog.value() == 750, timeout=3000)
    with qtbot.waitSignal(operation.finished, timeout=5000):
        second.set()
    assert results == ["xong"]
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]


def test_a_closed_window_hears_nothing(gui_app, qtbot):
    release, ended = threading.Event(), threading.Event()
    heard = []
    widget = QWidget()

    def job(progress):
        try:
            release.wait(5)
            return 1
        finally:
            ended.set()

    Operation(widget, job, success=heard.append, failure=heard.append).run()
    shiboken6.delete(widget)  # the window is gone (with the operation, its child) before the job ends
    release.set()
    assert ended.wait(5)
    qtbot.wait(200)  # time for a (wrongly) queued callback to arrive
    assert heard == []


def test_run_in_background_shorthand(window, qtbot):
    results = []
    run_in_background(window, lambda progress: sum(range(10)), success=results.append)
    qtbot.waitUntil(lambda: results == [45], timeout=3000)
