"""The data model as named, transactional migrations (sqlite-utils `Migrations`).

Every record that syncs has a UUID, a revision, the device that last changed it, an update
time and a deletion flag (tombstone); local integer ids never leave the machine. `db_schema.sql`
is generated from these steps (`python -m desktop.core.schema > db_schema.sql`) and a test
fails when it drifts.
"""

from __future__ import annotations

import json
import sqlite3
import sys

from sqlite_utils import Database as SUDatabase
from sqlite_utils.migrations import Migrations

from desktop.core.text import collate_string, name_sort_string

MIGRATION_SET = "giamngheo"
migrations = Migrations(MIGRATION_SET)

# Columns every syncing table carries.
SYNC_COLUMNS = ("uuid", "commune_code", "revision", "device_id", "updated_at", "deleted", "deleted_reason")
_SYNC_DDL = """
    uuid TEXT NOT NULL UNIQUE,
    commune_code TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
    device_id TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    deleted_reason TEXT"""

# Tables whose records travel in sync files, parents before children.
SYNC_TABLES = (
    "villages",
    "area_flags",
    "village_populations",
    "households",
    "members",
    "assessments",
    "housing_supports",
    "housing_payments",
    "training_courses",
    "training_enrolments",
    "prior_supports",
    "plan_targets",
    "plan_budgets",
)


# References between syncing tables: child column → parent table. Outside this machine (sync
# files, audit values) a reference is the parent's UUID, never the local id.
FOREIGN_KEYS: dict[str, dict[str, str]] = {
    "area_flags": {"village_id": "villages"},
    "village_populations": {"village_id": "villages"},
    "households": {"village_id": "villages"},
    "members": {"household_id": "households"},
    "assessments": {"household_id": "households"},
    "housing_supports": {"household_id": "households"},
    "housing_payments": {"support_id": "housing_supports"},
    "training_enrolments": {"course_id": "training_courses", "member_id": "members"},
    "prior_supports": {"household_id": "households", "member_id": "members"},
}


# Columns computed from others on this machine: not sent in sync files, recomputed on merge.
# Folded names and sort keys are computed in Python (the record rules registered in `records`, and the merge); the
# household summary (head, head's sort key and ethnic group, member count) by SQL triggers.
DERIVED_COLUMNS: dict[str, tuple[str, ...]] = {
    "villages": ("name_fold", "name_sort"),
    "households": ("head_member_id", "head_sort", "head_ethnicity", "member_count"),
    "members": ("name_fold", "name_sort"),
}


# Business keys (a household code in its commune, one assessment per household and year, …) are
# checked by the record rules (records.py), not by UNIQUE indexes: the office must store what two
# devices of one commune created independently, and show it for review rather than refuse it.


def _run(db: SUDatabase, statements: list[str]) -> None:
    for statement in statements:
        db.execute(statement)


