"""The office's "Nhận tệp" tab: choose or drop the communes' sync files, see what each would do
(a dry run), merge them, and approve a commune's new key when a file is held.

Every merge runs in the background (`operations`) on a connection of its own, through
`desktop.core.sync.merge.merge_files`: first `dry_run=True` (nothing changes) as soon as files are
chosen, then, on "Gộp vào cơ sở dữ liệu", the real merge with a progress dialog per file whose
Dừng button answers the core's `cancelled` question — a file is never stopped halfway: the files
not begun are reported "Chưa gộp (đã dừng)" and nothing of them is written. The list shows per
file the commune (by name), its number, its status in words, its changes per table, and the
reason for a refusal or a hold; the selected file's full message is shown below the list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.core.db import Database
from desktop.core.sync import merge, office_text
from desktop.ui import style
from desktop.ui.dialogs import ask
from desktop.ui.office_sync.common import ShadedModel, on_own_connection, paragraph
from desktop.ui.office_sync.dialogs import ApproveKeyDialog
from desktop.ui.operations import Cancelled, Operation, Progress
from desktop.ui.settings import app_settings
from desktop.ui.tables import fit_columns, records_view

FOLDER_KEY = "sync/receive_folder"  # the folder files were chosen from last time
SUFFIX = ".gnsync"


def merge_job(db_path: Path, paths: Sequence[Path], *, dry_run: bool, label: str, progress: Progress,
              done: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The merge (or its dry run) in a worker thread: one result per file as a dict, the held
    files' signing keys named. The results also go into `done`, so that a batch the user stopped
    still shows which files were merged before it stopped (a cancelled Operation returns nothing)."""
    total = len(paths)
    begun = [0]

    def report(name: str) -> None:
        begun[0] += 1
        try:
            progress(label.format(n=begun[0], total=total, name=name), (begun[0] - 1) / max(total, 1))
        except Cancelled:
            pass  # merge_files asks `cancelled` before each file: the rest are reported, not lost

    def work(db: Database) -> list[dict[str, Any]]:
        results = merge.merge_files(db, paths, dry_run=dry_run, progress=report,
                                    cancelled=lambda: progress.cancelled)
        for result in results:
            done.append({"path": result.path, "status": result.status, "message": result.message,
                         "commune_code": result.commune_code, "sequence": result.sequence,
                         "summary": result.summary,
                         "fingerprint": office_text.signer_fingerprint(result.path)
                         if result.status == merge.HELD else ""})
        return done

    return on_own_connection(db_path, work)


class ReceivedModel(ShadedModel):
    """The files of the batch, in the order chosen."""

    columns = ("commune", "sequence", "status", "changes", "message", "file")
    numeric = frozenset({"sequence"})

    def __init__(self, names: dict[str, str], parent: Any = None):
        super().__init__(parent)
        self.names = names

    def headers(self) -> dict[str, str]:
        return {"commune": self.tr("Xã"), "sequence": self.tr("Tệp số"), "status": self.tr("Tình trạng"),
                "changes": self.tr("Thay đổi"), "message": self.tr("Lý do"), "file": self.tr("Tên tệp")}

    def text(self, row: dict[str, Any], column: str) -> str:
        if column == "commune":
            code = row["commune_code"] or office_text.name_parts(row["path"].name)[0]
            return self.names.get(code, code) if code else self.tr("(không rõ)")
        if column == "sequence":
            sequence = row["sequence"] if row["commune_code"] else office_text.name_parts(row["path"].name)[1]
            return "" if sequence is None else str(sequence)
        if column == "status":
            return office_text.status_text(row["status"])
        if column == "changes":
            return office_text.summary_text(row["summary"]) if row["status"] in (
                merge.APPLIED, merge.DRY_RUN) else ""
        if column == "message":
            return row["message"] if row["status"] in (merge.REFUSED, merge.HELD, merge.CANCELLED) else ""
        if column == "file":
            return row["path"].name
        return super().text(row, column)

    def background(self, row: dict[str, Any], column: str) -> Any:
        if column != "status":
            return None
        if row["status"] == merge.REFUSED:
            return style.brush(style.ERROR_BACKGROUND)
        if row["status"] == merge.HELD:
            return style.brush(style.WARNING_BACKGROUND)
        if row["status"] == merge.APPLIED:
            return style.brush(style.CLASS_BACKGROUND["middle"])
        return None

    def tooltip(self, row: dict[str, Any], column: str) -> str | None:
        if column in ("message", "status") and row["message"]:
            return row["message"]
        if column == "changes":
            return self.text(row, column) or None
        if column in ("commune", "sequence") and not row["commune_code"]:
            return self.tr("Theo tên tệp (tệp không đọc được): {path}").format(path=row["path"])
        if column in ("file", "commune"):
            return str(row["path"])
        return None


