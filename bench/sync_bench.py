"""Sync benchmark: `python -m bench.sync_bench [--communes 19] [--households 5000]`.

The 19 communes of district 099, each with N demo households, made from setup packages and
exported; then merged into an empty office database, and merged again (all unchanged). Each
merge runs in a fresh interpreter so its own peak memory can be read. Reported as ratios to a raw
SQLite `executemany` of the same rows (same journal mode and synchronous setting, one
transaction per file), measured in the same run. Figures go to bench/out/sync_bench.json.
Nothing is asserted on time: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

from desktop.core.db import create_database, open_database
from desktop.core.demo import generate
from desktop.core.reference import communes_of
from desktop.core.sync import format as fmt
from desktop.core.sync.export import export
from desktop.core.sync.keys import box_key
from desktop.core.sync.package import init_from_package, write_setup_package

OUT = Path(__file__).resolve().parent / "out" / "sync"


def prepare(communes: int, households: int) -> tuple[Path, list[Path], list[float]]:
    """Office template + exported files (reused when the parameters match)."""
    params = {"communes": communes, "households": households, "version": 11}
    stamp = OUT / "params.json"
    if stamp.exists() and json.loads(stamp.read_text()) == params:
        files = sorted((OUT / "files").glob("*.gnsync"))
        times = json.loads((OUT / "export_times.json").read_text())
        return OUT / "office-template.db", files, times
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    office = create_database(OUT / "office-template.db", "office", "099")
    codes = [u.code for u in communes_of("099")][:communes]
    times = []
    for n, code in enumerate(codes):
        package = OUT / f"{code}.gnsetup"
        issued = write_setup_package(office, code, package)
        commune = init_from_package(OUT / f"{code}.db", package, issued.code)
        start = time.perf_counter()
        generate(commune, households, seed=n + 1)
        made = time.perf_counter() - start
        start = time.perf_counter()
        export(commune, OUT / "files")
        times.append(time.perf_counter() - start)
        commune.close()
        print(f"  {code}: demo {made:.1f} s, export {times[-1]:.2f} s", file=sys.stderr)
    office.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    office.close()
    (OUT / "export_times.json").write_text(json.dumps(times))
    stamp.write_text(json.dumps(params))
    return OUT / "office-template.db", sorted((OUT / "files").glob("*.gnsync")), times


def in_child(office_path: str, files: list[str]) -> tuple[float, float, dict]:
    """Merge in a fresh interpreter (not a fork: a forked child would carry this process's heap
    into its peak memory); returns (seconds, peak RSS in MB, its JSON result).

    The merge may stage files in a helper process of its own; the peak reported is then the sum of
    the two processes' peaks (an upper bound: they need not peak at the same moment)."""
    code = ("import json, sys, time; from desktop.core.db import open_database; "
            "from desktop.core.sync.merge import merge_files; db = open_database(sys.argv[1]); "
            "t = time.perf_counter(); r = merge_files(db, sys.argv[2:]); s = time.perf_counter() - t; db.close(); "
            "import resource; own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024; "
            "helper = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024; "
            "print(json.dumps({'seconds': s, 'statuses': [x.status for x in r], 'own_mb': own, 'helper_mb': helper, "
            "'staging_s': [x.staging_seconds for x in r]}))")
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, office_path, *files], stdout=subprocess.PIPE,
                            cwd=Path(__file__).resolve().parents[1])
    out = proc.stdout.read()
    _pid, _status, usage = os.wait4(proc.pid, 0)
    result = json.loads(out or b"{}")
    peak = result["own_mb"] + result["helper_mb"] if "own_mb" in result else usage.ru_maxrss / 1024
    return time.perf_counter() - start, peak, result