@migrations(name="0001_initial")
def m0001_initial(db: SUDatabase) -> None:
    _run(db, [
        # This database's identity: a commune's or a consolidating office's.
        """CREATE TABLE identity (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            kind TEXT NOT NULL CHECK (kind IN ('commune', 'office')),
            unit_code TEXT NOT NULL,
            unit_name TEXT NOT NULL,
            units_list TEXT NOT NULL CHECK (units_list IN ('2023', '2025')),
            parent_code TEXT NOT NULL DEFAULT '',
            parent_name TEXT NOT NULL DEFAULT '',
            device_id TEXT NOT NULL,
            device_marker TEXT NOT NULL DEFAULT '',
            sign_secret_key BLOB NOT NULL,
            box_secret_key BLOB NOT NULL,
            created_at TEXT NOT NULL,
            app_version TEXT NOT NULL
        )""",
        """CREATE TABLE devices (
            device_id TEXT PRIMARY KEY,
            started_at TEXT NOT NULL,
            reason TEXT NOT NULL
        )""",
        """CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
        f"""CREATE TABLE villages (
            id INTEGER PRIMARY KEY,{_SYNC_DDL},
            name TEXT NOT NULL,
            name_fold TEXT NOT NULL,
            notes TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX villages_name ON villages (commune_code, name_fold) WHERE deleted = 0",
        # Especially difficult areas (ĐBKK) of a commune (village_id NULL) or a village, with period.
        f"""CREATE TABLE area_flags (
            id INTEGER PRIMARY KEY,{_SYNC_DDL},
            village_id INTEGER REFERENCES villages (id),
            flag TEXT NOT NULL CHECK (flag IN ('dbkk')),
            from_year INTEGER NOT NULL,
            to_year INTEGER,
            decision TEXT NOT NULL DEFAULT '',
            CHECK (to_year IS NULL OR to_year >= from_year)
        )""",
        "CREATE INDEX area_flags_village ON area_flags (village_id)",
        # Denominators of the poverty rate: every household of the village, not only reviewed ones.
        f"""CREATE TABLE village_populations (
            id INTEGER PRIMARY KEY,{_SYNC_DDL},
            village_id INTEGER NOT NULL REFERENCES villages (id),
            year INTEGER NOT NULL,
            households_total INTEGER NOT NULL CHECK (households_total >= 0),
            population_total INTEGER NOT NULL CHECK (population_total >= 0)
        )""",
        "CREATE INDEX village_populations_year ON village_populations (village_id, year) WHERE deleted = 0",
        f"""CREATE TABLE households (
            id INTEGER PRIMARY KEY,{_SYNC_DDL},
            village_id INTEGER NOT NULL REFERENCES villages (id),
            code TEXT NOT NULL,
            address TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            area_type TEXT NOT NULL DEFAULT 'rural' CHECK (area_type IN ('rural', 'urban')),
            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'moved_away', 'dissolved')),
            status_date TEXT,
            notes TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX households_code ON households (commune_code, code) WHERE deleted = 0",
        "CREATE INDEX households_village ON households (village_id)",
        f"""CREATE TABLE members (
            id INTEGER PRIMARY KEY,{_SYNC_DDL},
            household_id INTEGER NOT NULL REFERENCES households (id),
            position INTEGER NOT NULL DEFAULT 0,
            full_name TEXT NOT NULL,
            sex TEXT NOT NULL CHECK (sex IN ('M', 'F')),
            birth_date TEXT,
            birth_year INTEGER NOT NULL,
            ethnicity_code TEXT NOT NULL,
            citizen_id TEXT NOT NULL DEFAULT '',
            relationship TEXT NOT NULL DEFAULT 'other',
            health_insurance_card TEXT NOT NULL DEFAULT '',
            schooling TEXT NOT NULL DEFAULT '',
            work_status TEXT NOT NULL DEFAULT '',
            disability INTEGER NOT NULL DEFAULT 0 CHECK (disability IN (0, 1)),
            social_allowance INTEGER NOT NULL DEFAULT 0 CHECK (social_allowance >= 0),
            status TEXT NOT NULL DEFAULT 'present'
                CHECK (status IN ('present', 'deceased', 'moved_out', 'married_out')),
            status_date TEXT,
            notes TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX members_household ON members (household_id, position)",
        "CREATE INDEX members_citizen_id ON members (citizen_id) WHERE citizen_id <> ''",
        # One annual review of a household (Phiếu B), classified by the rules of its year.
        f"""CREATE TABLE assessments (
            id INTEGER PRIMARY KEY,{_SYNC_DDL},
            household_id INTEGER NOT NULL REFERENCES households (id),
            year INTEGER NOT NULL,
            standard_code TEXT NOT NULL,
            area_type TEXT NOT NULL CHECK (area_type IN ('rural', 'urban')),
            income_per_person INTEGER CHECK (income_per_person >= 0),
            b1_score INTEGER CHECK (b1_score >= 0),
            b2_score INTEGER NOT NULL,
            deprivation_count INTEGER NOT NULL,
            computed_class TEXT NOT NULL CHECK (computed_class IN ('poor', 'near_poor', 'middle', 'other')),
            override_class TEXT CHECK (override_class IN ('poor', 'near_poor', 'middle', 'other')),
            override_reason TEXT NOT NULL DEFAULT '',
            classification TEXT NOT NULL CHECK (classification IN ('poor', 'near_poor', 'middle', 'other')),
            causes TEXT NOT NULL DEFAULT '[]',
            registered_escape INTEGER NOT NULL DEFAULT 0 CHECK (registered_escape IN (0, 1)),
            assessed_on TEXT,
            notes TEXT NOT NULL DEFAULT '',
            CHECK (income_per_person IS NOT NULL OR b1_score IS NOT NULL),
            CHECK (override_class IS NULL OR length(trim(override_reason)) > 0)
        )""",
        "CREATE INDEX assessments_year ON assessments (household_id, year) WHERE deleted = 0",
        "CREATE INDEX assessments_class ON assessments (year, classification)",
        # Deprivations as codes of the period's indicator list (never fixed columns).
        """CREATE TABLE assessment_deprivations (
            assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
            indicator_code TEXT NOT NULL,
            PRIMARY KEY (assessment_id, indicator_code)
        ) WITHOUT ROWID""",
        "CREATE INDEX assessment_deprivations_code ON assessment_deprivations (indicator_code)",
        f"""CREATE TABLE housing_supports (
            id INTEGER PRIMARY KEY,{_SYNC_DDL},
            household_id INTEGER NOT NULL REFERENCES households (id),
            program TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('new', 'repair')),
            status TEXT NOT NULL DEFAULT 'registered' CHECK (status IN (
                'registered', 'approved', 'under_construction', 'completed', 'paid',
                'rejected', 'cancelled')),
            registered_on TEXT,
            approved_on TEXT,
            decision_no TEXT NOT NULL DEFAULT '',
            started_on TEXT,
            completed_on TEXT,
            floor_area_m2 REAL CHECK (floor_area_m2 IS NULL OR floor_area_m2 > 0),
            hard_floor INTEGER NOT NULL DEFAULT 0,
            hard_walls INTEGER NOT NULL DEFAULT 0,
            hard_roof INTEGER NOT NULL DEFAULT 0,
            amount_central INTEGER NOT NULL DEFAULT 0 CHECK (amount_central >= 0),
            amount_local INTEGER NOT NULL DEFAULT 0 CHECK (amount_local >= 0),
            amount_household INTEGER NOT NULL DEFAULT 0 CHECK (amount_household >= 0),
            status_reason TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX housing_supports_household ON housing_supports (household_id)",
        f"""CREATE TABLE housing_payments (
            id INTEGER PRIMARY KEY,{_SYNC_DDL},
            support_id INTEGER NOT NULL REFERENCES housing_supports (id),
            tranche INTEGER NOT NULL CHECK (tranche IN (1, 2)),
            amount INTEGER NOT NULL CHECK (amount >= 0),
            paid_on TEXT NOT NULL,
            voucher_no TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX housing_payments_support ON housing_payments (support_id)",
        f"""CREATE TABLE training_courses (
            id INTEGER PRIMARY KEY,{_SYNC_DDL},
            occupation TEXT NOT NULL,
            level TEXT NOT NULL DEFAULT 'under_3_months',
            provider TEXT NOT NULL DEFAULT '',
            place TEXT NOT NULL DEFAULT '',
            start_date TEXT,
            end_date TEXT,
            seats INTEGER CHECK (seats IS NULL OR seats > 0),
            cost_per_learner INTEGER NOT NULL DEFAULT 0 CHECK (cost_per_learner >= 0),
            study_days INTEGER CHECK (study_days IS NULL OR study_days >= 0),
            notes TEXT NOT NULL DEFAULT ''
        )""",
        f"""CREATE TABLE training_enrolments (
            id INTEGER PRIMARY KEY,{_SYNC_DDL},
            course_id INTEGER NOT NULL REFERENCES training_courses (id),
            member_id INTEGER NOT NULL REFERENCES members (id),
            learner_group TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'registered'
                CHECK (status IN ('registered', 'studying', 'completed', 'dropped')),
            enrolled_on TEXT,
            certificate_no TEXT NOT NULL DEFAULT '',
            outcome TEXT NOT NULL DEFAULT '' CHECK (outcome IN (
                '', 'new_job', 'self_employed', 'enterprise', 'abroad', 'none')),
            outcome_date TEXT,
            cost_support INTEGER NOT NULL DEFAULT 0 CHECK (cost_support >= 0),
            meal_days INTEGER NOT NULL DEFAULT 0 CHECK (meal_days >= 0),
            travel_support INTEGER NOT NULL DEFAULT 0 CHECK (travel_support >= 0),
            job_connection_support INTEGER NOT NULL DEFAULT 0 CHECK (job_connection_support >= 0),
            notes TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX training_enrolments_course ON training_enrolments (course_id)",
        "CREATE INDEX training_enrolments_member ON training_enrolments (member_id)",
        # Supports received earlier from any program, so that "supported once" can be enforced.
        f"""CREATE TABLE prior_supports (
            id INTEGER PRIMARY KEY,{_SYNC_DDL},
            household_id INTEGER NOT NULL REFERENCES households (id),
            member_id INTEGER REFERENCES members (id),
            kind TEXT NOT NULL CHECK (kind IN ('housing', 'training')),
            program TEXT NOT NULL,
            year INTEGER NOT NULL,
            notes TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX prior_supports_household ON prior_supports (household_id)",
        # The annual plan: targets and budgets, per year and scope (district/province or commune).
        f"""CREATE TABLE plan_targets (
            id INTEGER PRIMARY KEY,{_SYNC_DDL},
            plan_code TEXT NOT NULL,
            year INTEGER NOT NULL,
            scope_code TEXT NOT NULL,
            key TEXT NOT NULL,
            name_vi TEXT NOT NULL,
            name_en TEXT NOT NULL DEFAULT '',
            value REAL NOT NULL,
            value_max REAL,
            unit TEXT NOT NULL,
            comparison TEXT NOT NULL DEFAULT 'at_least' CHECK (comparison IN ('at_least', 'at_most')),
            computed_from TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX plan_targets_key ON plan_targets (year, scope_code, key) WHERE deleted = 0",
        f"""CREATE TABLE plan_budgets (
            id INTEGER PRIMARY KEY,{_SYNC_DDL},
            plan_code TEXT NOT NULL,
            year INTEGER NOT NULL,
            scope_code TEXT NOT NULL,
            project TEXT NOT NULL,
            name_vi TEXT NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('central_current', 'central_carryover', 'local')),
            amount INTEGER NOT NULL CHECK (amount >= 0)
        )""",
        "CREATE INDEX plan_budgets_key ON plan_budgets (year, scope_code, project, source) WHERE deleted = 0",
        # Rule documents received from the consolidating office (override what shipped).
        """CREATE TABLE rule_tables (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            code TEXT NOT NULL,
            document TEXT NOT NULL,
            received_at TEXT NOT NULL,
            UNIQUE (kind, code)
        )""",
        # Who changed what: every write, chained by hash per device.
        """CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            device_id TEXT NOT NULL,
            commune_code TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'restore')),
            table_name TEXT NOT NULL,
            record_uuid TEXT NOT NULL,
            old_values TEXT,
            new_values TEXT,
            reason TEXT NOT NULL DEFAULT '',
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        )""",
        "CREATE INDEX audit_log_record ON audit_log (record_uuid)",
        "CREATE INDEX audit_log_device ON audit_log (device_id, id)",
    ])


@migrations(name="0002_sync")
def m0002_sync(db: SUDatabase) -> None:
    _run(db, [
        # Commune side: the office this commune reports to, from its setup package.
        """CREATE TABLE sync_config (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            office_code TEXT NOT NULL DEFAULT '',
            office_name TEXT NOT NULL DEFAULT '',
            office_sign_key TEXT NOT NULL DEFAULT '',
            office_box_key TEXT NOT NULL DEFAULT '',
            enrolment_secret BLOB,
            package_sha256 TEXT NOT NULL DEFAULT ''
        )""",
        # Commune side: every file written, so sequences never repeat and each names its predecessor.
        """CREATE TABLE sync_exports (
            sequence INTEGER PRIMARY KEY,
            file_name TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            device_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            encrypted INTEGER NOT NULL,
            records INTEGER NOT NULL
        )""",
        # Office side: the signing key of each commune (one bound at a time).
        """CREATE TABLE commune_keys (
            id INTEGER PRIMARY KEY,
            commune_code TEXT NOT NULL,
            sign_key TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('bound', 'pending', 'retired')),
            via TEXT NOT NULL CHECK (via IN ('setup', 'trust_new', 'approved', 'seen')),
            first_seen TEXT NOT NULL,
            bound_at TEXT,
            note TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE UNIQUE INDEX commune_keys_bound ON commune_keys (commune_code) WHERE status = 'bound'",
        "CREATE UNIQUE INDEX commune_keys_key ON commune_keys (commune_code, fingerprint)",
        # Office side: one-time enrolment secrets handed out in setup packages.
        """CREATE TABLE enrolments (
            commune_code TEXT PRIMARY KEY,
            secret BLOB NOT NULL,
            created_at TEXT NOT NULL,
            used_at TEXT
        )""",
        # Office side: every file applied (a refused file changes nothing, so it is not stored).
        """CREATE TABLE received_files (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            file_name TEXT NOT NULL,
            commune_code TEXT NOT NULL,
            device_id TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            received_at TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT '{}'
        )""",
        "CREATE INDEX received_files_commune ON received_files (commune_code, sequence)",
        # Office side: the same record edited on two devices from the same base revision.
        """CREATE TABLE sync_conflicts (
            id INTEGER PRIMARY KEY,
            table_name TEXT NOT NULL,
            record_uuid TEXT NOT NULL,
            commune_code TEXT NOT NULL,
            revision INTEGER NOT NULL,
            device_a TEXT NOT NULL,
            device_b TEXT NOT NULL,
            version_a TEXT NOT NULL,
            version_b TEXT NOT NULL,
            detected_at TEXT NOT NULL,
            resolved_at TEXT,
            resolution TEXT NOT NULL DEFAULT '',
            CHECK (device_a < device_b),
            UNIQUE (table_name, record_uuid, revision, device_a, device_b)
        )""",
        # Office side: the same person in two communes' live registers.
        """CREATE TABLE duplicate_candidates (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('citizen_id', 'name_birth_village')),
            member_a TEXT NOT NULL,
            member_b TEXT NOT NULL,
            commune_a TEXT NOT NULL,
            commune_b TEXT NOT NULL,
            detected_at TEXT NOT NULL,
            resolved_at TEXT,
            resolution TEXT NOT NULL DEFAULT '',
            CHECK (member_a < member_b),
            UNIQUE (kind, member_a, member_b)
        )""",
        "ALTER TABLE members ADD COLUMN name_fold TEXT NOT NULL DEFAULT ''",
        "CREATE INDEX members_name_fold ON members (name_fold, birth_year)",
        "CREATE INDEX audit_log_chain ON audit_log (device_id, commune_code, id)",
    ])


