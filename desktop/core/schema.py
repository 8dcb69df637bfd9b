"""The data model as named, transactional migrations (sqlite-utils `Migrations`).

Every record that syncs has a UUID, a revision, the device that last changed it, an update
time and a deletion flag (tombstone); local integer ids never leave the machine. `db_schema.sql`
is generated from these steps (`python -m desktop.core.schema > db_schema.sql`) and a test
fails when it drifts.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database as SUDatabase
from sqlite_utils.migrations import Migrations

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
DERIVED_COLUMNS: dict[str, tuple[str, ...]] = {"villages": ("name_fold",), "members": ("name_fold",)}


# Business keys (a household code in its commune, one assessment per household and year, …) are
# checked by the write path (entities.py), not by UNIQUE indexes: the office must store what two
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
    import sys

    sys.stdout.write(build_schema_sql())
