"""The households registry core: search, sort, filters, the search index, drafts, save, history."""

from __future__ import annotations

import sqlite3
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core import assessments, schema, search
from desktop.core import history as history_core
from desktop.core import households as hh
from desktop.core.assessments import AssessmentDraft
from desktop.core.db import open_database
from desktop.core.demo import generate
from desktop.core.errors import Checked, ValidationFailed
from desktop.core.households import HouseholdDraft, MemberDraft
from desktop.core.search import HouseholdQuery
from desktop.core.store import Store
from desktop.core.text import fold, name_sort_key, name_sort_string
from tests.helpers import dated, refused


def ids_for(store, **query):
    return search.search_ids(store.conn, HouseholdQuery(**query))


def heads(store, ids):
    return [row.head_name for row in search.fetch_rows(store.conn, ids, 2025)]


def member(name, sex="M", birth="1980", relationship="child", cid="", ethnicity="03", **more):
    return MemberDraft(full_name=name, sex=sex, birth=birth, relationship=relationship, citizen_id=cid,
                       ethnicity_code=ethnicity, **more)


def family(village_id, code="QN-09001"):
    """A household of five as the editor would make it."""
    return HouseholdDraft(village_id=village_id, code=code, members=[
        member("Lò Văn Thượng", birth="12/03/1980", relationship="head", cid="011080001234"),
        member("Quàng Thị Ánh", sex="F", birth="1982", relationship="spouse", cid="011182004321"),
        member("Lò Văn Đức", birth="05/09/2006", cid="011206000777"),
        member("Lò Thị Hoa", sex="F", birth="2010"),
        member("Lò Văn Bình", birth="2015"),
    ])


@pytest.fixture
def village(store):
    return store.insert("villages", {"name": "Bản Co Muông"})


@pytest.fixture
def saved(store, village):
    """A household of five saved through the draft, with an assessment for 2025."""
    draft = family(village)
    assessment = AssessmentDraft(year=2025, income_per_person=1_200_000,
                                 deprivations=["employment", "health_insurance", "latrine"], causes=["thieu_von"])
    household_id = hh.save(store, draft, assessment)
    return household_id, draft, assessment


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    from desktop.core.db import create_database

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    db = create_database(path, "commune", "03274")
    generate(db, 400, seed=3)
    db.close()
    return path


@pytest.fixture
def demo(demo_db, tmp_path):
    import shutil

    shutil.copyfile(demo_db, tmp_path / "demo.db")
    db = open_database(tmp_path / "demo.db")
    yield Store(db, actor="tester")
    db.close()


# Search ----------------------------------------------------------------------------------------

def test_search_ignores_diacritics_case_and_unicode_form(store, saved):
    household_id, _draft, _a = saved
    decomposed = unicodedata.normalize("NFD", "Lò Văn Thượng")
    assert decomposed != "Lò Văn Thượng"
    for text in ("lo van thuong", "Lò Văn Thượng", decomposed, "LÒ VĂN THƯỢNG", "  lo   van thuong "):
        assert ids_for(store, text=text) == [household_id], text


def test_search_covers_every_member_the_code_and_citizen_ids(store, saved):
    household_id, _draft, _a = saved
    for text in ("quang thi anh", "Ánh", "duc", "Đức", "binh", "qn-09001", "09001", "011182004321",
                 "004321", "011 182 004 321", "thuong lo", "anh quang"):
        assert ids_for(store, text=text) == [household_id], text
    assert ids_for(store, text="lo van hoa") == []  # words of two people do not make one name
    assert ids_for(store, text="nguyen") == []


def test_dinh_finds_dinh_with_a_stroke(demo):
    found = ids_for(demo, text="dinh")
    names = heads(demo, found)
    assert found and all("dinh" in fold(" ".join(m for m in _member_names(demo, i))) for i in found)
    assert ids_for(demo, text="Đinh") == found
    assert any("Đinh" in " ".join(_member_names(demo, i)) for i in found), names


