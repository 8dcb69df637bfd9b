"""Households list benchmark: `python -m bench.households_bench` (figures printed, nothing asserted).

On a database of 100 000 households made by `giamngheo demo` (generated once into bench/out/ and
reused), measures:

- the first page of the list: the ordered ids of every household (head's name, Vietnamese
  order) plus the rows of the first batch, as the core gives them to the table model; and the
  same through the real Qt pane (offscreen), from its creation to the first row shown;
- 20 typical searches (names with and without accents, decomposed Unicode, partial names, a
  household code, a citizen ID, "dinh", with a village or classification filter …): each the
  ordered ids plus the first batch of rows and who matched, as the list shows them;
- a few sorts of the whole list and the worst single-word searches, for information.

Every time is also given as a ratio to a plain indexed look-up of one household code measured in
the same run, so the figures compare across machines. The target: searches under 50 ms at the
95th percentile. Writes bench/out/households_bench.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
DB = OUT / "h100k.db"
HOUSEHOLDS = 100_000
REPEAT = 7  # runs of each search after a warm-up one; the median is kept


def _cli(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "desktop", "--db", str(DB), *args], check=True, cwd=ROOT)


def ensure_database(path: Path) -> dict:
    """The 100 000-household database (made once, ~2–4 minutes), opened and upgraded; its index fresh."""
    from desktop.core import search
    from desktop.core.db import open_database

    made = {}
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        _cli("init", "--commune", "03274")
        _cli("demo", "--households", str(HOUSEHOLDS), "--seed", "1")
        made["generate_s"] = round(time.perf_counter() - start, 1)
    db = open_database(path)
    try:
        start = time.perf_counter()
        refreshed = search.refresh_search(db.conn)
        made["index_refresh_s"] = round(time.perf_counter() - start, 2)
        made["index_refreshed_households"] = refreshed
        db.conn.execute("PRAGMA optimize")
    finally:
        db.close()
    return made


def timed(fn, repeat: int = REPEAT) -> float:
    """Median seconds of `repeat` runs after one warm-up."""
    fn()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def baseline(conn: sqlite3.Connection, codes: list[str]) -> float:
    """A plain indexed look-up of one household code (the unit of every ratio), median seconds."""
    def one() -> None:
        for code in codes:
            conn.execute("SELECT id FROM households WHERE commune_code = ? AND code = ? AND deleted = 0",
                         ("03274", code)).fetchall()

    return timed(one, 21) / len(codes)


def typical_searches(conn: sqlite3.Connection) -> list[tuple[str, dict]]:
    """Twenty searches an official makes, built from what the database holds (deterministic)."""
    def name_of(member_id: int) -> str:
        return conn.execute("SELECT full_name FROM members WHERE id >= ? ORDER BY id LIMIT 1", (member_id,)).fetchone()[0]

    def cid_of(member_id: int) -> str:
        return conn.execute("SELECT citizen_id FROM members WHERE id >= ? AND citizen_id <> '' ORDER BY id LIMIT 1",
                            (member_id,)).fetchone()[0]

    from desktop.core.text import fold

    head = name_of(250_001)
    other = name_of(77_777)
    third = name_of(412_345)
    code = conn.execute("SELECT code FROM households WHERE id = 54321").fetchone()[0]
    cid = cid_of(333_333)
    village = conn.execute("SELECT village_id FROM households GROUP BY village_id ORDER BY COUNT(*) DESC "
                           "LIMIT 1 OFFSET 2").fetchone()[0]
    words = fold(head).split()
    return [
        ("full name, no accents", {"text": fold(head)}),
        ("full name, accented", {"text": head}),
        ("full name, decomposed Unicode", {"text": unicodedata.normalize("NFD", other)}),
        ("full name, capitals", {"text": third.upper()}),
        ("given name only", {"text": words[-1]}),
        ("family + middle name", {"text": " ".join(words[:2])}),
        ("given + family, other order", {"text": f"{words[-1]} {words[0]}"}),
        ("partial word (4 letters)", {"text": fold(other).split()[-1][:4]}),
        ("'dinh' finds Đinh", {"text": "dinh"}),
        ("'Đinh Văn'", {"text": "Đinh Văn"}),
        ("two letters", {"text": "lo"}),
        ("household code", {"text": code}),
        ("code, digits only", {"text": code.split("-")[-1]}),
        ("code, lower case", {"text": code.lower()}),
        ("citizen ID", {"text": cid}),
        ("citizen ID, last 6 digits", {"text": cid[-6:]}),
        ("citizen ID in groups", {"text": f"{cid[:3]} {cid[3:6]} {cid[6:]}"}),
        ("name + village filter", {"text": " ".join(fold(other).split()[:2]), "village_id": village}),
        ("name + poor in 2025", {"text": words[-1], "classification": "poor", "year": 2025}),
        ("name + registered to escape", {"text": fold(third).split()[-1], "registered_escape": True, "year": 2024}),
    ]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(share * (len(ordered) - 1))))
    return ordered[rank]


def gui_first_page(path: Path) -> tuple[float, float]:
    """Seconds from creating the households pane (offscreen Qt) to its first row on screen: the
    first time in this process (cold: Qt's first widgets, the first connection), then warm."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, Qt

    from desktop.core.db import open_database
    from desktop.ui.app import create_application
    from desktop.ui.households_pane import HouseholdsPane

    app = create_application(["bench"], "vi")
    db = open_database(path)

    def once() -> float:
        start = time.perf_counter()
        pane = HouseholdsPane(db)
        pane.resize(1150, 640)
        pane.show()
        while pane.model.is_searching():
            QCoreApplication.processEvents()
            time.sleep(0.0005)
        pane.model.data(pane.model.index(0, 1), Qt.ItemDataRole.DisplayRole)
        app.processEvents()
        elapsed = time.perf_counter() - start
        pane.close()
        pane.deleteLater()
        app.processEvents()
        return elapsed

    try:
        cold = once()
        warm = statistics.median(once() for _ in range(3))
        return cold, warm
    finally:
        db.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-gui", action="store_true", help="skip the measurement through the Qt pane")
    args = parser.parse_args(argv)

    from desktop.core import search
    from desktop.core.search import HouseholdQuery

    prepared = ensure_database(DB)
    conn = sqlite3.connect(str(DB), isolation_level=None)
    conn.execute("PRAGMA query_only = 1")
    counts = dict(conn.execute("SELECT 'households', COUNT(*) FROM households UNION ALL "
                               "SELECT 'members', COUNT(*) FROM members").fetchall())
    codes = [r[0] for r in conn.execute("SELECT code FROM households WHERE id % 997 = 0 LIMIT 100")]
    unit = baseline(conn, codes)
    year = search.default_year(conn)

    def page(query: HouseholdQuery) -> tuple[int, float, float]:
        """(results, seconds for the ids, seconds for ids + first batch as the list shows it)."""
        ids = search.search_ids(conn, query, refresh=False)

        def ids_only() -> None:
            search.search_ids(conn, query, refresh=False)

        def shown() -> None:
            found = search.search_ids(conn, query, refresh=False)
            search.fetch_rows(conn, found[:200], query.year)
            if query.text:
                search.matching_members(conn, found[:200], query.text)

        return len(ids), timed(ids_only), timed(shown)

    rows: list[dict] = []
    n, ids_s, shown_s = page(HouseholdQuery(year=year))
    first_page = {"results": n, "ids_ms": ids_s * 1e3, "first_page_ms": shown_s * 1e3}
    for label, spec in typical_searches(conn):
        query = HouseholdQuery(**({"year": year} | spec))
        n, ids_s, shown_s = page(query)
        rows.append({"search": label, "text": spec.get("text", ""), "results": n, "ids_ms": ids_s * 1e3,
                     "shown_ms": shown_s * 1e3})
    extra = []
    for label, spec in [("sort by code", {"sort": "code"}), ("sort by village", {"sort": "village"}),
                        ("sort by members", {"sort": "members"}), ("sort by classification", {"sort": "classification"}),
                        ("worst word: 'van'", {"text": "van"}), ("worst word: 'thi'", {"text": "thi"}),
                        ("one letter: 'l'", {"text": "l"})]:
        n, ids_s, shown_s = page(HouseholdQuery(**({"year": year} | spec)))
        extra.append({"case": label, "results": n, "shown_ms": shown_s * 1e3})
    conn.close()
    gui_cold, gui_warm = (None, None) if args.no_gui else gui_first_page(DB)
    gui_ms = None if gui_cold is None else gui_cold * 1e3
    gui_warm_ms = None if gui_warm is None else gui_warm * 1e3

    shown = [r["shown_ms"] for r in rows]
    summary = {
        "households": counts["households"], "members": counts["members"],
        "baseline_code_lookup_ms": unit * 1e3,
        "first_page_ms": first_page["first_page_ms"],
        "first_page_ratio": first_page["first_page_ms"] / (unit * 1e3),
        "first_page_gui_cold_ms": gui_ms,
        "first_page_gui_warm_ms": gui_warm_ms,
        "search_median_ms": statistics.median(shown),
        "search_p95_ms": percentile(shown, 0.95),
        "search_max_ms": max(shown),
        "search_median_ratio": statistics.median(shown) / (unit * 1e3),
        "search_p95_ratio": percentile(shown, 0.95) / (unit * 1e3),
        "target_p95_ms": 50,
        "target_met": percentile(shown, 0.95) < 50,
    }

    width = max(len(r["search"]) for r in rows) + 2
    print(f"households list benchmark — {counts['households']:,} households, {counts['members']:,} members "
          f"({platform.processor() or platform.machine()}, SQLite {sqlite3.sqlite_version})")
    if prepared:
        print(f"  prepared: {prepared}")
    print(f"  unit: indexed look-up of one household code = {unit * 1e6:.1f} µs\n")
    print(f"  {'first page (ids of all, sorted + 200 rows)':<{width + 24}} {first_page['first_page_ms']:8.1f} ms"
          f"  ×{summary['first_page_ratio']:,.0f}")
    if gui_ms is not None:
        print(f"  {'first page through the Qt pane, cold':<{width + 24}} {gui_ms:8.1f} ms"
              f"  ×{gui_ms / (unit * 1e3):,.0f}")
        print(f"  {'first page through the Qt pane, warm':<{width + 24}} {gui_warm_ms:8.1f} ms"
              f"  ×{gui_warm_ms / (unit * 1e3):,.0f}")
    print(f"\n  {'search':<{width}} {'results':>8} {'ids ms':>8} {'shown ms':>9} {'ratio':>8}")
    for r in rows:
        print(f"  {r['search']:<{width}} {r['results']:>8,} {r['ids_ms']:>8.1f} {r['shown_ms']:>9.1f} "
              f"{r['shown_ms'] / (unit * 1e3):>8,.0f}")
    print(f"\n  searches: median {summary['search_median_ms']:.1f} ms (×{summary['search_median_ratio']:,.0f}), "
          f"95th percentile {summary['search_p95_ms']:.1f} ms (×{summary['search_p95_ratio']:,.0f}), "
          f"max {summary['search_max_ms']:.1f} ms — target p95 < 50 ms: "
          f"{'met' if summary['target_met'] else 'NOT met'}")
    print("\n  for information (run in the background thread, the window stays responsive):")
    for e in extra:
        print(f"  {e['case']:<{width}} {e['results']:>8,} {'':>8} {e['shown_ms']:>9.1f} "
              f"{e['shown_ms'] / (unit * 1e3):>8,.0f}")
    result = {"summary": summary, "prepared": prepared, "first_page": first_page, "searches": rows, "extra": extra,
              "sqlite": sqlite3.sqlite_version, "python": platform.python_version(), "machine": platform.machine(),
              "cpus": os.cpu_count()}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "households_bench.json").write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\n  written: {OUT / 'households_bench.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
