"""Choice lists the screens offer.

What a filter or a drop-down lists, read from the database here so that no screen runs SQL of
its own. Each function takes a connection and returns plain values.
"""

from __future__ import annotations

import sqlite3


def commune_codes(conn: sqlite3.Connection) -> list[str]:
    """The communes that have households in this database (an office's), in code order."""
    return [row[0] for row in conn.execute(
        "SELECT DISTINCT commune_code FROM households ORDER BY commune_code")]