def _member_names(store, household_id):
    return [r[0] for r in store.conn.execute(
        "SELECT full_name FROM members WHERE household_id = ? AND deleted = 0", (household_id,))]


def test_short_queries_match_the_start_of_words_and_codes(demo):
    two = ids_for(demo, text="lo")
    assert two and all(any(w.startswith("lo") for n in _member_names(demo, i) for w in fold(n).split())
                       or demo.get("households", i)["code"].lower().startswith("lo") for i in two)
    one = ids_for(demo, text="q")
    codes = {demo.get("households", i)["code"] for i in one}
    assert all(c.startswith("QN-") for c in codes) and len(one) == 400  # every code starts with Q
    assert ids_for(demo, text="z") == []
    assert ids_for(demo, text="%") == [] and ids_for(demo, text='"') == []


def test_every_live_household_is_listed_in_vietnamese_name_order(demo):
    ids = ids_for(demo)
    assert len(ids) == 400
    names = heads(demo, ids)
    assert names == sorted(names, key=name_sort_key)
    assert ids_for(demo, descending=True)[::-1] == ids


# Written out by hand, not computed: given name, then middle, then family name; letters in the
# Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y); tones only break
# ties, level < huyền < hỏi < ngã < sắc < nặng.
NAMES_IN_ORDER = [
    "Lò Văn An", "Quàng Thị Ăn", "Lò Thị Ân", "Vừ A Bình", "Cà Văn Dũng", "Lò Văn Đức",
    "Lò Thị Hoa", "Lò Văn Hoa", "Quàng Văn Hoa",  # the same given name: middle, then family name
    "Lò Thị Mai", "Lò Thị Mài", "Lò Thị Mải", "Lò Thị Mãi", "Lò Thị Mái", "Lò Thị Mại",  # tones
    "Lò Văn Mạnh",  # letters before tones: mai < manh
    "Lò Văn To", "Lò Văn Tô", "Hồ Thị Tơ", "Lò Văn Tu", "Lò Văn Tuấn", "Lò Văn Tư",
]


def test_name_order_matches_the_hand_written_list():
    shuffled = NAMES_IN_ORDER[::-1][1::2] + NAMES_IN_ORDER[::-1][::2]
    assert sorted(shuffled, key=name_sort_key) == NAMES_IN_ORDER
    assert sorted(shuffled, key=name_sort_string) == NAMES_IN_ORDER


def test_the_household_list_follows_the_hand_written_name_order(store, village):
    for n, name in enumerate(reversed(NAMES_IN_ORDER)):
        hid = store.insert("households", {"village_id": village, "code": f"QN-{n + 1:05d}"})
        store.insert("members", {"household_id": hid, "full_name": name, "sex": "M", "birth_year": 1980,
                                 "ethnicity_code": "03", "relationship": "head"})
    ids = ids_for(store)
    assert [row.head_name for row in search.fetch_rows(store.conn, ids, None)] == NAMES_IN_ORDER
    descending = ids_for(store, descending=True)
    assert [row.head_name for row in search.fetch_rows(store.conn, descending, None)] == NAMES_IN_ORDER[::-1]


@pytest.mark.parametrize("sort", search.SORT_KEYS)
def test_every_sort_lists_the_same_households(demo, sort):
    ascending = ids_for(demo, sort=sort, year=2025)
    assert sorted(ascending) == sorted(ids_for(demo))
    rows = search.fetch_rows(demo.conn, ascending, 2025)
    if sort == search.SORT_HEAD:
        assert ascending == ids_for(demo)  # the head's name: the default order
    if sort == search.SORT_MEMBERS:
        counts = [r.member_count for r in rows]
        assert counts == sorted(counts)
    if sort == search.SORT_CODE:
        assert [r.code for r in rows] == sorted(r.code for r in rows)
    if sort == search.SORT_CLASS:
        ranks = [("poor", "near_poor", "middle", "other").index(r.classification) for r in rows]
        assert ranks == sorted(ranks)
    descending = ids_for(demo, sort=sort, year=2025, descending=True)
    assert sorted(descending) == sorted(ascending)