class ReceiveTab(QWidget):
    """Choose or drop files; their dry run; merge; approve a held file's key."""

    changed = Signal()  # the database changed (files merged, a key approved)

    def __init__(self, db: Database, names: dict[str, str], parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.names = names
        self.paths: list[Path] = []
        self.applied = False  # the list shows a real merge's results (not a dry run's)
        self.operation: Operation | None = None
        self.setAcceptDrops(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 10, 8, 6)
        layout.setSpacing(8)
        layout.addWidget(paragraph(self, self.tr(
            "Chọn các tệp đồng bộ (.gnsync) các xã gửi lên — từ USB, thư mục Zalo hay thư điện tử — hoặc kéo thả chúng "
            "vào đây. Phần mềm xem trước từng tệp (chưa thay đổi gì), rồi bấm «Gộp vào cơ sở dữ liệu» để gộp. Gộp lại "
            "một tệp đã nhận không làm thay đổi gì."), "receiveIntro"))

        buttons = QHBoxLayout()
        self.choose_button = QPushButton(self.tr("Chọn tệp…"), self)
        self.choose_button.setObjectName("chooseFiles")
        self.choose_button.setToolTip(self.tr("Chọn các tệp đồng bộ của xã (Ctrl+O)"))
        self.choose_button.clicked.connect(self.choose_files)
        self.apply_button = QPushButton(self.tr("Gộp vào cơ sở dữ liệu"), self)
        self.apply_button.setObjectName("applyMerge")
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(lambda: self.apply())
        self.approve_button = QPushButton(self.tr("Duyệt khóa…"), self)
        self.approve_button.setObjectName("approveHeld")
        self.approve_button.setToolTip(self.tr("Duyệt khóa mới của xã có tệp bị tạm giữ (xã đã thay máy)"))
        self.approve_button.setEnabled(False)
        self.approve_button.clicked.connect(lambda: self.approve_selected())
        self.clear_button = QPushButton(self.tr("Xóa danh sách"), self)
        self.clear_button.setObjectName("clearFiles")
        self.clear_button.setEnabled(False)
        self.clear_button.clicked.connect(self.clear)
        for button in (self.choose_button, self.apply_button, self.approve_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Open, self, self.choose_files)

        self.state_label = QLabel(self)
        self.state_label.setObjectName("receiveState")
        self.state_label.setStyleSheet(style.text_style(style.TEXT, True))
        layout.addWidget(self.state_label)
        self.model = ReceivedModel(names, self)
        self.table = records_view(self, self.model, "receivedTable")
        self.table.setWordWrap(True)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selection_changed())
        layout.addWidget(self.table, 1)
        self.detail = paragraph(self, name="receivedDetail")
        self.detail.setMaximumWidth(16777215)
        layout.addWidget(self.detail)
        self._show_state()

    # Choosing files -------------------------------------------------------------------------

    def choose_files(self) -> None:
        if self.is_busy():
            return
        settings = app_settings()
        last = str(settings.value(FOLDER_KEY) or "")
        start = last if last and Path(last).is_dir() else str(Path.home())
        paths, _filter = QFileDialog.getOpenFileNames(
            self, self.tr("Chọn các tệp đồng bộ của xã"), start,
            self.tr("Tệp đồng bộ (*.gnsync);;Tất cả các tệp (*)"))
        if paths:
            settings.setValue(FOLDER_KEY, str(Path(paths[0]).parent))
            settings.sync()
            self.add_files([Path(p) for p in paths])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if not self.is_busy() and self._dropped(event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._dropped(event.mimeData().urls())
        if paths and not self.is_busy():
            event.acceptProposedAction()
            self.add_files(paths)

    @staticmethod
    def _dropped(urls: Sequence[Any]) -> list[Path]:
        """The sync files among dropped URLs (files of a dropped folder included)."""
        found: list[Path] = []
        for url in urls:
            if not url.isLocalFile():
                continue
            path = Path(url.toLocalFile())
            if path.is_dir():
                found += sorted(p for p in path.iterdir() if p.suffix.lower() == SUFFIX and p.is_file())
            elif path.suffix.lower() == SUFFIX:
                found.append(path)
        return found

    def add_files(self, paths: Sequence[Path]) -> None:
        """Add files to the batch (a new batch once the last one was merged), then look at them all."""
        if self.is_busy():
            return
        if self.applied:
            self.paths, self.applied = [], False
        for path in paths:
            if path not in self.paths:
                self.paths.append(path)
        self.dry_run()

    def clear(self) -> None:
        if self.is_busy():
            return
        self.paths, self.applied = [], False
        self.model.set_rows([])
        self._show_state()

    # Merging --------------------------------------------------------------------------------

    def is_busy(self) -> bool:
        return self.operation is not None

    def dry_run(self) -> Operation | None:
        """Look at every file of the batch: what it would do, changing nothing."""
        return self._run(list(self.paths), dry_run=True, label=self.tr("Đang xem trước tệp {n}/{total}: {name}"))

    def apply(self, paths: Sequence[Path] | None = None) -> Operation | None:
        """Merge the batch's files (or `paths` of it) into the database."""
        chosen = list(paths) if paths is not None else list(self.paths)
        return self._run(chosen, dry_run=False, label=self.tr("Đang gộp tệp {n}/{total}: {name}"))

    def _run(self, paths: list[Path], *, dry_run: bool, label: str) -> Operation | None:
        if not paths or self.is_busy():
            return None
        done: list[dict[str, Any]] = []
        db_path = Path(self.db.path)

        def job(progress: Progress) -> list[dict[str, Any]]:
            return merge_job(db_path, paths, dry_run=dry_run, label=label, progress=progress, done=done)

        operation = Operation(self, job, success=lambda results: self._merged(results, dry_run),
                              cancelled=lambda: self._merged(done, dry_run),
                              title=self.tr("Xem trước tệp đồng bộ") if dry_run else self.tr("Gộp tệp đồng bộ"))
        operation.with_progress(self.tr("Đang xem trước các tệp…") if dry_run else self.tr("Đang gộp các tệp…"),
                                cancellable=True)
        operation.finished.connect(self._ended)
        self.operation = operation
        self._show_state()
        operation.run()
        return operation

    def _ended(self) -> None:
        self.operation = None
        self._show_state()

    def _merged(self, results: list[dict[str, Any]], dry_run: bool) -> None:
        by_path = {row["path"]: row for row in self.model.rows}
        for result in results:
            by_path[result["path"]] = result
        rows = [by_path[p] | {"id": n} for n, p in enumerate(self.paths) if p in by_path]
        self.applied = not dry_run
        self.model.set_rows(rows)
        fit_columns(self.table, self.model.columns, stretch="message",
                    widest={"changes": 360, "file": 200, "commune": 160})
        self.table.resizeRowsToContents()  # a batch is a few files: long reasons wrap, up to three lines
        tallest = self.table.fontMetrics().lineSpacing() * 3 + 8
        for n in range(len(rows)):
            self.table.setRowHeight(n, min(self.table.rowHeight(n), tallest))
        held = next((n for n, r in enumerate(rows) if r["status"] == merge.HELD), None)
        self.table.selectRow(held if held is not None else 0)
        self._show_state()
        if not dry_run and any(r["status"] == merge.APPLIED for r in results):
            self.changed.emit()

    # Approving a held file's key ------------------------------------------------------------

    def selected_row(self) -> dict[str, Any] | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() and index.row() < len(self.model.rows) else None

    def _selection_changed(self) -> None:
        row = self.selected_row()
        if row is None:
            self.detail.clear()
        else:
            parts = [f"{row['path'].name}: {office_text.status_text(row['status'])}"]
            if row["message"]:
                parts.append(row["message"])
            elif row["status"] in (merge.APPLIED, merge.DRY_RUN):
                parts.append(office_text.summary_text(row["summary"]))
            self.detail.setText(" — ".join(parts))
            colour = {merge.REFUSED: style.ERROR, merge.HELD: style.WARNING_DARK}.get(row["status"], style.TEXT)
            self.detail.setStyleSheet(style.text_style(colour))
        self._show_state()

    def approve_selected(self, after: Callable[[ApproveKeyDialog], None] | None = None) -> ApproveKeyDialog | None:
        """The held file's new key: confirm it (the dialog), approve it, then offer to merge again.
        `after` sees the dialog before it opens (tests answer it)."""
        row = self.selected_row()
        if row is None or row["status"] != merge.HELD or not self.applied or not row["fingerprint"]:
            return None
        code = row["commune_code"]
        dialog = ApproveKeyDialog(self, self.db, code, self.names.get(code, code), row["fingerprint"])
        if after is not None:
            after(dialog)
        dialog.exec()
        if not dialog.approved:
            return dialog
        self.changed.emit()
        again = [r["path"] for r in self.model.rows if r["status"] == merge.HELD and r["commune_code"] == code
                 and r["fingerprint"] == row["fingerprint"]]
        answer = ask(self, self.tr("Đã duyệt khóa"), self.tr(
            "Đã công nhận khóa mới {fp} của {commune}. Gộp lại {n} tệp đã bị tạm giữ của xã này bây giờ?").format(
                fp=row["fingerprint"], commune=self.names.get(code, code), n=len(again)),
            [("merge", self.tr("Gộp lại")), ("later", self.tr("Để sau"))], default="merge")
        if answer == "merge":
            self.apply(again)
        return dialog

    # Showing --------------------------------------------------------------------------------

    def _show_state(self) -> None:
        rows = self.model.rows
        busy = self.is_busy()
        self.choose_button.setEnabled(not busy)
        self.clear_button.setEnabled(not busy and bool(self.paths))
        mergeable = any(r["status"] in (merge.DRY_RUN, merge.HELD) for r in rows)
        self.apply_button.setEnabled(not busy and not self.applied and mergeable)
        row = self.selected_row()
        self.approve_button.setEnabled(not busy and self.applied and row is not None
                                       and row["status"] == merge.HELD and bool(row["fingerprint"]))
        if not rows:
            self.state_label.setText(self.tr("Chưa chọn tệp nào."))
            return
        counts: dict[str, int] = {}
        for r in rows:
            counts[r["status"]] = counts.get(r["status"], 0) + 1
        parts = [f"{office_text.status_text(status)}: {n}" for status, n in counts.items()]
        head = (self.tr("Kết quả gộp {n} tệp") if self.applied else self.tr("Xem trước {n} tệp (chưa thay đổi gì)"))
        self.state_label.setText(head.format(n=len(rows)) + " — " + ", ".join(parts))