# Household search (0003): what the households list sorts and searches by. Per household: the
# head (first present member marked head), the head's sort key and ethnic group, the number of
# present members (derived columns of households); and two FTS5 trigram documents (rowid =
# households.id): household_names with every live member's folded name, household_keys with the
# household code and the citizen IDs, e.g. "/ lo van thuong / quang thi an /" and
# "/ QN-00012 / 011080001234 011182004321 /". A space before each word lets a two-letter query
# match the start of a word (" lo"), "/ " before each name and code lets one letter match the
# start of a family name or a code ("/ l"); three letters or more match anywhere.
#
# Row triggers only note which households changed (search_dirty, a cheap insert); the
# statements of SEARCH_REFRESH then rebuild those households in one pass, set-based
# (desktop.core.households.refresh_search runs them: after a save, a merge, and before a
# search). Rebuilding per row would cost a household's documents once per member written — six
# times the cost of a merge's plain inserts — where one pass costs a few seconds for 100 000
# households. The triggers and statements use only core SQL and columns already computed
# (folded names, sort keys): any SQLite program can still write to the file.
NO_HEAD = "char(57344)"  # U+E000, the head's sort key when there is none: such households come last

_SEARCH_REFRESH_0003 = (
    "UPDATE households SET (head_member_id, head_sort, head_ethnicity) = (SELECT * FROM ("
    "SELECT m.id, m.name_sort, m.ethnicity_code FROM members m WHERE m.household_id = households.id "
    "AND m.relationship = 'head' AND m.status = 'present' AND m.deleted = 0 ORDER BY m.position, m.id LIMIT 1) "
    f"UNION ALL SELECT NULL, {NO_HEAD}, '' LIMIT 1), "
    "member_count = (SELECT COUNT(*) FROM members m WHERE m.household_id = households.id AND m.status = 'present' "
    "AND m.deleted = 0) WHERE id IN (SELECT household_id FROM search_dirty)",
    "DELETE FROM household_names WHERE rowid IN (SELECT household_id FROM search_dirty)",
    "INSERT INTO household_names (rowid, names) SELECT h.id, '/ ' || COALESCE((SELECT group_concat(m.name_fold, "
    "' / ') FROM members m WHERE m.household_id = h.id AND m.deleted = 0), '') || ' /' "
    "FROM search_dirty d JOIN households h ON h.id = d.household_id",
    "DELETE FROM household_keys WHERE rowid IN (SELECT household_id FROM search_dirty)",
    "INSERT INTO household_keys (rowid, keys) SELECT h.id, '/ ' || h.code || ' / ' || COALESCE((SELECT "
    "group_concat(m.citizen_id, ' ') FROM members m WHERE m.household_id = h.id AND m.deleted = 0 "
    "AND m.citizen_id <> ''), '') || ' /' FROM search_dirty d JOIN households h ON h.id = d.household_id",
    "DELETE FROM search_dirty",
)
# The statements that rebuild the index today (a later migration reshaping it keeps 0003's own).
SEARCH_REFRESH = _SEARCH_REFRESH_0003
_DIRTY = "INSERT OR IGNORE INTO search_dirty (household_id) VALUES ({h});"