def test_filters(demo):
    conn = demo.conn
    village_id = conn.execute("SELECT village_id FROM households GROUP BY village_id LIMIT 1").fetchone()[0]
    in_village = ids_for(demo, village_id=village_id)
    assert set(in_village) == {r[0] for r in conn.execute(
        "SELECT id FROM households WHERE village_id = ? AND deleted = 0", (village_id,))}
    poor = ids_for(demo, year=2025, classification="poor")
    assert set(poor) == {r[0] for r in conn.execute(
        "SELECT household_id FROM assessments WHERE year = 2025 AND classification = 'poor'")}
    escaping = ids_for(demo, year=2024, registered_escape=True)
    assert escaping and set(escaping) == {r[0] for r in conn.execute(
        "SELECT household_id FROM assessments WHERE year = 2024 AND registered_escape = 1")}
    assert set(ids_for(demo, year=2024, registered_escape=False)) == set(ids_for(demo)) - set(escaping)
    assert ids_for(demo, year=2023, classification=search.NOT_ASSESSED) == ids_for(demo)
    assert ids_for(demo, year=2025, classification=search.NOT_ASSESSED) == []
    mong = ids_for(demo, ethnicity_code="08")
    assert mong and all(demo.get("members", demo.get("households", i)["head_member_id"])["ethnicity_code"] == "08"
                        for i in mong)
    both = ids_for(demo, village_id=village_id, year=2025, classification="poor", text="a")
    assert set(both) <= set(in_village) & set(poor)


def test_deleted_households_only_in_the_trash(store, saved):
    household_id, _d, _a = saved
    hh.delete(store, household_id, "Nhập trùng")
    assert ids_for(store, text="thuong") == []
    assert ids_for(store, text="thuong", deleted=True) == [household_id]
    row = search.fetch_rows(store.conn, [household_id], 2025)[0]
    assert row.deleted and row.deleted_reason == "Nhập trùng"
    hh.restore(store, household_id)
    assert ids_for(store, text="thuong") == [household_id]


def test_fetch_rows_keeps_the_order_and_skips_unknown_ids(store, saved):
    household_id, _d, _a = saved
    other = hh.save(store, HouseholdDraft(village_id=store.get("households", household_id)["village_id"],
                                          code="QN-09002", members=[member("Cà Văn A", relationship="head")]))
    rows = search.fetch_rows(store.conn, [other, 999_999, household_id], 2025)
    assert [r.id for r in rows] == [other, household_id]
    first = rows[1]
    assert (first.code, first.head_name, first.village_name, first.member_count) == (
        "QN-09001", "Lò Văn Thượng", "Bản Co Muông", 5)
    assert first.classification == "poor" and first.registered_escape is False
    assert rows[0].classification is None and rows[0].registered_escape is None


# The index kept by triggers ---------------------------------------------------------------------

def test_index_follows_edits_moves_and_deletions(store, saved):
    household_id, draft, _a = saved
    wife = draft.members[1].id
    store.update("members", wife, {"full_name": "Quàng Thị Ến"})
    assert store.get("members", wife)["name_fold"] == "quang thi en"  # derived columns follow the name
    assert ids_for(store, text="quang thi en") == [household_id]
    assert ids_for(store, text="quang thi anh") == []
    store.delete("members", draft.members[4].id, "Nhập nhầm")
    assert ids_for(store, text="lo van binh") == []
    assert store.get("households", household_id)["member_count"] == 4
    store.update("households", household_id, {"code": "QN-77777"})
    assert ids_for(store, text="77777") == [household_id]
    assert ids_for(store, text="09001") == []


