"""What refusal tests share: proof that a refused operation wrote nothing.

`snapshot(target)` reads every table's rows (the audit log included) of a database given as a
`Store`, a `Database`, a connection or a path; a folder gives every file in it (so a temporary
file left behind shows). `refused(...)` and `unchanged(...)` compare snapshots around the attempt.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from desktop.core.errors import Refusal

_SQLITE_HEADER = b"SQLite format 3\x00"


def _connection(target: Any) -> sqlite3.Connection | None:
    if isinstance(target, sqlite3.Connection):
        return target
    conn = getattr(target, "conn", None)
    return conn if isinstance(conn, sqlite3.Connection) else None


# The office's log of the files it refused (and why), which its receipts tell the communes: a
# refusal writes there and nowhere else (tests/sync/test_receipts.py checks what it writes).
REFUSAL_LOG = ("refused_files",)


def _rows(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_stat%' ORDER BY name")
        if r[0] not in REFUSAL_LOG]
    tables = {name: sorted((tuple(r) for r in conn.execute(f'SELECT * FROM "{name}"')), key=repr) for name in names}
    tables["sqlite_master"] = sorted(tuple(r) for r in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    return tables


def _file(path: Path) -> Any:
    with path.open("rb") as f:
        is_sqlite = f.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
    if is_sqlite:
        try:
            conn = sqlite3.connect(path)
            try:
                return _rows(conn)
            finally:
                conn.close()
        except sqlite3.DatabaseError:
            pass  # a damaged file: its bytes are what must not change
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(target: Any) -> Any:
    """Every row of every table (a database) or every file's content (a folder); None if absent."""
    conn = _connection(target)
    if conn is not None:
        return {"open transaction": conn.in_transaction, **_rows(conn)}
    path = Path(target)
    if path.is_dir():
        return {str(p.relative_to(path)): _file(p) for p in sorted(path.rglob("*"))
                if p.is_file() and not p.name.endswith(("-wal", "-shm"))}
    return _file(path) if path.exists() else None


@contextmanager
def unchanged(*targets: Any) -> Iterator[None]:
    """The block must leave every target (database or folder) exactly as it found it."""
    before = [snapshot(t) for t in targets]
    yield
    after = [snapshot(t) for t in targets]
    for target, old, new in zip(targets, before, after, strict=True):
        assert new == old, f"{target} changed"


@contextmanager
def refused(*targets: Any, exception: type[BaseException] = Refusal, match: str | None = None
            ) -> Iterator[pytest.ExceptionInfo]:
    """The block must raise `exception` (its message matching `match`) and change no target."""
    with unchanged(*targets), pytest.raises(exception, match=match) as info:
        yield info


def refuse_call(target: Any, exception: type[BaseException], call: Callable[..., Any], *args: Any,
                match: str | None = None, **kwargs: Any) -> BaseException:
    """`refused` for one call, `call(*args, **kwargs)`; returns the exception."""
    with refused(target, exception=exception, match=match) as info:
        call(*args, **kwargs)
    return info.value


def dated(value: Any, today: Any) -> Any:
    """Resolve parametrised values that depend on the date (callables taking today) inside the test,
    so a run that crosses midnight or New Year still means what it says."""
    if callable(value):
        return value(today)
    if isinstance(value, dict):
        return {k: dated(v, today) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return type(value)(dated(v, today) for v in value)
    return value


def from_the_future(path: Path) -> Path:
    """A new commune database marked as made by a newer app (a migration this one does not know)."""
    from desktop.core import schema
    from desktop.core.db import create_database

    create_database(path, "commune", "03274").close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
                 (schema.MIGRATION_SET, "9999_from_the_future", "2030-01-01"))
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path

