"""The demo commune's villages: reused when present, else composed per ethnic group."""

from __future__ import annotations

import random
import re

import desktop.core.demo.names as names
from desktop.core.text import fold


class VillagesPart:
    """Part of the generator (see desktop.core.demo): villages."""

    def _villages(self) -> None:
        rng = self.rng
        count = max(12, min(20, 12 + self.total // 400))
        shares = dict(names.ETHNIC_MIX)
        per = {eth: max(1, round(count * share / 100)) for eth, share in shares.items()}
        per[names.THAI] += count - sum(per.values())
        commune = self.db.identity.unit_code
        # Each commune draws its own bản (deterministic for the commune and the seed).
        vrng = random.Random(f"villages|{commune}|{self.seed}")
        chosen: list[tuple[str, str]] = []
        for eth, n in per.items():
            first, second = names.VILLAGE_PARTS[eth]
            pool = sorted({*names.VILLAGES[eth], *(f"Bản {a} {b}" for a in first for b in second)})
            chosen += [(name, eth) for name in vrng.sample(pool, min(n, len(pool)))]
        vrng.shuffle(chosen)
        existing = {fold(r[1]): r[0] for r in self.conn.execute(
            "SELECT id, name FROM villages WHERE commune_code = ? AND deleted = 0 ORDER BY id", (commune,))}
        new_rows = [{"name": name, "notes": ""} for name, _ in chosen if fold(name) not in existing]
        new_ids = iter(self.store.insert_many("villages", new_rows))
        self.result.villages = len(new_rows)
        for name, eth in chosen:
            self.village_ids.append(existing.get(fold(name)) or next(new_ids))
            self.village_names.append(name)
            self.village_ethnicity.append(eth)
            self.village_weights.append(rng.uniform(0.5, 1.6))

    def _pick_village(self, eth: str) -> int:
        rng = self.rng
        indexes = range(len(self.village_ids))
        if rng.random() < 0.88:
            own = [i for i in indexes if self.village_ethnicity[i] == eth]
            if own:
                return rng.choices(own, [self.village_weights[i] for i in own])[0]
        return rng.choices(list(indexes), self.village_weights)[0]

    def _first_code_number(self) -> int:
        pattern = re.compile(rf"{re.escape(self.prefix)}-(\d+)")
        highest = 0
        for (code,) in self.conn.execute(
            "SELECT code FROM households WHERE commune_code = ? AND code LIKE ?",
            (self.db.identity.unit_code, f"{self.prefix}-%"),
        ):
            match = pattern.fullmatch(code)
            if match:
                highest = max(highest, int(match.group(1)))
        return highest + 1