def test_head_summary_follows_the_head(store, saved):
    """Summaries are rebuilt in one pass for what changed: after a save, a merge, before a search."""
    household_id, draft, _a = saved
    row = store.get("households", household_id)
    assert row["head_member_id"] == draft.members[0].id and row["head_ethnicity"] == "03"
    assert row["head_sort"] == name_sort_string("Lò Văn Thượng")
    store.update("members", draft.members[0].id, {"status": "deceased"})
    assert search.refresh_search(store.conn) == 1
    row = store.get("households", household_id)
    assert row["head_member_id"] is None and row["head_sort"] == "\ue000" and row["member_count"] == 4
    store.update("members", draft.members[1].id, {"relationship": "head"})
    assert search.refresh_search(store.conn) == 1 and search.refresh_search(store.conn) == 0
    assert store.get("households", household_id)["head_member_id"] == draft.members[1].id


def test_a_plain_sqlite3_connection_can_still_write(store, saved, commune_db):
    """The triggers use no function of this app: another SQLite program can write to the file."""
    household_id, _d, _a = saved
    conn = sqlite3.connect(commune_db.path)
    conn.execute(
        "INSERT INTO members (uuid, commune_code, device_id, updated_at, household_id, full_name, name_fold, sex, "
        "birth_year, ethnicity_code) VALUES ('u-1', '03274', 'd', 't', ?, 'Tòng Thị Pọm', 'tong thi pom', 'F', 1990, '03')",
        (household_id,))
    conn.commit()
    conn.close()
    assert ids_for(store, text="tong thi pom") == [household_id]


def test_upgrade_from_version_2_builds_the_index(tmp_path, monkeypatch):
    """A database made before migration 0003 gets sort keys, summaries and search documents."""
    from desktop.core.db import create_database

    steps = schema.migrations._migrations
    monkeypatch.setattr(schema.migrations, "_migrations", steps[:2])
    path = tmp_path / "old.db"
    db = create_database(path, "commune", "03274")
    conn = db.conn
    conn.execute("INSERT INTO villages (uuid, commune_code, device_id, updated_at, name, name_fold) "
                 "VALUES ('v', '03274', 'd', 't', 'Bản Đông', 'ban dong')")
    conn.execute("INSERT INTO households (uuid, commune_code, device_id, updated_at, village_id, code) "
                 "VALUES ('h', '03274', 'd', 't', 1, 'QN-1')")
    conn.execute("INSERT INTO members (uuid, commune_code, device_id, updated_at, household_id, full_name, name_fold, "
                 "sex, birth_year, ethnicity_code, relationship, citizen_id) VALUES ('m', '03274', 'd', 't', 1, "
                 "'Đinh Văn Ân', 'dinh van an', 'M', 1970, '03', 'head', '011070001111')")
    db.close()
    monkeypatch.setattr(schema.migrations, "_migrations", steps)
    db = open_database(path)
    try:
        store = Store(db, actor="t")
        assert store.get("members", 1)["name_sort"] == name_sort_string("Đinh Văn Ân")
        assert store.get("villages", 1)["name_sort"]
        assert store.get("households", 1)["head_member_id"] == 1
        assert ids_for(store, text="dinh van an") == [1] and ids_for(store, text="070001") == [1]
    finally:
        db.close()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầộờừữfjwz ÁĐƯ-'", min_size=1, max_size=18),
                min_size=2, max_size=6))
def test_sort_strings_order_as_the_vietnamese_name_key(names):
    by_key = sorted(names, key=name_sort_key)
    by_string = sorted(names, key=name_sort_string)
    assert [name_sort_key(n) for n in by_key] == [name_sort_key(n) for n in by_string]


# Drafts, validation, save ----------------------------------------------------------------------

def test_new_draft_suggests_the_next_code_and_the_only_village(store, village):
    draft = hh.new_draft(store)
    assert draft.code == "QN-00001" and draft.village_id == village
    hh.save(store, HouseholdDraft(village_id=village, code="QN-00041", members=[member("Lò Văn A", relationship="head")]))
    assert hh.new_draft(store).code == "QN-00042"