@migrations(name="0003_household_search")
def m0003_household_search(db: SUDatabase) -> None:
    _run(db, [
        "ALTER TABLE members ADD COLUMN name_sort TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE villages ADD COLUMN name_sort TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE households ADD COLUMN head_member_id INTEGER",
        "ALTER TABLE households ADD COLUMN head_sort TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE households ADD COLUMN head_ethnicity TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE households ADD COLUMN member_count INTEGER NOT NULL DEFAULT 0",
        "CREATE TABLE search_dirty (household_id INTEGER PRIMARY KEY)",
        "CREATE VIRTUAL TABLE household_names USING fts5 (names, tokenize = 'trigram')",
        "CREATE VIRTUAL TABLE household_keys USING fts5 (keys, tokenize = 'trigram')",
        # The list's orders read these indexes rather than sorting every household.
        "CREATE INDEX households_head_sort ON households (deleted, head_sort, code)",
        "CREATE INDEX households_code_sort ON households (deleted, code)",
        "CREATE INDEX households_member_count ON households (deleted, member_count, head_sort)",
        "CREATE INDEX households_commune_sort ON households (deleted, commune_code, head_sort)",
        "CREATE INDEX villages_name_sort ON villages (name_sort)",
        "CREATE INDEX households_village_sort ON households (village_id, deleted, head_sort)",
        "CREATE INDEX households_ethnicity ON households (head_ethnicity, deleted, head_sort, code)",
        "CREATE INDEX assessments_escape ON assessments (year, registered_escape) WHERE deleted = 0",
        # A year's classifications in one covering scan (the list's order by classification).
        "CREATE INDEX assessments_year_summary ON assessments (year, deleted, household_id, classification, "
        "registered_escape)",
        f"""CREATE TRIGGER households_search_insert AFTER INSERT ON households BEGIN
    {_DIRTY.format(h="NEW.id")}
END""",
        f"""CREATE TRIGGER households_search_code AFTER UPDATE OF code ON households BEGIN
    {_DIRTY.format(h="NEW.id")}
END""",
        """CREATE TRIGGER households_search_delete AFTER DELETE ON households BEGIN
    DELETE FROM household_names WHERE rowid = OLD.id;
    DELETE FROM household_keys WHERE rowid = OLD.id;
    DELETE FROM search_dirty WHERE household_id = OLD.id;
END""",
        f"""CREATE TRIGGER members_search_insert AFTER INSERT ON members BEGIN
    {_DIRTY.format(h="NEW.household_id")}
END""",
        f"""CREATE TRIGGER members_search_update AFTER UPDATE OF household_id, name_fold, citizen_id, relationship,
    status, position, name_sort, ethnicity_code, deleted ON members BEGIN
    {_DIRTY.format(h="NEW.household_id")}
    {_DIRTY.format(h="OLD.household_id")}
END""",
        f"""CREATE TRIGGER members_search_delete AFTER DELETE ON members BEGIN
    {_DIRTY.format(h="OLD.household_id")}
END""",
    ])
    conn = db.conn
    # What an earlier version left: sort keys in Python, then every household indexed at once.
    conn.executemany("UPDATE members SET name_sort = ? WHERE id = ?",
                     [(name_sort_string(name), i) for i, name in conn.execute("SELECT id, full_name FROM members")])
    conn.executemany("UPDATE villages SET name_sort = ? WHERE id = ?",
                     [(collate_string(name), i) for i, name in conn.execute("SELECT id, name FROM villages")])
    _run(db, ["INSERT OR IGNORE INTO search_dirty (household_id) SELECT id FROM households",
                  *_SEARCH_REFRESH_0003])


