"""Long fuzz campaign of the sync merge: `python -m bench.fuzz_sync --files 10000 [--seed S]`.

Every mutated file (signed with a bound test key, so it reaches the parser and the merge) must be
refused cleanly (database unchanged) or accepted whole. Prints a summary; exits 1 on the first
violation, naming the seed that reproduces it.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from tests.sync.fuzzing import Campaign, mutate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--households", type=int, default=6)
    args = parser.parse_args(argv)
    outcomes: Counter[str] = Counter()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        campaign = Campaign(Path(tmp), households=args.households)
        master = random.Random(args.seed)
        for n in range(args.files):
            seed = master.getrandbits(64)
            payload = mutate(campaign.payload, random.Random(seed))
            try:
                outcomes[campaign.run(payload)] += 1
            except BaseException as exc:
                print(f"VIOLATION at file {n} (mutation seed {seed}): {type(exc).__name__}: {exc}", file=sys.stderr)
                raise
            if (n + 1) % 1000 == 0:
                print(f"{n + 1} files, {time.perf_counter() - start:.0f} s: {dict(outcomes)}", file=sys.stderr)
    elapsed = time.perf_counter() - start
    print(f"fuzz_sync: {args.files} files in {elapsed:.0f} s — {dict(outcomes)}; no crash, hang or partial write")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