def test_save_and_load_a_whole_household(store, saved):
    household_id, draft, assessment = saved
    assert all(m.id for m in draft.members) and assessment.id
    loaded = hh.load(store, household_id)
    assert [m.full_name for m in loaded.members] == [m.full_name for m in draft.members]
    assert loaded.members[0].birth == "12/03/1980" and loaded.members[1].birth == "1982"
    assert [m.relationship for m in loaded.members][:2] == ["head", "spouse"]
    again = assessments.load(store, household_id, 2025)
    assert again.income_per_person == 1_200_000 and again.causes == ["thieu_von"]
    assert sorted(again.deprivations) == ["employment", "health_insurance", "latrine"]
    assert assessments.year_results(store, household_id)[0].classification == "poor"
    # The audit names who did it, one entry per record.
    entries = store.conn.execute("SELECT table_name, actor FROM audit_log").fetchall()
    assert sorted(t for t, _a in entries) == ["assessments", "households", *["members"] * 5, "villages"]


def test_reorder_change_head_and_remove_a_member(store, saved):
    household_id, _draft, _a = saved
    loaded = hh.load(store, household_id)
    loaded.members[0].relationship = "spouse"
    loaded.members[1].relationship = "head"
    loaded.members.insert(0, loaded.members.pop(1))
    removed = loaded.members.pop()
    hh.save(store, loaded)
    again = hh.load(store, household_id)
    assert [m.full_name for m in again.members] == ["Quàng Thị Ánh", "Lò Văn Thượng", "Lò Văn Đức", "Lò Thị Hoa"]
    assert [m.relationship for m in again.members][:2] == ["head", "spouse"]
    gone = store.get("members", removed.id)
    assert gone["deleted"] == 1 and gone["deleted_reason"]


@pytest.mark.parametrize(("index", "changes", "key", "needle"), [
    (2, {"citizen_id": "01120600077"}, "members[2].citizen_id", "12 chữ số"),
    (2, {"birth": lambda today: f"01/01/{today.year + 1}"}, "members[2].birth", "tương lai"),
    (3, {"birth": "31/02/2010"}, "members[3].birth", "không đúng dạng"),
    (1, {"full_name": ""}, "members[1].full_name", "không được để trống"),
    (1, {"sex": ""}, "members[1].sex", "Nam hoặc Nữ"),
    (2, {"relationship": ""}, "members[2].relationship", "quan hệ"),
    (2, {"relationship": "head"}, "members[0].relationship", "2 chủ hộ"),
    (1, {"citizen_id": "011080001234"}, "members[1].citizen_id", "giới tính"),
])
def test_refused_members_name_the_cell_and_nothing_is_written(store, village, index, changes, key, needle, today):
    changes = dated(changes, today)
    draft = family(village)
    for name, value in changes.items():
        setattr(draft.members[index], name, value)
    checked = hh.check_save(store, draft)
    assert key in checked.errors and needle in checked.errors[key], checked.errors
    with refused(store, exception=ValidationFailed) as info:
        hh.save(store, draft)
    assert key in info.value.errors
    assert draft.id is None and all(m.id is None for m in draft.members)


def test_same_citizen_id_twice_in_one_household_is_an_error(store, village):
    draft = family(village)
    draft.members[3].citizen_id = draft.members[2].citizen_id
    draft.members[3].sex, draft.members[3].birth = "M", "2006"
    assert "members[3].citizen_id" in hh.check_save(store, draft).errors


def test_warnings_do_not_block(store, saved, village, today):
    _id, first, _a = saved
    draft = HouseholdDraft(village_id=village, code="QN-09002", members=[
        member("Cà Văn Một", relationship="child", cid=first.members[0].citizen_id, birth="1980"),
        member("Cà Văn Hai", relationship="child", birth=str(today.year - 110)),
    ])
    checked = hh.check_save(store, draft)
    assert not checked.errors, checked.errors
    assert "Lò Văn Thượng" in checked.warnings["members[0].citizen_id"]
    assert "tuổi" in checked.warnings["members[1].birth"]
    assert "chủ hộ" in checked.warnings["members"]
    assert hh.save(store, draft)