def raw_baseline(office_template: Path, files: list[Path], target: Path) -> tuple[float, int]:
    """executemany of the same rows into plain tables of the same columns, one transaction per file.

    Each payload is decoded outside the timed part, one at a time, as the merge holds them. (An
    earlier version decoded all 19 first: with ~2 GB of payloads alive, Python's cycle collector
    walked them all again and again while the rows were converted, which inflated the baseline by
    10–30 % and made it swing from run to run.)"""
    db = open_database(office_template)
    key = box_key(db.conn)
    db.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    rows = 0
    seconds = 0.0
    for n, path in enumerate(files):
        payload = fmt.decode_payload(fmt.read_verified(path), key)
        if n == 0:
            for name, block in payload["tables"].items():
                cols = ", ".join(f'"{c}"' for c in block["columns"])
                conn.execute(f"CREATE TABLE {name} (id INTEGER PRIMARY KEY, {cols})")
            conn.execute(f"CREATE TABLE audit_log (id INTEGER PRIMARY KEY, {', '.join(payload['audit']['columns'])})")
        start = time.perf_counter()
        conn.execute("BEGIN")
        for name, block in payload["tables"].items():
            marks = ", ".join("?" * len(block["columns"]))
            data = [[json.dumps(v) if isinstance(v, list) else v for v in r] for r in block["rows"]]
            conn.executemany(f"INSERT INTO {name} ({', '.join(chr(34) + c + chr(34) for c in block['columns'])}) VALUES ({marks})", data)
            rows += len(data)
        marks = ", ".join("?" * len(payload["audit"]["columns"]))
        conn.executemany(f"INSERT INTO audit_log ({', '.join(payload['audit']['columns'])}) VALUES ({marks})", payload["audit"]["rows"])
        rows += len(payload["audit"]["rows"])
        conn.execute("COMMIT")
        seconds += time.perf_counter() - start
        del payload
    conn.close()
    return seconds, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--communes", type=int, default=19)
    parser.add_argument("--households", type=int, default=5000)
    args = parser.parse_args(argv)
    print(f"preparing {args.communes} communes × {args.households} households …", file=sys.stderr)
    template, files, export_times = prepare(args.communes, args.households)
    office = OUT / "office.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{office}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, office)
    open_database(office).close()
    # The merges run first, while this process is small: Linux counts the memory of the process
    # that started a child (before its exec) in the child's peak. The baseline decodes every file.
    _first_wall, first_rss, first = in_child(str(office), [str(f) for f in files])
    _again_wall, again_rss, again = in_child(str(office), [str(f) for f in files])
    raw_seconds, rows = raw_baseline(template, files, OUT / "raw.db")
    # Export of one commune, measured now (the files above may have been made in an earlier run).
    probe = OUT / "export-probe"
    shutil.rmtree(probe, ignore_errors=True)
    commune = open_database(sorted(OUT.glob("0*.db"))[0])
    start = time.perf_counter()
    export(commune, probe)
    export_now = time.perf_counter() - start
    commune.close()
    shutil.rmtree(probe, ignore_errors=True)
    db = open_database(office)
    counts = {k: db.conn.execute(f"SELECT COUNT(*) FROM {k}").fetchone()[0] for k in ("households", "members", "assessments", "audit_log")}
    db.close()
    figures = {
        "communes": args.communes, "households_per_commune": args.households, "rows": rows,
        "file_mb_total": round(sum(f.stat().st_size for f in files) / 1e6, 1),
        "raw_executemany_s": round(raw_seconds, 2),
        "first_merge_s": round(first["seconds"], 2), "first_merge_ratio_to_raw": round(first["seconds"] / raw_seconds, 2),
        "first_merge_peak_mb": round(first_rss), "first_merge_peak_mb_merge_helper": [round(first["own_mb"]), round(first["helper_mb"])],
        "first_statuses": sorted(set(first["statuses"])),
        # The helper stages (decrypts, decodes, checks, judges by the record rules) one file while the
        # merge applies the one before: per file, its median and slowest.
        "first_helper_s_per_file": [round(statistics.median(first["staging_s"]), 2), round(max(first["staging_s"]), 2)],
        "unchanged_helper_s_per_file": [round(statistics.median(again["staging_s"]), 2), round(max(again["staging_s"]), 2)],
        "unchanged_merge_s": round(again["seconds"], 2), "unchanged_ratio_to_first": round(again["seconds"] / first["seconds"], 2),
        "unchanged_merge_peak_mb": round(again_rss), "unchanged_statuses": sorted(set(again["statuses"])),
        "export_one_commune_s": round(export_now, 2),
        "export_median_when_prepared_s": round(statistics.median(export_times), 2),
        "office_counts": counts,
    }
    (OUT.parent / "sync_bench.json").write_text(json.dumps(figures, indent=1))
    for key, value in figures.items():
        print(f"{key:28} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
