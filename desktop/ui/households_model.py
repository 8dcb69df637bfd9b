"""The households list as a Qt table model: it holds ids, and reads rows in batches as they are shown.

The ordered ids come from `desktop.core.search.search_ids`, run off the GUI thread (an
`Operation`, desktop.ui.operations) on a connection of its own (`desktop.core.db.connect`: foreign
keys and timeouts as everywhere; SQLite in WAL mode lets it read while the window writes), so typing in
the search field never waits for the database (it also brings the search index up to date, see
`search.refresh_search`). A newer search makes the answer of an older one
irrelevant: each carries a generation number and only the latest is applied. Rows are read on
the GUI thread, 200 at a time, when the view asks for one that is not cached (a handful of
primary-key look-ups: well under a frame).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import replace
from functools import partial
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from desktop.core import db as dbfile
from desktop.core import labels, search
from desktop.core.reference import units
from desktop.core.rules import class_label
from desktop.core.search import HouseholdQuery, HouseholdRow
from desktop.ui import style
from desktop.ui.operations import Operation, Progress

log = logging.getLogger(__name__)

BATCH = 200
MAX_CACHED_BATCHES = 50  # 10 000 rows kept; older batches are read again if scrolled back to

# Columns: key, sort key.
COL_CODE, COL_HEAD, COL_MATCH, COL_VILLAGE, COL_MEMBERS, COL_CLASS, COL_ESCAPE, COL_COMMUNE, COL_REASON = (
    "code", "head", "match", "village", "members", "classification", "registered_escape", "commune",
    "deleted_reason")
_SORTS = {
    COL_CODE: search.SORT_CODE, COL_HEAD: search.SORT_HEAD, COL_VILLAGE: search.SORT_VILLAGE,
    COL_MEMBERS: search.SORT_MEMBERS, COL_CLASS: search.SORT_CLASS,
    COL_ESCAPE: search.SORT_ESCAPE, COL_COMMUNE: search.SORT_COMMUNE,
}
ID_ROLE = Qt.ItemDataRole.UserRole + 1



def _search(path: Path, query: HouseholdQuery, _progress: Progress) -> tuple[list[int], int]:
    """One search on a connection of its own (runs in a worker thread): the ids and the total."""
    # Its own connection: it reads while the window may write (WAL), and brings the search index
    # up to date first when records changed (a short write).
    conn = dbfile.connect(path)
    try:
        ids = search.search_ids(conn, query)
        return ids, search.count_all(conn, query.deleted, query.commune_code)
    finally:
        conn.close()


class HouseholdsModel(QAbstractTableModel):
    """Ids of the households a query selects; rows read lazily; sorting asks the core again."""

    search_started = Signal()
    search_finished = Signal(int, int)  # shown, total
    search_failed = Signal(str)

    def __init__(self, db, parent: QObject | None = None, *, office: bool = False):
        super().__init__(parent)
        self.db = db
        self.office = office
        self._query = HouseholdQuery(year=search.default_year(db.conn))
        self._ids: list[int] = []
        self._rows: OrderedDict[int, list[HouseholdRow]] = OrderedDict()
        self._matches: dict[int, list[str]] = {}  # while searching: who in each household matched
        self._total = 0
        self._generation = 0
        self._applied = 0
        self._columns = self._column_keys()
        # At an office, communes by name, as the filter lists them.
        self._commune_names = ({code: unit.name for code, unit in units(db.identity.units_list).items()}
                               if office else {})

    # The query ------------------------------------------------------------------------------

    def query(self) -> HouseholdQuery:
        return self._query

    def set_query(self, query: HouseholdQuery) -> None:
        """Show what `query` selects (the search runs in the background)."""
        self._query = query
        self.refresh()

    def update_query(self, **changes) -> None:
        self.set_query(replace(self._query, **changes))

    def refresh(self) -> None:
        """Run the current query again (after a save, a delete, a merge …)."""
        self._generation += 1
        self.search_started.emit()
        Operation(self, partial(_search, self.db.path, self._query),
                  success=partial(self._on_done, self._generation),
                  failure=partial(self._on_failed, self._generation)).run()

    def is_searching(self) -> bool:
        return self._applied != self._generation

    def _on_done(self, generation: int, found: tuple[list[int], int]) -> None:
        ids, total = found
        if generation != self._generation:
            return  # an older search finished after a newer one started
        self.beginResetModel()
        self._columns = self._column_keys()
        self._ids = list(ids)
        self._rows.clear()
        self._matches.clear()
        self._total = total
        self._applied = generation
        self.endResetModel()
        self.search_finished.emit(len(self._ids), total)

    def _on_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._applied = generation
        # A bug was logged with its traceback by the operation; the status line names it briefly.
        message = getattr(error, "message", None) or f"{type(error).__name__}: {error}"
        log.error("household search failed: %s", message)
        self.search_failed.emit(message)

    def _column_keys(self) -> list[str]:
        keys = [COL_CODE, COL_HEAD, COL_VILLAGE, COL_MEMBERS, COL_CLASS, COL_ESCAPE]
        if self._query.text.strip():
            keys.insert(2, COL_MATCH)
        if self.office:
            keys.insert(0, COL_COMMUNE)
        if self._query.deleted:
            keys.append(COL_REASON)
        return keys

    # Ids and rows ----------------------------------------------------------------------------

    def ids(self) -> list[int]:
        return list(self._ids)

    def total(self) -> int:
        return self._total

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, household_id: int) -> int:
        try:
            return self._ids.index(household_id)
        except ValueError:
            return -1

    def column_of(self, key: str) -> int:
        return self._columns.index(key) if key in self._columns else -1

    def column_key(self, column: int) -> str:
        return self._columns[column]

    def household(self, row: int) -> HouseholdRow | None:
        if not 0 <= row < len(self._ids):
            return None
        batch = row // BATCH
        rows = self._rows.get(batch)
        if rows is None:
            rows = self._fetch(batch)
        else:
            self._rows.move_to_end(batch)
        offset = row - batch * BATCH
        return rows[offset] if offset < len(rows) else None

    def _fetch(self, batch: int) -> list[HouseholdRow]:
        ids = self._ids[batch * BATCH:(batch + 1) * BATCH]
        fetched = {r.id: r for r in search.fetch_rows(self.db.conn, ids, self._query.year)}
        # A household gone meanwhile keeps its line (empty) until the next search.
        rows = [fetched.get(i) or _gone(i) for i in ids]
        self._rows[batch] = rows
        if self._query.text.strip():
            self._matches.update(search.matching_members(self.db.conn, ids, self._query.text))
        while len(self._rows) > MAX_CACHED_BATCHES:
            self._rows.popitem(last=False)
        return rows

    def invalidate_rows(self) -> None:
        """Read the rows again (after an edit that does not change which households are shown)."""
        self._rows.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(self._columns) - 1))

    # Qt's model interface -------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        key = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._header(key)
        if role == Qt.ItemDataRole.ToolTipRole and key == COL_HEAD:
            return self.tr("Xếp theo tên, rồi tên đệm và họ (thứ tự chữ cái tiếng Việt)")
        if role == Qt.ItemDataRole.TextAlignmentRole and key == COL_MEMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _header(self, key: str) -> str:
        year = self._query.year
        return {
            COL_CODE: self.tr("Mã hộ"),
            COL_HEAD: self.tr("Chủ hộ"),
            COL_MATCH: self.tr("Người có tên khớp"),
            COL_VILLAGE: self.tr("Thôn/bản"),
            COL_MEMBERS: self.tr("Nhân khẩu"),
            COL_CLASS: self.tr("Phân loại {year}").format(year=year),
            COL_ESCAPE: self.tr("ĐK thoát nghèo"),
            COL_COMMUNE: self.tr("Xã"),
            COL_REASON: self.tr("Lý do xóa"),
        }[key]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._ids) or not 0 <= index.column() < len(self._columns):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.BackgroundRole,
                        Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.FontRole):
            return None
        key = self._columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if key == COL_MEMBERS:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if key == COL_ESCAPE:
                return int(Qt.AlignmentFlag.AlignCenter)
            return None
        row = self.household(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return style.class_brush(row.classification) if key == COL_CLASS else None
        if role == Qt.ItemDataRole.FontRole:
            if key == COL_HEAD and not row.head_name:
                font = QFont()
                font.setItalic(True)
                return font
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == COL_MATCH:
                return self._text(key, row) or None
            if key == COL_HEAD and row.status != "active":
                return labels.label(labels.HOUSEHOLD_STATUS_LABELS, row.status)
            if row.deleted:
                return self.tr("Đã xóa: {reason}").format(reason=row.deleted_reason)
            return None
        return self._text(key, row)

    def _text(self, key: str, row: HouseholdRow) -> str:
        if key == COL_CODE:
            return row.code
        if key == COL_HEAD:
            return row.head_name or self.tr("(chưa có chủ hộ)")
        if key == COL_MATCH:
            return ", ".join(self._matches.get(row.id, []))
        if key == COL_VILLAGE:
            return row.village_name
        if key == COL_MEMBERS:
            return str(row.member_count)
        if key == COL_CLASS:
            return class_label(row.classification) if row.classification else self.tr("Chưa rà soát")
        if key == COL_ESCAPE:
            if row.registered_escape is None:
                return ""
            return self.tr("Có") if row.registered_escape else ""
        if key == COL_COMMUNE:
            return self._commune_names.get(row.commune_code, row.commune_code)
        if key == COL_REASON:
            return row.deleted_reason
        return ""

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns):
            return
        key = _SORTS.get(self._columns[column])
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self._query.sort, self._query.descending):
            self.update_query(sort=key, descending=descending)


def _gone(household_id: int) -> HouseholdRow:
    return HouseholdRow(household_id, "", "", "", "", "", 0, None, None, False, "", "active", "")


def sort_column(model: HouseholdsModel, query: HouseholdQuery) -> int:
    """The column that shows the query's order (for the header's indicator)."""
    for key, sort in _SORTS.items():
        if sort == query.sort:
            return model.column_of(key)
    return -1