@migrations(name="0004_drop_redundant_audit_index")
def m0004_drop_redundant_audit_index(db: SUDatabase) -> None:
    # Since 0002 each audit chain is per (device, commune), read through audit_log_chain; the
    # (device, id) index only slowed every insert, most of all when an office merges files.
    _run(db, ["DROP INDEX IF EXISTS audit_log_device"])


@migrations(name="0005_drop_unused_member_and_village_indexes")
def m0005_drop_unused_indexes(db: SUDatabase) -> None:
    # Duplicates by name are now found village by village (merge), so nothing reads members by
    # (name_fold, birth_year): the index only cost every member written, the more so at an office
    # (names are spread over the whole index). households_village is the first column of
    # households_village_sort, which serves its lookups.
    _run(db, ["DROP INDEX IF EXISTS members_name_fold", "DROP INDEX IF EXISTS households_village"])


@migrations(name="0006_recompute_sort_keys")
def m0006_recompute_sort_keys(db: SUDatabase) -> None:
    # The collation learnt where ICU's Vietnamese order puts f, j, w, z and punctuation
    # (desktop.core.text), which moved every letter's code in the stored keys: recompute the
    # members' and villages' keys, then the households' head keys (the search refresh of 0003).
    conn = db.conn
    for table, column, key in (("members", "full_name", name_sort_string), ("villages", "name", collate_string)):
        rows = conn.execute(f"SELECT id, {column}, name_sort FROM {table}").fetchall()
        conn.executemany(f"UPDATE {table} SET name_sort = ? WHERE id = ?",
                         [(new, i) for i, name, old in rows if (new := key(name)) != old])
    _run(db, ["INSERT OR IGNORE INTO search_dirty (household_id) SELECT id FROM households",
              *_SEARCH_REFRESH_0003])


@migrations(name="0007_housing_workflow")
def m0007_housing_workflow(db: SUDatabase) -> None:
    # Project 5's workflow (desktop.core.housing): the house's condition at registration (what
    # makes the household eligible), who did each step, the stage that opens the first tranche,
    # the first tranche fixed at approval, the house's expected life at acceptance, the end of a
    # rejected or cancelled support; the source a payment comes from; the day a household was
    # formed by a split (a household split off in the last three years is not eligible).
    _run(db, [
        "ALTER TABLE housing_supports ADD COLUMN condition TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE housing_supports ADD COLUMN weak_structures INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE housing_supports ADD COLUMN current_area_m2 REAL",
        "ALTER TABLE housing_supports ADD COLUMN persons INTEGER",
        "ALTER TABLE housing_supports ADD COLUMN registered_by TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE housing_supports ADD COLUMN approved_by TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE housing_supports ADD COLUMN first_tranche INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE housing_supports ADD COLUMN started_by TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE housing_supports ADD COLUMN stage_on TEXT",
        "ALTER TABLE housing_supports ADD COLUMN stage_by TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE housing_supports ADD COLUMN life_years INTEGER",
        "ALTER TABLE housing_supports ADD COLUMN accepted_by TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE housing_supports ADD COLUMN ended_on TEXT",
        "ALTER TABLE housing_supports ADD COLUMN ended_by TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE housing_payments ADD COLUMN source TEXT NOT NULL DEFAULT 'central'",
        "ALTER TABLE housing_payments ADD COLUMN paid_by TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE households ADD COLUMN split_on TEXT",
        "CREATE INDEX prior_supports_kind ON prior_supports (household_id, kind) WHERE deleted = 0",
        # What an earlier version wrote (the demo's supports): the first tranche as 70 % of the
        # approved amount, the stage as of the first payment of tranche 1 (else acceptance), the end
        # of a rejected or cancelled support as of its last change.
        "UPDATE housing_supports SET first_tranche = (amount_central + amount_local) * 70 / 100 "
        "WHERE approved_on IS NOT NULL",
        "UPDATE housing_supports SET stage_on = COALESCE((SELECT MIN(p.paid_on) FROM housing_payments p "
        "WHERE p.support_id = housing_supports.id AND p.tranche = 1), completed_on) "
        "WHERE status IN ('under_construction', 'completed', 'paid')",
        "UPDATE housing_supports SET ended_on = substr(updated_at, 1, 10) WHERE status IN ('rejected', 'cancelled')",
        "UPDATE households SET split_on = status_date WHERE status_date IS NOT NULL AND uuid IN "
        "(SELECT record_uuid FROM audit_log WHERE action = 'insert' AND table_name = 'households' "
        "AND json_extract(new_values, '$.event') = 'split')",
    ])