def test_household_fields_are_checked(store, saved, village):
    draft = HouseholdDraft(village_id=None, code="QN-09001", phone="12345",
                           members=[member("Lò Văn A", relationship="head")])
    errors = hh.check_save(store, draft).errors
    assert set(errors) >= {"village_id", "code", "phone"}
    assert "QN-09001" in errors["code"]


def test_assessment_refusals(store, saved):
    household_id, _draft, _a = saved
    loaded = hh.load(store, household_id)
    cases = [
        (AssessmentDraft(year=2025, income_per_person=900_000, override_class="near_poor"), "override_reason"),
        (AssessmentDraft(year=2024, causes=["thieu_von"]), "income_per_person"),
        (AssessmentDraft(year=2019, income_per_person=900_000), "year"),
        (AssessmentDraft(year=2025, income_per_person=1_000_000, id=None), "year"),  # 2025 already exists
        (AssessmentDraft(year=2024, income_per_person=1_000_000, deprivations=["digital_services"]), "deprivations"),
    ]
    for assessment, key in cases:
        errors = hh.check_save(store, loaded, assessment).errors
        assert f"assessment.{key}" in errors, (assessment, errors)
        with refused(store, exception=ValidationFailed) as info:
            hh.save(store, loaded, assessment)
        assert f"assessment.{key}" in info.value.errors, (assessment, info.value.errors)
    assert "2016–2020" in assessments.check_draft(store, AssessmentDraft(year=2019, income_per_person=1), None, "rural").errors["year"]
    assert store.conn.execute("SELECT COUNT(*) FROM assessments").fetchone()[0] == 1


def test_live_classification_follows_the_rules_of_the_year(store):
    draft = AssessmentDraft(year=2025, income_per_person=1_400_000,
                            deprivations=["employment", "latrine", "water_source"])
    result = assessments.evaluate(store, draft, "rural")
    assert result.classification == "poor" and result.b2_score == 30
    draft.deprivations = ["employment"]
    assert assessments.evaluate(store, draft, "rural").classification == "near_poor"
    assert assessments.evaluate(store, AssessmentDraft(year=2025, b1_score=150), "rural").classification == "other"
    assert assessments.evaluate(store, AssessmentDraft(year=2025), "rural") is None
    assert assessments.standard_for(store, 2027).code != assessments.standard_for(store, 2025).code
    assert "digital_services" in assessments.standard_for(store, 2027).indicator_codes


def test_override_with_reason_is_saved(store, saved):
    household_id, _draft, _a = saved
    loaded = hh.load(store, household_id)
    assessment = assessments.load(store, household_id, 2025)
    assessment.override_class, assessment.override_reason = "near_poor", "Hội nghị thôn thống nhất"
    hh.save(store, loaded, assessment)
    row = store.conn.execute("SELECT computed_class, classification FROM assessments").fetchone()
    assert tuple(row) == ("poor", "near_poor")


def test_blank_assessment_is_not_saved(store, village):
    household_id = hh.save(store, family(village), AssessmentDraft(year=2025))
    assert assessments.load(store, household_id, 2025).id is None


def test_restore_refused_when_the_code_was_reused(store, saved, village):
    household_id, _d, _a = saved
    hh.delete(store, household_id, "Nhập trùng")
    hh.save(store, HouseholdDraft(village_id=village, code="QN-09001", members=[member("Cà Văn A", relationship="head")]))
    with refused(store, exception=ValidationFailed) as info:
        hh.restore(store, household_id)
    assert "QN-09001" in info.value.errors["code"]


def test_deleting_needs_a_reason(store, saved):
    household_id, _d, _a = saved
    with refused(store, exception=ValidationFailed) as info:
        hh.delete(store, household_id, "  ")
    assert "lý do" in info.value.errors["reason"]


