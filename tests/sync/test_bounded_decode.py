"""A small file cannot exhaust the office's memory (issue "Sync, part 2: trust", finding 7):
what the parser builds stays in proportion to the records the signed manifest declares, and a
file cannot declare more records than its size could hold."""

from __future__ import annotations

import gzip
import tracemalloc

import pytest

from desktop.core.errors import Refusal
from desktop.core.sync import format as fmt
from tests.sync.fuzzing import COMMUNE, TEST_KEY


def _file(tmp_path, raw_json: bytes, counts: dict[str, int]) -> fmt.VerifiedFile:
    manifest = {"format": "gnsync", "format_version": fmt.FORMAT_VERSION, "schema_version": 8, "commune_code": COMMUNE,
                "device_id": "bomb", "sequence": 1, "previous_sha256": "", "created_at": "2026-12-01T10:00:00Z",
                "record_counts": counts, "encrypted": False}
    path = tmp_path / f"{COMMUNE}_000001_20261201T1000.gnsync"
    path.write_bytes(fmt.build(manifest, gzip.compress(raw_json, compresslevel=9), TEST_KEY))
    return fmt.read_verified(path)


def _decode_peak(verified) -> tuple[str, int]:
    tracemalloc.start()
    try:
        with pytest.raises(Refusal) as info:
            fmt.decode_payload(verified, None)
        return info.value.message, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_millions_of_empty_rows_in_a_small_file_are_refused_before_they_are_built(tmp_path):
    # ~20 million "[]" compress to a few hundred KB; parsed, they would take about a gigabyte.
    rows = b",".join([b"[]"] * 20_000_000)
    raw = b'{"commune_code":"' + COMMUNE.encode() + b'","tables":{"households":{"columns":[],"rows":[' + rows + b"]}}}"
    verified = _file(tmp_path, raw, {"households": 10})
    assert verified.path.stat().st_size < 400_000
    message, peak = _decode_peak(verified)
    assert "nghi tệp độc hại" in message
    assert peak < 150 * 1024 * 1024  # the decompressed bytes, never the parsed objects


def test_a_small_file_cannot_declare_millions_of_records(tmp_path):
    verified = _file(tmp_path, b'{"commune_code":"03274","tables":{}}', {"households": 5_000_000})
    message, _peak = _decode_peak(verified)
    assert "5000000 bản ghi, quá nhiều so với kích thước" in message


def test_a_real_commune_file_is_within_every_bound(district, capsys):
    commune = district.commune("03274", 60, 4)
    sent = district.export(commune, capsys)
    from desktop.core.db import open_database
    from desktop.core.sync.keys import box_key

    office = open_database(district.office)
    try:
        payload = fmt.decode_payload(fmt.read_verified(sent), box_key(office.conn))
    finally:
        office.close()
    assert payload["commune_code"] == "03274" and payload["tables"]["households"]["rows"]