@migrations(name="0008_training_workflow")
def m0008_training_workflow(db: SUDatabase) -> None:
    # Project 4's workflow (desktop.core.training): a course's funding source; on an enrolment the
    # learner group the household data proposed (another one needs a reason), the distance to the
    # training site and whether the learner lives in an especially difficult area (the travel
    # allowance), the certificate's date, the end of a dropped enrolment with its reason.
    _run(db, [
        "ALTER TABLE training_courses ADD COLUMN funding_source TEXT NOT NULL DEFAULT 'central'",
        "ALTER TABLE training_enrolments ADD COLUMN proposed_group TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE training_enrolments ADD COLUMN group_reason TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE training_enrolments ADD COLUMN distance_km REAL",
        "ALTER TABLE training_enrolments ADD COLUMN difficult_area INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE training_enrolments ADD COLUMN certificate_date TEXT",
        "ALTER TABLE training_enrolments ADD COLUMN ended_on TEXT",
        "ALTER TABLE training_enrolments ADD COLUMN status_reason TEXT NOT NULL DEFAULT ''",
        # What an earlier version wrote (the demo's enrolments): the group as proposed, the
        # certificate dated at the course's end, a drop dated at the enrolment's last change.
        "UPDATE training_enrolments SET proposed_group = learner_group",
        "UPDATE training_enrolments SET certificate_date = (SELECT c.end_date FROM training_courses c "
        "WHERE c.id = training_enrolments.course_id) WHERE certificate_no <> ''",
        "UPDATE training_enrolments SET ended_on = substr(updated_at, 1, 10), "
        "status_reason = 'Bỏ học (ghi trước khi có lý do)' WHERE status = 'dropped'",
        "CREATE INDEX prior_supports_member ON prior_supports (member_id) WHERE member_id IS NOT NULL",
    ])


@migrations(name="0009_sync_exports_per_device")
def m0009_sync_exports_per_device(db: SUDatabase) -> None:
    # A file is named by its device and sequence: a restored database numbers on from its backup
    # under a new device id, so two devices of one database may each have made a file 2.
    _run(db, [
        """CREATE TABLE sync_exports_new (
            device_id TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            file_name TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            created_at TEXT NOT NULL,
            encrypted INTEGER NOT NULL,
            records INTEGER NOT NULL,
            PRIMARY KEY (device_id, sequence)
        )""",
        "INSERT INTO sync_exports_new (device_id, sequence, file_name, sha256, created_at, encrypted, records) "
        "SELECT device_id, sequence, file_name, sha256, created_at, encrypted, records FROM sync_exports",
        "DROP TABLE sync_exports",
        "ALTER TABLE sync_exports_new RENAME TO sync_exports",
    ])


@migrations(name="0010_received_file_identity")
def m0010_received_file_identity(db: SUDatabase) -> None:
    # Office side: a received file is known by the SHA-256 of its signed manifest (the bytes of a
    # ZIP container around it are not signed, so the same file could look new again), and its
    # manifest's link to the previous file of its device and whether it was encrypted are kept, so
    # that a file arriving later can be checked against them (docs/sync-format.md, "Merge").
    # Files merged before this step keep NULL here and are known by their file's SHA-256.
    _run(db, [
        "ALTER TABLE received_files ADD COLUMN manifest_sha256 TEXT",
        "ALTER TABLE received_files ADD COLUMN previous_sha256 TEXT",
        "ALTER TABLE received_files ADD COLUMN encrypted INTEGER",
        "CREATE UNIQUE INDEX received_files_manifest ON received_files (manifest_sha256)",
    ])