def test_editing_a_deleted_household_is_refused(store, saved):
    household_id, _d, _a = saved
    draft = hh.load(store, household_id)
    hh.delete(store, household_id, "Nhập trùng")
    draft.address = "Bản Phiêng Pi"
    draft.members[0].full_name = "Lò Văn Thương"
    with refused(store, match="đã bị xóa"):
        hh.save(store, draft)
    assert draft.id == household_id


def test_a_member_refused_after_the_household_row_is_written_leaves_nothing(store, village, monkeypatch):
    # The draft's own check passes (as if it had missed the member's error), so save gets as far as
    # writing the household row before the store refuses the member: the whole transaction must go.
    monkeypatch.setattr(hh, "check_save", lambda *_args, **_kwargs: Checked())
    draft = family(village)
    draft.members[3].full_name = ""
    with refused(store, exception=ValidationFailed) as info:
        hh.save(store, draft)
    assert "members[3].full_name" in info.value.errors, info.value.errors
    assert draft.id is None and all(m.id is None for m in draft.members)
    draft.members[3].full_name = "Lò Thị Hoa"  # the same draft saves once corrected
    assert hh.save(store, draft) == draft.id


def test_history_lists_changes_of_the_household_its_members_and_assessments(store, saved):
    household_id, _draft, _a = saved
    loaded = hh.load(store, household_id)
    loaded.members[2].full_name = "Lò Văn Đực"
    loaded.address = "Bản Co Muông, xã Quài Nưa"
    assessment = assessments.load(store, household_id, 2025)
    assessment.income_per_person = 1_600_000
    hh.save(store, loaded, assessment)
    hh.delete(store, household_id, "Thử xóa")
    hh.restore(store, household_id, "Xóa nhầm")
    entries = history_core.history(store, household_id)
    actions = [(e.action, e.subject, e.field, e.old, e.new) for e in entries]
    assert ("update", "Nhân khẩu Lò Văn Đực", "Họ và tên", "Lò Văn Đức", "Lò Văn Đực") in actions
    assert ("update", "Hộ QN-09001", "Địa chỉ", "—", "Bản Co Muông, xã Quài Nưa") in actions
    assert ("update", "Rà soát năm 2025", "Thu nhập bình quân", "1.200.000", "1.600.000") in actions
    assert ("update", "Rà soát năm 2025", "Phân loại", "Hộ nghèo", "Hộ có mức sống trung bình") in actions
    assert not any(e.field == "Chỉ số thiếu hụt" for e in entries)  # unchanged, so not listed
    assert [e.reason for e in entries if e.action in ("delete", "restore")] == ["Thử xóa", "Xóa nhầm"]
    assert entries[0].action == "insert" and entries[0].subject == "Hộ QN-09001"
    assert all(e.actor == "tester" for e in entries)
    assert len(entries[0].when) == 16


def test_office_lists_but_does_not_edit(tmp_path, capsys):
    from tests.sync.conftest import District

    district = District(tmp_path)
    commune = district.commune("03274", 6, 1)
    assert district.export(commune, capsys)
    from desktop.cli import main

    files = list((tmp_path / "outbox-03274").glob("*.gnsync"))
    assert main(["--db", str(district.office), "merge", *map(str, files)]) == 0
    db = open_database(district.office)
    try:
        store = Store(db, actor="văn phòng")
        ids = ids_for(store)
        assert len(ids) == 6
        names = heads(store, ids)
        assert names == sorted(names, key=name_sort_key) and all(names)
        first = store.get("members", store.get("households", ids[0])["head_member_id"])
        assert first["name_sort"] == name_sort_string(first["full_name"])
        assert ids_for(store, text=fold(names[0])) and ids_for(store, commune_code="03274") == ids
        draft = hh.load(store, ids[0])
        assert "văn phòng tổng hợp" in hh.check_save(store, draft).errors["household"]
        with refused(store, match="văn phòng tổng hợp"):
            hh.save(store, draft)
        with refused(store, match="văn phòng tổng hợp"):
            hh.delete(store, ids[0], "x")
    finally:
        db.close()
