"""The main window: navigation on the left, one pane per part of the program, menus, status bar.

Sized for the 1366×768 laptops of commune offices: it opens at most 1280×720 (less on a smaller
screen) and can shrink to 960×560. Ctrl+1…Ctrl+5 switch panes, Ctrl+Q quits.
"""

from __future__ import annotations

import html
import platform
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Slot, qVersion
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME, __version__
from desktop.core import i18n, storage
from desktop.core.db import Database, open_database
from desktop.core.errors import Refusal
from desktop.core.paths import resource
from desktop.ui import dialogs, style
from desktop.ui.first_run import ask_new_database, suggest_free_path
from desktop.ui.panes import HouseholdsPane, HousingPane, ReportsPane, SyncPane, TrainingPane
from desktop.ui.settings import app_settings, store_language

GEOMETRY_KEY = "ui/main_window_geometry"
# Language names are shown in their own language, whatever the interface language is.
LANGUAGES = (("vi", "Tiếng Việt"), ("en", "English"))


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    icon: str
    make_pane: Callable[[Database, QWidget], QWidget]


def app_icon() -> QIcon:
    return QIcon(str(resource("icons", "app.svg")))


class ElidedLabel(QLabel):
    """A one-line label that shortens its text in the middle to fit; the full text is its tooltip.

    Keeps a long database path from widening the window beyond a small screen.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self._full_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.set_full_text(text)

    def full_text(self) -> str:
        return self._full_text

    def set_full_text(self, text: str) -> None:
        self._full_text = text
        self.setToolTip(text)
        self._elide()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        metrics = self.fontMetrics()
        # contentsRect, not width(): the style sheet's padding is taken off it.
        width = max(self.contentsRect().width(), 1)
        self.setText(metrics.elidedText(self._full_text, Qt.TextElideMode.ElideMiddle, width))


class MainWindow(QMainWindow):
    """The application window over one open database (replaced by File → Open / New)."""

    DEFAULT_SIZE = QSize(1280, 720)
    MINIMUM_SIZE = QSize(960, 560)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self._db = db
        self.setMinimumSize(self.MINIMUM_SIZE)
        self.setWindowIcon(app_icon())
        self.sections = [
            Section("households", self.tr("Hộ gia đình"), "households.svg", HouseholdsPane),
            Section("housing", self.tr("Hỗ trợ nhà ở"), "housing.svg", HousingPane),
            Section("training", self.tr("Đào tạo nghề"), "training.svg", TrainingPane),
            Section("sync", self.tr("Đồng bộ"), "sync.svg", SyncPane),
            Section("reports", self.tr("Báo cáo"), "reports.svg", ReportsPane),
        ]

        self.navigation = QListWidget(self)
        self.navigation.setObjectName("navigation")
        self.navigation.setIconSize(QSize(24, 24))
        self.navigation.setFixedWidth(216)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        nav_font = self.navigation.font()
        nav_font.setPointSizeF(nav_font.pointSizeF() * 1.1)
        self.navigation.setFont(nav_font)
        self.navigation.setStyleSheet(style.navigation_style())
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("panes")

        self.section_actions: list[QAction] = []
        section_group = QActionGroup(self)
        for number, section in enumerate(self.sections, start=1):
            shortcut = QKeySequence(f"Ctrl+{number}")
            item = QListWidgetItem(QIcon(str(resource("icons", section.icon))), section.label)
            item.setData(Qt.ItemDataRole.UserRole, section.key)
            item.setToolTip(f"{section.label} ({shortcut.toString(QKeySequence.SequenceFormat.NativeText)})")
            self.navigation.addItem(item)
            action = QAction(section.label, self)
            action.setShortcut(shortcut)
            action.setCheckable(True)
            action.setData(section.key)
            action.triggered.connect(lambda _checked=False, key=section.key: self.show_section(key))
            section_group.addAction(action)
            self.section_actions.append(action)
        self.navigation.currentRowChanged.connect(self._on_navigation_row)

        # Above everything, while the database can only be read: why, and what to do about it.
        self.read_only_banner = QLabel(self)
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setTextFormat(Qt.TextFormat.RichText)
        self.read_only_banner.setStyleSheet(
            f"QLabel#readOnlyBanner {{ background: {style.WARNING_BACKGROUND}; color: {style.WARNING_DARK}; "
            f"border-bottom: 1px solid {style.WARNING_BORDER}; padding: 8px 14px; }}")
        self.read_only_banner.hide()

        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.read_only_banner)
        layout = QHBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        outer.addLayout(layout, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self._build_status_bar()
        self._load_panes()
        self._update_identity()
        self._restore_geometry()
        self.show_section(self.sections[0].key)

    # -- the database -------------------------------------------------------------------

    @property
    def database(self) -> Database:
        return self._db

    def set_database(self, db: Database) -> None:
        """Show another database; the one shown before is closed."""
        if db is self._db:
            return
        old, self._db = self._db, db
        current = self.current_section()
        self._load_panes()
        self._update_identity()
        self.show_section(current)
        old.close()

    def unit_description(self) -> str:
        """'Xã Quài Nưa — Huyện Tuần Giáo', or 'Huyện Tuần Giáo (văn phòng tổng hợp)'."""
        identity = self._db.identity
        if identity.is_office:
            return self.tr("{unit} (văn phòng tổng hợp)").format(unit=identity.unit_name)
        if identity.parent_name:
            return f"{identity.unit_name} — {identity.parent_name}"
        return identity.unit_name

    def _load_panes(self) -> None:
        while self.stack.count():
            pane = self.stack.widget(0)
            self.stack.removeWidget(pane)
            pane.deleteLater()
        for section in self.sections:
            pane = section.make_pane(self._db, self.stack)
            pane.setObjectName(f"pane_{section.key}")
            self.stack.addWidget(pane)
            signal = getattr(pane, "status_changed", None)
            if signal is not None:
                signal.connect(lambda text, p=pane: self._on_pane_status(p, text))

    def _update_identity(self) -> None:
        title = f"{APP_NAME} — {self.unit_description()}"
        if self._db.read_only:
            title += " — " + self.tr("chỉ xem")
        self.setWindowTitle(title)
        self.unit_label.setText(self.unit_description())
        self.path_label.set_full_text(str(self._db.path))
        self._update_read_only_banner()

    def is_read_only(self) -> bool:
        return bool(self._db.read_only)

    def _update_read_only_banner(self) -> None:
        """The banner of a database that can only be read: every change is refused with the same words."""
        if not self._db.read_only:
            self.read_only_banner.hide()
            return
        reason = storage.read_only_message(self._db.path, self._db.read_only)
        self.read_only_banner.setText(
            "<b>" + html.escape(self.tr("Chỉ xem: không sửa được dữ liệu trong tệp này.")) + "</b> " + html.escape(reason))
        self.read_only_banner.show()

    # -- navigation ---------------------------------------------------------------------

    def section_keys(self) -> list[str]:
        return [section.key for section in self.sections]

    def current_section(self) -> str:
        return self.sections[max(self.stack.currentIndex(), 0)].key

    def current_pane(self) -> QWidget:
        return self.stack.currentWidget()

    def pane(self, key: str) -> QWidget:
        return self.stack.widget(self.section_keys().index(key))

    def show_section(self, key: str) -> None:
        row = self.section_keys().index(key)
        if self.navigation.currentRow() != row:
            self.navigation.setCurrentRow(row)  # comes back through _on_navigation_row
        else:
            self._on_navigation_row(row)

    @Slot(int)
    def _on_navigation_row(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        self.section_actions[row].setChecked(True)
        pane = self.stack.currentWidget()
        status_text = getattr(pane, "status_text", None)
        self.pane_status_label.setText(status_text() if status_text is not None else "")
        refresh = getattr(pane, "refresh", None)
        if refresh is not None:
            refresh()

    def _on_pane_status(self, pane: QWidget, text: str) -> None:
        if pane is self.stack.currentWidget():
            self.pane_status_label.setText(text)

    # -- menus and status bar ------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()

        file_menu = bar.addMenu(self.tr("&Tệp"))
        self.open_action = file_menu.addAction(self.tr("&Mở cơ sở dữ liệu…"))
        self.open_action.setShortcut(QKeySequence("Ctrl+O"))
        self.open_action.triggered.connect(self.open_database_file)
        self.new_action = file_menu.addAction(self.tr("&Tạo cơ sở dữ liệu mới…"))
        self.new_action.triggered.connect(self.create_database_file)
        file_menu.addSeparator()
        self.quit_action = file_menu.addAction(self.tr("T&hoát"))
        # Explicit: the standard Quit key is empty on Windows.
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)

        view_menu = bar.addMenu(self.tr("&Xem"))
        for action in self.section_actions:
            view_menu.addAction(action)

        language_menu = bar.addMenu(self.tr("&Ngôn ngữ"))
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGES:
            action = language_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(code == i18n.language())
            action.triggered.connect(lambda _checked=False, lang=code: self.choose_language(lang))
            group.addAction(action)
            self.language_actions[code] = action

        help_menu = bar.addMenu(self.tr("Trợ &giúp"))
        self.about_action = help_menu.addAction(self.tr("&Giới thiệu"))
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        status.setStyleSheet("QStatusBar QLabel { padding: 2px 8px; }")
        self.unit_label = QLabel(self)
        self.unit_label.setObjectName("unitLabel")
        font = self.unit_label.font()
        font.setBold(True)
        self.unit_label.setFont(font)
        # What the current pane says about itself ("Đang hiển thị 120 / 5 000 hộ").
        self.pane_status_label = QLabel(self)
        self.pane_status_label.setObjectName("paneStatusLabel")
        self.path_label = ElidedLabel(parent=self)
        self.path_label.setObjectName("pathLabel")
        self.version_label = QLabel(self.tr("Phiên bản {version}").format(version=__version__), self)
        self.version_label.setObjectName("versionLabel")
        status.addWidget(self.unit_label)
        status.addWidget(self.pane_status_label)
        status.addWidget(self.path_label, 1)
        status.addPermanentWidget(self.version_label)

    # -- actions --------------------------------------------------------------------------

    def _message(self, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        """A window-modal message that does not block the caller (and so can be tested)."""
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, self)
        box.addButton(self.tr("Đóng"), QMessageBox.ButtonRole.AcceptRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def _choose_file_to_open(self) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Mở cơ sở dữ liệu"),
            str(self._db.path.parent),
            self.tr("Cơ sở dữ liệu Sổ Giảm Nghèo (*.db);;Tất cả các tệp (*)"),
        )
        return path

    @Slot()
    def open_database_file(self, path: str | Path | None = None) -> bool:
        """Open another database (asking for the file unless given); False if nothing changed."""
        chosen = path or self._choose_file_to_open()
        if not chosen:
            return False
        chosen = Path(chosen)
        if chosen.resolve() == self._db.path.resolve():
            return False
        while True:
            try:
                db = open_database(chosen)
            except storage.StorageRefusal as refusal:
                if refusal.kind in (storage.LOCKED, storage.CORRUPT):
                    if dialogs.storage_dialog(self, refusal):
                        continue  # the other program was closed, or a backup restored: try again
                    return False
                self._message(QMessageBox.Icon.Warning, self.tr("Không mở được cơ sở dữ liệu"), refusal.message)
                return False
            except Refusal as refusal:
                self._message(QMessageBox.Icon.Warning, self.tr("Không mở được cơ sở dữ liệu"), refusal.message)
                return False
            self.set_database(db)
            return True

    @Slot()
    def create_database_file(self) -> bool:
        db = ask_new_database(self, default_path=suggest_free_path(self._db.path))
        if db is None:
            return False
        self.set_database(db)
        return True

    def choose_language(self, lang: str) -> None:
        """Remember the language; it applies at the next start."""
        store_language(lang)
        if lang == i18n.language():
            return
        self._message(
            QMessageBox.Icon.Information,
            self.tr("Ngôn ngữ"),
            self.tr("Đã lưu lựa chọn ngôn ngữ. Ngôn ngữ mới sẽ được dùng khi mở lại phần mềm."),
        )

    @Slot()
    def show_about(self) -> QMessageBox:
        text = self.tr(
            "<h3>{app}</h3>"
            "<p>Phiên bản {version}</p>"
            "<p>Sổ theo dõi đối tượng thụ hưởng Chương trình mục tiêu quốc gia giảm nghèo bền "
            "vững: hộ nghèo, hộ cận nghèo, hỗ trợ nhà ở, đào tạo nghề. Làm việc không cần mạng; "
            "dữ liệu của xã được gửi lên văn phòng tổng hợp bằng tệp đồng bộ.</p>"
            "<p>Cơ sở dữ liệu: {path}</p>"
        ).format(app=APP_NAME, version=__version__, path=html.escape(str(self._db.path)))
        text += f"<p><small>Qt {qVersion()} · Python {platform.python_version()}</small></p>"
        box = self._message(QMessageBox.Icon.NoIcon, self.tr("Giới thiệu"), text)
        box.setIconPixmap(app_icon().pixmap(64, 64))
        return box

    # -- geometry -------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        saved = app_settings().value(GEOMETRY_KEY)
        if saved is not None and self.restoreGeometry(saved):
            return
        size = QSize(self.DEFAULT_SIZE)
        screen = self.screen()
        if screen is not None:
            # Leave room for the title bar and the taskbar on a 1366×768 screen.
            available = screen.availableGeometry().size() - QSize(40, 60)
            size = size.boundedTo(available).expandedTo(self.MINIMUM_SIZE)
        self.resize(size)

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = app_settings()
        settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        super().closeEvent(event)