@migrations(name="0011_versions_vouched")
def m0011_versions_vouched(db: SUDatabase) -> None:
    # Each audit entry says which version it made and from what (`revision`, `base_device`) and
    # vouches for the record's values after it (`values_sha256`); what travels with a new record
    # besides its columns goes to `extras` (desktop.core.store). Entries written before: their
    # versions are counted per record in the order written, the entry of each record's current
    # version vouches for its current values (and an insert still current holds them all); older
    # entries have no digest (''); every chain is hashed again. The conflict queue keeps one row
    # per concurrent version that is not the live one (its conflict set; desktop.core.sync.plan).
    from desktop.core.portable import Reader, canonical, record_values, values_digest
    from desktop.core.store import GENESIS, audit_hash

    conn = db.conn
    _run(db, [
        "ALTER TABLE audit_log ADD COLUMN revision INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE audit_log ADD COLUMN base_device TEXT",
        "ALTER TABLE audit_log ADD COLUMN values_sha256 TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE audit_log ADD COLUMN extras TEXT",
        "CREATE TEMP TABLE versions AS SELECT id, ROW_NUMBER() OVER w AS rev, LAG(device_id) OVER w AS base "
        "FROM audit_log WINDOW w AS (PARTITION BY record_uuid ORDER BY id)",
        "UPDATE audit_log SET revision = (SELECT rev FROM temp.versions v WHERE v.id = audit_log.id), "
        "base_device = (SELECT base FROM temp.versions v WHERE v.id = audit_log.id)",
        "DROP TABLE temp.versions",
    ])
    reader = Reader(conn)
    tables = [r[0] for r in conn.execute("SELECT DISTINCT table_name FROM audit_log")]
    for table in tables:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone():
            continue
        current = conn.execute(
            f"SELECT a.id, t.id, a.action, a.new_values FROM audit_log a JOIN {table} t ON t.uuid = a.record_uuid "
            "AND t.revision = a.revision AND t.device_id = a.device_id WHERE a.table_name = ?", (table,)).fetchall()
        written = reader.by_id(table, [r[1] for r in current])
        for entry_id, record_id, action, new_json in current:
            values = record_values(written[record_id])
            update = {"values_sha256": values_digest(values)}
            if action == "insert":
                given = json.loads(new_json or "{}")
                extras = {k: v for k, v in given.items() if k not in values}
                update |= {"new_values": canonical(values), "extras": canonical(extras) if extras else None}
            conn.execute(f"UPDATE audit_log SET {', '.join(f'{k} = ?' for k in update)} WHERE id = ?",
                         [*update.values(), entry_id])
    last: dict[tuple[str, str], str] = {}
    for row in conn.execute("SELECT * FROM audit_log ORDER BY id").fetchall():
        entry = dict(zip([d[0] for d in conn.execute("SELECT * FROM audit_log LIMIT 0").description], row, strict=True))
        chain = (entry["device_id"], entry["commune_code"])
        prev = last.get(chain, GENESIS)
        last[chain] = audit_hash(prev, entry)
        conn.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", (prev, last[chain], entry["id"]))
    _run(db, [
        "CREATE INDEX audit_log_version ON audit_log (record_uuid, revision)",
        "DROP INDEX audit_log_record",
        """CREATE TABLE sync_conflicts_new (
            id INTEGER PRIMARY KEY,
            table_name TEXT NOT NULL,
            record_uuid TEXT NOT NULL,
            commune_code TEXT NOT NULL,
            revision INTEGER NOT NULL,
            device_id TEXT NOT NULL,
            version TEXT NOT NULL,
            detected_at TEXT NOT NULL,
            resolved_at TEXT,
            resolution TEXT NOT NULL DEFAULT '',
            UNIQUE (table_name, record_uuid, revision, device_id)
        )""",
        # Of each pair kept before, the versions that are not live.
        "INSERT OR IGNORE INTO sync_conflicts_new (table_name, record_uuid, commune_code, revision, device_id, version, "
        "detected_at, resolved_at, resolution) SELECT table_name, record_uuid, commune_code, revision, device_a, "
        "version_a, detected_at, resolved_at, resolution FROM sync_conflicts",
        "INSERT OR IGNORE INTO sync_conflicts_new (table_name, record_uuid, commune_code, revision, device_id, version, "
        "detected_at, resolved_at, resolution) SELECT table_name, record_uuid, commune_code, revision, device_b, "
        "version_b, detected_at, resolved_at, resolution FROM sync_conflicts",
        "DROP TABLE sync_conflicts",
        "ALTER TABLE sync_conflicts_new RENAME TO sync_conflicts",
        "CREATE INDEX sync_conflicts_open ON sync_conflicts (record_uuid) WHERE resolved_at IS NULL",
    ])
    for table in tables:  # the live version of a kept pair is the record itself, not a conflict
        if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone():
            conn.execute(f"DELETE FROM sync_conflicts WHERE table_name = ? AND EXISTS (SELECT 1 FROM {table} t "
                         "WHERE t.uuid = sync_conflicts.record_uuid AND t.revision = sync_conflicts.revision "
                         "AND t.device_id = sync_conflicts.device_id)", (table,))


@migrations(name="0012_key_revocation")
def m0012_key_revocation(db: SUDatabase) -> None:
    # Office side of `keys revoke` (desktop.core.sync.revoke): which key signed each received file,
    # which file first brought each audit entry, a key's 'revoked' status, and every revocation with
    # what it changed (enough to list it and to undo it).
    _run(db, [
        "ALTER TABLE received_files ADD COLUMN signer TEXT",
        "ALTER TABLE audit_log ADD COLUMN file_id INTEGER",
        """CREATE TABLE commune_keys_new (
            id INTEGER PRIMARY KEY,
            commune_code TEXT NOT NULL,
            sign_key TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('bound', 'pending', 'retired', 'revoked')),
            via TEXT NOT NULL CHECK (via IN ('setup', 'trust_new', 'approved', 'seen')),
            first_seen TEXT NOT NULL,
            bound_at TEXT,
            note TEXT NOT NULL DEFAULT ''
        )""",
        "INSERT INTO commune_keys_new SELECT id, commune_code, sign_key, fingerprint, status, via, first_seen, "
        "bound_at, note FROM commune_keys",
        "DROP TABLE commune_keys",
        "ALTER TABLE commune_keys_new RENAME TO commune_keys",
        "CREATE UNIQUE INDEX commune_keys_bound ON commune_keys (commune_code) WHERE status = 'bound'",
        "CREATE UNIQUE INDEX commune_keys_key ON commune_keys (commune_code, fingerprint)",
        """CREATE TABLE revocations (
            id INTEGER PRIMARY KEY,
            commune_code TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            after_sequence INTEGER,
            key_status TEXT NOT NULL,
            files TEXT NOT NULL,
            revoked_at TEXT NOT NULL,
            revoked_by TEXT NOT NULL,
            undone_at TEXT,
            undone_by TEXT
        )""",
        """CREATE TABLE revocation_changes (
            id INTEGER PRIMARY KEY,
            revocation_id INTEGER NOT NULL REFERENCES revocations (id),
            table_name TEXT NOT NULL,
            record_uuid TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('rolled_back', 'quarantined', 'conflict_dropped', 'conflict_added')),
            before TEXT,
            after TEXT
        )""",
        "CREATE INDEX revocation_changes_revocation ON revocation_changes (revocation_id)",
    ])


@migrations(name="0013_audit_heads")
def m0013_audit_heads(db: SUDatabase) -> None:
    # Where each (device, commune) chain of the audit log ends, kept as the log grows (the write
    # path, the office's merge): the next entry's link and the office's check of a file's chain
    # read it here, so the log needs no index by device — at an office of 800 000 entries that
    # index alone was 50 MB.
    _run(db, [
        """CREATE TABLE audit_heads (
            device_id TEXT NOT NULL,
            commune_code TEXT NOT NULL,
            uuid TEXT NOT NULL,
            hash TEXT NOT NULL,
            PRIMARY KEY (device_id, commune_code)
        )""",
        "INSERT INTO audit_heads (device_id, commune_code, uuid, hash) SELECT a.device_id, a.commune_code, a.uuid, a.hash "
        "FROM audit_log a JOIN (SELECT MAX(id) AS id FROM audit_log GROUP BY device_id, commune_code) m ON m.id = a.id",
        "DROP INDEX audit_log_chain",
    ])


@migrations(name="0014_duplicate_decisions")
def m0014_duplicate_decisions(db: SUDatabase) -> None:
    # The office's decision on a pair of members that may be one person (desktop.core.duplicates):
    # still open, not the same person, or the same person and put right; with a note, who and when.
    _run(db, [
        "ALTER TABLE duplicate_candidates ADD COLUMN state TEXT NOT NULL DEFAULT 'open' "
        "CHECK (state IN ('open', 'not_duplicate', 'resolved'))",
        "ALTER TABLE duplicate_candidates ADD COLUMN note TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE duplicate_candidates ADD COLUMN decided_by TEXT NOT NULL DEFAULT ''",
        "UPDATE duplicate_candidates SET state = 'resolved' WHERE resolved_at IS NOT NULL",
    ])


@migrations(name="0015_withdrawn_entries")
def m0015_withdrawn_entries(db: SUDatabase) -> None:
    # `keys revoke` withdraws the entries its files first brought (their revocation's id): each
    # device's chain then ends at its last trusted entry again, and a trusted file carrying those
    # entries (as the commune made them) replaces them (desktop.core.sync.revoke, lineage, apply).
    _run(db, [
        "ALTER TABLE audit_log ADD COLUMN withdrawn INTEGER",
        "ALTER TABLE revocations ADD COLUMN heads TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE revocations ADD COLUMN withdrawn_entries INTEGER NOT NULL DEFAULT 0",
    ])


@migrations(name="0016_receipts")
def m0016_receipts(db: SUDatabase) -> None:
    # Receipts (office → commune, desktop.core.sync.receipt) and the office's conflict decisions
    # (desktop.core.sync.decisions): the commune's public encryption key, from its signed manifest,
    # to seal receipts to; the office's choice for a conflict set (the versions it resolves and
    # the values chosen), sent in receipts until the commune's resolving edit arrives; files the
    # office refused, told back in the receipt; receipts written (office) and read (commune), and
    # the decisions a commune has applied, so that a later receipt repeating one changes nothing.
    _run(db, [
        "ALTER TABLE commune_keys ADD COLUMN box_key TEXT NOT NULL DEFAULT ''",
        # Where each export was written (the folder: a USB stick's path), for the commune's list.
        "ALTER TABLE sync_exports ADD COLUMN folder TEXT NOT NULL DEFAULT ''",
        """CREATE TABLE conflict_decisions (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            table_name TEXT NOT NULL,
            record_uuid TEXT NOT NULL,
            commune_code TEXT NOT NULL,
            resolves TEXT NOT NULL,
            choice TEXT NOT NULL,
            chosen_values TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            decided_at TEXT NOT NULL,
            decided_by TEXT NOT NULL DEFAULT '',
            withdrawn_at TEXT
        )""",
        "CREATE INDEX conflict_decisions_record ON conflict_decisions (record_uuid)",
        """CREATE TABLE refused_files (
            id INTEGER PRIMARY KEY,
            manifest_sha256 TEXT NOT NULL UNIQUE,
            file_name TEXT NOT NULL,
            commune_code TEXT NOT NULL,
            device_id TEXT NOT NULL,
            sequence INTEGER,
            reason TEXT NOT NULL,
            refused_at TEXT NOT NULL
        )""",
        """CREATE TABLE issued_receipts (
            id INTEGER PRIMARY KEY,
            commune_code TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            file_name TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            created_at TEXT NOT NULL,
            decisions INTEGER NOT NULL DEFAULT 0,
            UNIQUE (commune_code, sequence)
        )""",
        """CREATE TABLE applied_receipts (
            id INTEGER PRIMARY KEY,
            sequence INTEGER NOT NULL UNIQUE,
            office_fingerprint TEXT NOT NULL,
            created_at TEXT NOT NULL,
            applied_at TEXT NOT NULL,
            file_name TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            contents TEXT NOT NULL,
            changes TEXT NOT NULL DEFAULT '{}'
        )""",
        """CREATE TABLE applied_decisions (
            decision_uuid TEXT PRIMARY KEY,
            receipt_sequence INTEGER NOT NULL,
            table_name TEXT NOT NULL,
            record_uuid TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'stale', 'missing', 'refused')),
            message TEXT NOT NULL DEFAULT '',
            applied_at TEXT NOT NULL
        )""",
    ])


def known_migration_names() -> list[str]:
    return [m.name for m in migrations._migrations]


def schema_sql(conn: sqlite3.Connection) -> str:
    """The schema as the migrations build it, in a stable order."""
    rows = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
        "AND name NOT LIKE 'sqlite_%' ORDER BY CASE type WHEN 'table' THEN 0 ELSE 1 END, tbl_name, name"
    ).fetchall()
    header = "-- Generated by `python -m desktop.core.schema` from desktop/core/schema.py. Do not edit.\n"
    return header + "".join(f"{sql};\n\n" for _type, _name, sql in rows).rstrip() + "\n"


def build_schema_sql() -> str:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    migrations.apply(SUDatabase(conn))
    return schema_sql(conn)


if __name__ == "__main__":
    sys.stdout.write(build_schema_sql())
