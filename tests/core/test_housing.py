"""Housing support (Project 5): every rule of a support, its payments and supports received before.

Each refusal names what is wrong (the message, or its key part, beside its field) and writes
nothing; eligibility is judged as of the registration date; the workflow runs from registration to
the last payment; the queries add up what was written.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from desktop.cli import main
from desktop.core import assessments, check, housing, life_events, plan
from desktop.core import households as hh
from desktop.core.assessments import AssessmentDraft
from desktop.core.errors import ValidationFailed
from desktop.core.households import HouseholdDraft
from desktop.core.housing import Acceptance, Approval, Payment, PriorSupport, Registration, queries
from desktop.core.store import Store
from tests.core.households_data import member
from tests.helpers import refuse_call

# Reviews (Decree 07/2021, rural: line 1 500 000 a month, poor from 3 deprivations).
POOR = {"income_per_person": 1_200_000, "deprivations": ["employment", "health_insurance", "latrine"]}
NEAR_POOR = {"income_per_person": 1_200_000, "deprivations": ["employment"]}
MIDDLE = {"income_per_person": 2_000_000}

REGISTERED, APPROVED, STARTED, STAGE, ACCEPTED = "2024-03-01", "2024-04-01", "2024-05-02", "2024-06-03", "2024-09-02"
FIRST_PAID, SECOND_PAID = "2024-06-10", "2024-09-16"


def new_household(store: Store, village: int, code: str, reviews: dict[int, dict] | None = None,
                  citizen_id: str = "") -> int:
    """A household of two saved through the draft, with its reviews {year: figures}."""
    draft = HouseholdDraft(village_id=village, code=code, members=[
        member("Lò Văn Thượng", birth="1980", relationship="head", cid=citizen_id),
        member("Quàng Thị Ánh", sex="F", birth="1982", relationship="spouse"),
    ])
    household_id = hh.save(store, draft)
    for year, figures in (reviews or {}).items():
        assessments.save(store, household_id, AssessmentDraft(year=year, **figures))
    return household_id


@pytest.fixture
def poor(store, village) -> int:
    """A household poor in the 2023 review."""
    return new_household(store, village, "QN-05001", {2023: POOR})


def registration(household_id: int | None, /, **over) -> Registration:
    return Registration(**{"household_id": household_id, "registered_on": REGISTERED, "condition": "no_house",
                           "registered_by": "Lò Văn Pản"} | over)


def approval(kind: str = "new", **over) -> Approval:
    amounts = {"amount_central": 40_000_000, "amount_local": 10_000_000} if kind == "new" else {
        "amount_central": 20_000_000, "amount_local": 0}
    return Approval(**{"approved_on": APPROVED, "decision_no": "125/QĐ-UBND", "approved_by": "UBND huyện"}
                    | amounts | over)


def acceptance(**over) -> Acceptance:
    return Acceptance(**{"completed_on": ACCEPTED, "floor_area_m2": 36.5, "hard_floor": True, "hard_walls": True,
                         "hard_roof": True, "life_years": 25, "accepted_by": "Tổ nghiệm thu"} | over)


STEPS = ("registered", "approved", "under_construction", "stage", "first_paid", "completed", "paid")


def support_at(store: Store, household_id: int, step: str, kind: str = "new") -> int:
    """A support taken through the workflow up to `step` (a status, or the stage reached, or the
    first tranche paid); new build: 40 M central + 10 M local, repair: 20 M central."""
    support_id = housing.register(store, registration(household_id, kind=kind))
    todo = STEPS[1:STEPS.index(step) + 1]
    if "approved" in todo:
        housing.approve(store, support_id, approval(kind))
    if "under_construction" in todo:
        housing.start(store, support_id, STARTED, "Tổ thi công")
    if "stage" in todo:
        housing.reach_stage(store, support_id, STAGE, "Tổ giám sát")
    if "first_paid" in todo:
        first = store.get("housing_supports", support_id)["first_tranche"]
        housing.pay(store, support_id, Payment(tranche=1, paid_on=FIRST_PAID, amount=first, voucher_no="PC-01"))
    if "completed" in todo:
        housing.accept(store, support_id, acceptance())
    if "paid" in todo:
        row = store.get("housing_supports", support_id)
        left_central = row["amount_central"] - row["first_tranche"]
        housing.pay(store, support_id, Payment(tranche=2, paid_on=SECOND_PAID, amount=left_central))
        if row["amount_local"]:
            housing.pay(store, support_id, Payment(tranche=2, paid_on=SECOND_PAID, amount=row["amount_local"],
                                                   source="local"))
    return support_id


def status(store: Store, support_id: int) -> str:
    return store.get("housing_supports", support_id)["status"]


def refused_with(store: Store, call, *args, key: str, message: str, **kwargs) -> ValidationFailed:
    """`call` is refused (ValidationFailed, never a database error) with `message` (or a key part
    of it) beside `key`, and nothing is written."""
    error = refuse_call(store, ValidationFailed, call, *args, **kwargs)
    assert key in error.errors, error.errors
    assert message in error.errors[key], error.errors
    return error


# Eligibility at registration -------------------------------------------------------------------

@pytest.mark.parametrize(("reviews", "message"), [
    ({2023: MIDDLE}, "Theo kết quả rà soát gần nhất (năm 2023) hộ là \u201cHộ có mức sống trung bình\u201d: "
                     "chỉ hộ nghèo, hộ cận nghèo được hỗ trợ nhà ở."),
    # the latest review up to the registration counts, not an earlier one
    ({2022: POOR, 2023: MIDDLE}, "(năm 2023) hộ là \u201cHộ có mức sống trung bình\u201d"),
    ({}, "Hộ chưa có kết quả rà soát nào đến năm đăng ký"),
    # a review of a later year is not known at the registration
    ({2025: POOR}, "Hộ chưa có kết quả rà soát nào đến năm đăng ký"),
])
def test_a_household_not_poor_or_near_poor_at_registration_is_refused(store, village, reviews, message):
    household_id = new_household(store, village, "QN-05002", reviews)
    assert message in housing.check_register(store, registration(household_id)).errors["household_id"]
    refused_with(store, housing.register, store, registration(household_id), key="household_id", message=message)


@pytest.mark.parametrize("reviews", [{2023: POOR}, {2023: NEAR_POOR}, {2022: MIDDLE, 2023: NEAR_POOR},
                                     {2023: POOR, 2025: MIDDLE}])
def test_a_poor_or_near_poor_household_is_registered(store, village, reviews):
    household_id = new_household(store, village, "QN-05003", reviews)
    assert housing.check_register(store, registration(household_id)).errors == {}
    support_id = housing.register(store, registration(household_id))
    row = store.get("housing_supports", support_id)
    assert (row["status"], row["registered_on"], row["condition"], row["registered_by"]) == (
        "registered", REGISTERED, "no_house", "Lò Văn Pản")
    assert store.history(row["uuid"])[-1]["reason"] == "Đăng ký hỗ trợ nhà ở"


@pytest.mark.parametrize(("over", "key", "message"), [
    ({"condition": ""}, "condition", "Cần chọn tình trạng nhà ở hiện tại của hộ"),
    ({"condition": "non_durable", "weak_structures": 1}, "weak_structures",
     "Nhà chỉ có 1 kết cấu chính không bền chắc: cần ít nhất 2 trong 3"),
    ({"condition": "non_durable", "weak_structures": 0}, "weak_structures", "Nhà chỉ có 0 kết cấu chính"),
    ({"condition": "non_durable", "weak_structures": 4}, "weak_structures",
     "Số kết cấu chính không bền chắc phải từ 0 đến 3."),
    ({"condition": "cramped", "current_area_m2": 40, "persons": 5}, "current_area_m2",
     "Nhà 40 m² cho 5 người là 8 m²/người, không dưới 8 m²/người"),
    ({"condition": "cramped", "current_area_m2": 50.5, "persons": 4}, "current_area_m2",
     "Nhà 50,5 m² cho 4 người là 12,6 m²/người"),
    ({"condition": "cramped", "current_area_m2": None, "persons": 5}, "current_area_m2",
     "Cần ghi diện tích nhà hiện tại và số người trong hộ."),
    ({"condition": "cramped", "current_area_m2": -12.0, "persons": 5}, "current_area_m2",
     "Diện tích nhà hiện tại không được âm."),
    ({"condition": "cramped", "current_area_m2": 20.0, "persons": 0}, "persons", "Số người trong hộ phải từ 1 trở lên."),
    ({"condition": "flooded"}, "condition", "Cần chọn tình trạng nhà ở hiện tại của hộ"),
    ({"kind": "rebuild"}, "kind", "Loại hỗ trợ phải là xây mới hoặc sửa chữa."),
    ({"program": "P9"}, "program", "Không có định mức hỗ trợ nhà ở của chương trình P9 cho năm này."),
    ({"registered_on": "2019-06-01"}, "program", "Không có định mức hỗ trợ nhà ở của chương trình P5 cho năm này."),
    ({"program": "XNT2025"}, "program", "Không có định mức hỗ trợ nhà ở của chương trình XNT2025 cho năm này."),
    ({"registered_on": None}, "registered_on", "Cần ghi ngày đăng ký."),
    ({"registered_on": "31/02/2024"}, "registered_on", "không đúng dạng ngày/tháng/năm"),
    ({"registered_on": "2099-01-05"}, "registered_on", "Ngày đăng ký 05/01/2099 ở tương lai."),
    ({"amount_household": -5}, "amount_household", "Hộ tự góp không được âm."),
    ({"household_id": None}, "household_id", "Hãy chọn hộ được hỗ trợ."),
    ({"household_id": 999}, "household_id", "Hãy chọn hộ được hỗ trợ."),
])
def test_registration_refused_when_the_house_or_the_form_is_not_eligible(store, poor, over, key, message):
    assert message in housing.check_register(store, registration(poor, **over)).errors.get(key, "")
    refused_with(store, housing.register, store, registration(poor, **over), key=key, message=message)


@pytest.mark.parametrize("over", [
    {"condition": "no_house"},
    {"condition": "non_durable", "weak_structures": 2},
    {"condition": "non_durable", "weak_structures": 3},
    {"condition": "cramped", "current_area_m2": 39.5, "persons": 5},
    {"kind": "repair", "condition": "non_durable", "weak_structures": 2},
    {"program": "XNT2025", "registered_on": "2025-03-01"},
])
def test_each_condition_of_the_house_is_eligible(store, poor, over):
    assert housing.check_register(store, registration(poor, **over)).errors == {}
    row = store.get("housing_supports", housing.register(store, registration(poor, **over)))
    assert row["condition"] == over.get("condition", "no_house")


def test_a_household_that_left_the_commune_is_not_registered(store, poor):
    store.update("households", poor, {"status": "moved_away", "status_date": "2023-12-01"})
    refused_with(store, housing.register, store, registration(poor), key="household_id",
                 message="không còn ở địa phương: không đăng ký hỗ trợ được")


# Supported once ---------------------------------------------------------------------------------

@pytest.mark.parametrize("earlier", ["registered", "approved", "under_construction", "completed", "paid"])
def test_a_second_support_is_refused_naming_the_earlier_one(store, poor, earlier):
    support_at(store, poor, earlier)
    step = housing.status_label(earlier)
    message = (f"Hộ đã có hỗ trợ nhà ở Dự án 5 — hỗ trợ nhà ở hộ nghèo, cận nghèo đăng ký ngày 01/03/2024 "
               f"(\u201c{step}\u201d): mỗi hộ chỉ được hỗ trợ nhà ở một lần.")
    for kind in ("new", "repair"):
        refused_with(store, housing.register, store, registration(poor, kind=kind, registered_on="2024-07-01"),
                     key="household_id", message=message)


@pytest.mark.parametrize(("program", "name"), [
    ("QD33", "Hỗ trợ nhà ở hộ nghèo theo QĐ 33/2015/QĐ-TTg"),
    ("CT1719", "Chương trình MTQG phát triển KT-XH vùng đồng bào DTTS và miền núi (QĐ 1719)"),
    ("XHH", "Quỹ Vì người nghèo, nguồn xã hội hóa"),
])
def test_a_prior_support_from_another_program_refuses_the_registration(store, poor, program, name):
    housing.record_prior(store, PriorSupport(household_id=poor, program=program, year=2017, notes="sổ cũ"))
    refused_with(store, housing.register, store, registration(poor), key="household_id",
                 message=f"Hộ đã được hỗ trợ nhà ở từ {name} năm 2017: mỗi hộ chỉ được hỗ trợ nhà ở một lần.")


def test_a_prior_training_support_does_not_count_and_a_prior_housing_one_removed_no_longer_does(store, poor):
    head = store.conn.execute("SELECT id FROM members WHERE household_id = ? ORDER BY position", (poor,)).fetchone()[0]
    store.insert("prior_supports", {"household_id": poor, "member_id": head, "kind": "training", "program": "OTHER",
                                    "year": 2020})
    prior = housing.record_prior(store, PriorSupport(household_id=poor, program="QD33", year=2016))
    assert "household_id" in housing.check_register(store, registration(poor)).errors
    refused_with(store, housing.remove_prior, store, prior, " ", key="reason", message="Cần ghi lý do xóa.")
    housing.remove_prior(store, prior, "Ghi nhầm hộ")
    assert housing.check_register(store, registration(poor)).errors == {}
    assert [p["program"] for p in queries.prior_of_household(store.conn, poor, "training")] == ["OTHER"]


def test_a_prior_housing_support_is_refused_while_the_household_has_a_support(store, poor):
    support_at(store, poor, "approved")
    refused_with(store, housing.record_prior, store, PriorSupport(household_id=poor, program="QD33", year=2016),
                 key="program", message="Hộ đang có hỗ trợ nhà ở Dự án 5 — hỗ trợ nhà ở hộ nghèo, cận nghèo đăng ký "
                                        "ngày 01/03/2024. Nếu hộ đã được hỗ trợ từ chương trình khác")


@pytest.mark.parametrize(("over", "key", "message"), [
    ({"program": " "}, "program", "Cần ghi chương trình đã hỗ trợ."),
    ({"year": 1989}, "year", "Năm nhận hỗ trợ phải từ 1990 đến năm nay."),
    ({"year": 2999}, "year", "Năm nhận hỗ trợ phải từ 1990 đến năm nay."),
    ({"kind": "land"}, "kind", "Loại hỗ trợ đã nhận phải là nhà ở hoặc đào tạo nghề."),
    ({"household_id": None}, "household_id", "Hãy chọn hộ."),
])
def test_a_prior_support_refused(store, poor, over, key, message):
    prior = PriorSupport(**{"household_id": poor, "program": "QD33", "year": 2016} | over)
    refused_with(store, housing.record_prior, store, prior, key=key, message=message)


def test_a_rejected_or_cancelled_support_does_not_count_and_a_new_one_may_follow(store, poor):
    first = support_at(store, poor, "registered")
    housing.end(store, first, "rejected", "2024-03-20", "Hộ đã có nhà do con cái xây")
    second = housing.register(store, registration(poor, registered_on="2024-04-05"))
    housing.approve(store, second, approval(approved_on="2024-05-01"))
    housing.end(store, second, "cancelled", "2024-05-20", "Hộ không có đất ở ổn định")
    third = housing.register(store, registration(poor, registered_on="2024-06-01"))
    assert [status(store, s) for s in (first, second, third)] == ["rejected", "cancelled", "registered"]
    # the ended ones cannot come back while another support is live: restoring one is judged again
    store.delete("housing_supports", third, "Nhập nhầm")
    store.restore("housing_supports", third, "Khôi phục")
    refused_with(store, housing.register, store, registration(poor, registered_on="2024-07-01"), key="household_id",
                 message="Hộ đã có hỗ trợ nhà ở Dự án 5 — hỗ trợ nhà ở hộ nghèo, cận nghèo đăng ký ngày 01/06/2024")
    assert check.run(store.db).ok


def test_restoring_a_support_once_another_is_live_is_refused(store, poor):
    first = support_at(store, poor, "registered")
    store.delete("housing_supports", first, "Nhập trùng")
    support_at(store, poor, "approved")
    refuse_call(store, ValidationFailed, store.restore, "housing_supports", first, "Khôi phục",
                match="mỗi hộ chỉ được hỗ trợ nhà ở một lần")


# Split households ---------------------------------------------------------------------------------

@pytest.fixture
def split_off(store, village, poor) -> int:
    """A household split off the poor one on 01/02/2022, itself poor in the 2023 review."""
    spouse = store.conn.execute("SELECT id FROM members WHERE household_id = ? AND relationship = 'spouse'",
                                (poor,)).fetchone()[0]
    new = life_events.split(store, poor, [spouse], code="QN-05100", village_id=village, head_id=spouse,
                            date="01/02/2022")
    assessments.save(store, new, AssessmentDraft(year=2023, **POOR))
    return new


@pytest.mark.parametrize("registered_on", ["2022-02-01", "2023-06-15", "2025-01-31"])
def test_a_household_split_off_in_the_last_three_years_is_refused(store, split_off, registered_on):
    assessments.save(store, split_off, AssessmentDraft(year=2022, **POOR))
    assert store.get("households", split_off)["split_on"] == "2022-02-01"
    refused_with(store, housing.register, store, registration(split_off, registered_on=registered_on),
                 key="household_id", message="Hộ mới tách hộ ngày 01/02/2022, chưa đủ 3 năm đến ngày đăng ký")


def test_three_years_after_the_split_the_household_is_eligible_and_the_one_it_left_always(store, poor, split_off):
    assert housing.check_register(store, registration(poor)).errors == {}
    assert status(store, housing.register(store, registration(split_off, registered_on="2025-02-01"))) == "registered"


# Approval: the norms --------------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "over", "key", "message"), [
    ("new", {"amount_central": 40_000_001}, "amount_central",
     "Vốn trung ương 40.000.001 đồng vượt định mức 40.000.000 đồng."),
    ("new", {"amount_local": 10_000_001}, "amount_local", "Vốn địa phương 10.000.001 đồng vượt định mức 10.000.000 đồng."),
    ("new", {"amount_central": 45_000_000, "amount_local": 9_000_000}, "amount_central",
     "Vốn trung ương 45.000.000 đồng vượt định mức 40.000.000 đồng."),
    ("repair", {"amount_central": 20_000_001}, "amount_central",
     "Vốn trung ương 20.000.001 đồng vượt định mức 20.000.000 đồng."),
    ("new", {"amount_central": 0, "amount_local": 0}, "amount_central", "Cần ghi số tiền được phê duyệt."),
    ("new", {"amount_central": -1}, "amount_central", "Vốn trung ương không được âm."),
    ("new", {"decision_no": "  "}, "decision_no", "Cần ghi số quyết định phê duyệt."),
    ("new", {"approved_on": None}, "approved_on", "Cần ghi ngày phê duyệt."),
    ("new", {"approved_on": "2024-02-28"}, "approved_on",
     "Ngày phê duyệt (28/02/2024) phải từ ngày đăng ký (01/03/2024) trở đi."),
    ("new", {"approved_on": "2099-04-01"}, "approved_on", "Ngày phê duyệt 01/04/2099 ở tương lai."),
])
def test_approval_above_the_norm_or_incomplete_is_refused(store, poor, kind, over, key, message):
    support_id = support_at(store, poor, "registered", kind)
    assert message in housing.check_approve(store, support_id, approval(kind, **over)).errors.get(key, "")
    refused_with(store, housing.approve, store, support_id, approval(kind, **over), key=key, message=message)
    assert status(store, support_id) == "registered"


@pytest.mark.parametrize(("over", "errors"), [
    ({"amount_local": -1}, {"amount_local": "Vốn địa phương không được âm."}),
    ({"amount_central": -1, "amount_local": 0}, {"amount_central": "Vốn trung ương không được âm."}),
])
def test_a_negative_amount_is_named_once_beside_its_field(store, poor, over, errors):
    support_id = support_at(store, poor, "registered")
    assert housing.check_approve(store, support_id, approval(**over)).errors == errors
    assert refuse_call(store, ValidationFailed, housing.approve, store, support_id, approval(**over)).errors == errors


def test_the_2025_campaign_caps_the_total(store, poor):
    support_id = housing.register(store, registration(poor, program="XNT2025", registered_on="2025-02-10"))
    refused_with(store, housing.approve, store, support_id,
                 approval(approved_on="2025-03-01", amount_central=50_000_000, amount_local=10_000_001),
                 key="amount_central", message="Tổng hỗ trợ 60.000.001 đồng vượt định mức 60.000.000 đồng.")
    housing.approve(store, support_id, approval(approved_on="2025-03-01", amount_central=50_000_000,
                                                amount_local=10_000_000))
    assert store.get("housing_supports", support_id)["first_tranche"] == 42_000_000


@pytest.mark.parametrize(("kind", "central", "local", "first"), [
    ("new", 40_000_000, 10_000_000, 35_000_000),  # at the norm: 50 M in all
    ("new", 30_000_000, 5_000_000, 24_500_000),
    ("new", 33_333_333, 0, 23_333_333),  # 70 % in whole đồng, rounded down
    ("repair", 20_000_000, 0, 14_000_000),
    ("repair", 20_000_000, 7_000_000, 18_900_000),  # no cap on the local share of a repair
])
def test_approval_within_the_norm_fixes_the_first_tranche_at_70_percent(store, poor, kind, central, local, first):
    support_id = support_at(store, poor, "registered", kind)
    housing.approve(store, support_id, approval(kind, amount_central=central, amount_local=local))
    row = store.get("housing_supports", support_id)
    assert (row["status"], row["approved_on"], row["decision_no"], row["amount_central"], row["amount_local"],
            row["first_tranche"]) == ("approved", APPROVED, "125/QĐ-UBND", central, local, first)
    assert store.history(row["uuid"])[-1]["reason"] == "Phê duyệt hỗ trợ nhà ở, quyết định 125/QĐ-UBND"


# Acceptance: the standards ------------------------------------------------------------------

@pytest.mark.parametrize(("over", "key", "message"), [
    ({"floor_area_m2": 29.5}, "floor_area_m2", "Diện tích sàn 29,5 m² dưới mức tối thiểu 30 m²: chưa nghiệm thu được."),
    ({"floor_area_m2": None}, "floor_area_m2", "Cần ghi diện tích sàn khi nghiệm thu."),
    ({"floor_area_m2": 0}, "floor_area_m2", "Diện tích sàn phải lớn hơn 0."),
    ({"floor_area_m2": -36.0}, "floor_area_m2", "Diện tích sàn phải lớn hơn 0."),
    ({"hard_roof": False}, "hard_roof", "Nhà chưa đạt \u201c3 cứng\u201d, còn thiếu: mái cứng. Chưa nghiệm thu được."),
    ({"hard_walls": False}, "hard_floor", "còn thiếu: khung-tường cứng."),
    ({"hard_floor": False, "hard_walls": False, "hard_roof": False}, "hard_floor",
     "còn thiếu: nền cứng, khung-tường cứng, mái cứng."),
    ({"life_years": 19}, "life_years", "Tuổi thọ nhà phải từ 20 năm trở lên."),
    ({"life_years": None}, "life_years", "Tuổi thọ nhà phải từ 20 năm trở lên."),
    ({"completed_on": "2024-06-01"}, "completed_on",
     "Ngày nghiệm thu (01/06/2024) phải từ ngày đạt giai đoạn (03/06/2024) trở đi."),
    ({"completed_on": None}, "completed_on", "Cần ghi ngày nghiệm thu."),
])
def test_acceptance_below_the_standard_is_refused(store, poor, over, key, message):
    support_id = support_at(store, poor, "first_paid")
    assert message in housing.check_accept(store, support_id, acceptance(**over)).errors.get(key, "")
    refused_with(store, housing.accept, store, support_id, acceptance(**over), key=key, message=message)
    assert status(store, support_id) == "under_construction"


def test_acceptance_at_the_standard_and_without_a_stage_recorded(store, poor):
    support_id = support_at(store, poor, "under_construction", "repair")
    assert housing.next_steps(store.get("housing_supports", support_id)) == ["stage", "accept", "cancel"]
    housing.accept(store, support_id, acceptance(floor_area_m2=30, life_years=20))
    row = store.get("housing_supports", support_id)
    assert (row["status"], row["floor_area_m2"], row["life_years"], row["hard_floor"], row["hard_walls"],
            row["hard_roof"]) == ("completed", 30, 20, 1, 1, 1)
    assert row["stage_on"] == row["completed_on"] == ACCEPTED  # a finished house has passed the stage


@pytest.mark.parametrize("call", [
    lambda store, sid: housing.correct(store, sid, {"floor_area_m2": -1.0}, "sửa"),
    lambda store, sid: store.update("housing_supports", sid, {"floor_area_m2": -1.0}),
    lambda store, sid: store.insert("housing_supports", registration(1).values() | {"floor_area_m2": -1.0}),
])
def test_a_negative_floor_area_gives_a_message_not_a_database_error(store, poor, call):
    support_id = support_at(store, poor, "completed")
    try:
        error = refuse_call(store, ValidationFailed, call, store, support_id)
    except sqlite3.IntegrityError as raw:
        pytest.fail(f"raw database error: {raw}")
    assert error.errors["floor_area_m2"] == "Diện tích sàn phải lớn hơn 0."


# Payments ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("step", "payments", "refused", "key", "message"), [
    # the first tranche: 70 % of 50 M
    ("stage", [], Payment(1, FIRST_PAID, 35_000_001), "amount",
     "Đợt 1 tối đa 35.000.000 đồng; với khoản này đợt 1 sẽ là 35.000.001 đồng."),
    ("stage", [Payment(1, FIRST_PAID, 10_000_000, source="local"), Payment(1, FIRST_PAID, 10_000_000)],
     Payment(1, "2024-06-20", 15_000_001),
     "amount", "Đợt 1 tối đa 35.000.000 đồng; với khoản này đợt 1 sẽ là 35.000.001 đồng."),
    # by source, over both tranches
    ("completed", [], Payment(2, SECOND_PAID, 5_000_001), "amount",
     "Số tiền chi vượt số được duyệt từ ngân sách trung ương: được duyệt 40.000.000 đồng, với khoản này đã chi "
     "40.000.001 đồng."),
    ("completed", [Payment(2, SECOND_PAID, 5_000_000)], Payment(2, SECOND_PAID, 10_000_001, source="local"), "amount",
     "Số tiền chi vượt số được duyệt từ ngân sách địa phương, xã hội hóa: được duyệt 10.000.000 đồng"),
    ("stage", [], Payment(1, FIRST_PAID, 10_000_001, source="local"), "amount",
     "được duyệt 10.000.000 đồng, với khoản này đã chi 10.000.001 đồng."),
    # the payment itself
    ("stage", [], Payment(1, FIRST_PAID, 0), "amount", "Số tiền chi phải lớn hơn 0."),
    ("stage", [], Payment(1, FIRST_PAID, -5), "amount", "Số tiền chi không được âm."),
    ("stage", [], Payment(1, None, 1_000_000), "paid_on", "Cần ghi ngày chi."),
    ("stage", [], Payment(1, "2099-06-10", 1_000_000), "paid_on", "Ngày chi 10/06/2099 ở tương lai."),
    ("stage", [], Payment(3, FIRST_PAID, 1_000_000), "tranche", "Đợt chi phải là đợt 1 hoặc đợt 2."),
    ("stage", [], Payment(1, FIRST_PAID, 1_000_000, source="bank"), "source",
     "Nguồn vốn phải là ngân sách trung ương hoặc địa phương."),
])
def test_payments_above_what_was_approved_are_refused(store, poor, step, payments, refused, key, message):
    support_id = support_at(store, poor, step)
    for payment in payments:
        housing.pay(store, support_id, payment)
    assert message in housing.check_pay(store, support_id, refused).errors.get(key, "")
    refused_with(store, housing.pay, store, support_id, refused, key=key, message=message)


def test_a_repair_with_no_local_money_takes_no_local_payment(store, poor):
    support_id = support_at(store, poor, "stage", "repair")
    refused_with(store, housing.pay, store, support_id, Payment(1, FIRST_PAID, 1, source="local"), key="amount",
                 message="Số tiền chi vượt số được duyệt từ ngân sách địa phương, xã hội hóa: được duyệt 0 đồng")
    refused_with(store, housing.pay, store, support_id, Payment(1, FIRST_PAID, 14_000_001), key="amount",
                 message="Đợt 1 tối đa 14.000.000 đồng")


# Steps out of order ----------------------------------------------------------------------------

AT_STEP = "bước này chưa làm được hoặc đã làm rồi."


@pytest.mark.parametrize(("step", "call", "key", "message"), [
    ("approved", lambda s, i: housing.approve(s, i, approval()), "status",
     "Hỗ trợ đang ở bước \u201cĐã phê duyệt\u201d: " + AT_STEP),
    ("registered", lambda s, i: housing.start(s, i, STARTED), "status", "\u201cĐã đăng ký\u201d: " + AT_STEP),
    ("registered", lambda s, i: housing.accept(s, i, acceptance()), "status", AT_STEP),
    ("approved", lambda s, i: housing.accept(s, i, acceptance()), "status", "\u201cĐã phê duyệt\u201d: " + AT_STEP),
    ("approved", lambda s, i: housing.reach_stage(s, i, STAGE), "status", AT_STEP),
    ("stage", lambda s, i: housing.reach_stage(s, i, STAGE), "status", "\u201cĐang thi công\u201d: " + AT_STEP),
    ("under_construction", lambda s, i: housing.start(s, i, STARTED), "status", AT_STEP),
    ("completed", lambda s, i: housing.accept(s, i, acceptance()), "status", "\u201cĐã nghiệm thu\u201d: " + AT_STEP),
    # dates before the step before
    ("approved", lambda s, i: housing.start(s, i, "2024-03-31"), "started_on",
     "Ngày khởi công (31/03/2024) phải từ ngày phê duyệt (01/04/2024) trở đi."),
    ("under_construction", lambda s, i: housing.reach_stage(s, i, "2024-05-01"), "stage_on",
     "Ngày đạt giai đoạn (01/05/2024) phải từ ngày khởi công (02/05/2024) trở đi."),
    ("approved", lambda s, i: housing.start(s, i, " "), "started_on", "Cần ghi ngày."),
    # payments: a tranche only once it is open, never dated before its step
    ("registered", lambda s, i: housing.pay(s, i, Payment(1, FIRST_PAID, 1_000_000)), "status",
     "Hỗ trợ chưa được phê duyệt: chưa chi được."),
    ("approved", lambda s, i: housing.pay(s, i, Payment(1, FIRST_PAID, 1_000_000)), "status",
     "Nhà chưa khởi công: đợt 1 chỉ chi được khi đã đạt giai đoạn tạm ứng."),
    ("under_construction", lambda s, i: housing.pay(s, i, Payment(1, FIRST_PAID, 1_000_000)), "paid_on",
     "Đợt 1 chỉ chi được khi đã đạt giai đoạn \u201cXong phần móng\u201d."),
    ("stage", lambda s, i: housing.pay(s, i, Payment(2, FIRST_PAID, 1_000_000)), "tranche",
     "Đợt 2 chỉ chi được sau khi nhà đã nghiệm thu."),
    ("stage", lambda s, i: housing.pay(s, i, Payment(1, "2024-03-15", 1_000_000)), "paid_on",
     "Ngày chi phải từ ngày phê duyệt (01/04/2024) trở đi."),
    ("stage", lambda s, i: housing.pay(s, i, Payment(1, "2024-06-02", 1_000_000)), "paid_on",
     "Ngày chi đợt 1 phải từ ngày đạt giai đoạn \u201cXong phần móng\u201d (03/06/2024) trở đi."),
    ("completed", lambda s, i: housing.pay(s, i, Payment(2, "2024-09-01", 1_000_000)), "paid_on",
     "Ngày chi đợt 2 phải từ ngày nghiệm thu (02/09/2024) trở đi."),
    ("paid", lambda s, i: housing.pay(s, i, Payment(2, SECOND_PAID, 1)), "status", "Hỗ trợ này đã chi đủ."),
    # ending: rejection only before approval, nothing once accepted
    ("approved", lambda s, i: housing.end(s, i, "rejected", "2024-04-10", "Không đủ điều kiện"), "status",
     "Hỗ trợ đã được phê duyệt: chỉ có thể hủy, không còn là không được duyệt."),
    ("stage", lambda s, i: housing.end(s, i, "rejected", "2024-07-10", "Không đủ điều kiện"), "status",
     "chỉ có thể hủy"),
    ("completed", lambda s, i: housing.end(s, i, "cancelled", "2024-09-10", "Hộ chuyển đi"), "status",
     "Hỗ trợ đang ở bước \u201cĐã nghiệm thu\u201d: không thể dừng nữa."),
    ("paid", lambda s, i: housing.end(s, i, "cancelled", "2024-09-20", "Hộ chuyển đi"), "status",
     "không thể dừng nữa"),
    ("registered", lambda s, i: housing.end(s, i, "paid", "2024-03-10", "x"), "status",
     "Chỉ có thể ghi không được duyệt hoặc hủy."),
    ("approved", lambda s, i: housing.end(s, i, "cancelled", "2024-03-20", "Hộ chuyển đi"), "ended_on",
     "Ngày dừng phải từ ngày của bước trước (01/04/2024) trở đi."),
])
def test_steps_out_of_order_are_refused(store, poor, step, call, key, message):
    support_id = support_at(store, poor, step)
    refused_with(store, call, store, support_id, key=key, message=message)


def test_a_repair_opens_its_first_tranche_at_30_percent_of_the_work(store, poor):
    support_id = support_at(store, poor, "under_construction", "repair")
    refused_with(store, housing.pay, store, support_id, Payment(1, FIRST_PAID, 1_000_000), key="paid_on",
                 message="Đợt 1 chỉ chi được khi đã đạt giai đoạn \u201cXong 30% khối lượng sửa chữa\u201d.")


@pytest.mark.parametrize("step", ["registered", "approved", "stage"])
@pytest.mark.parametrize("reason", ["", "   "])
def test_rejection_or_cancellation_needs_a_reason(store, poor, step, reason):
    support_id = support_at(store, poor, step)
    ending = "rejected" if step == "registered" else "cancelled"
    assert housing.check_end(store, support_id, ending, "2024-07-01", reason).errors == {
        "status_reason": "Cần ghi lý do từ chối hoặc hủy."}
    refused_with(store, housing.end, store, support_id, ending, "2024-07-01", reason, key="status_reason",
                 message="Cần ghi lý do từ chối hoặc hủy.")
    refused_with(store, housing.end, store, support_id, ending, None, "Hộ chuyển đi", key="ended_on",
                 message="Cần ghi ngày.")


@pytest.mark.parametrize(("step", "ending"), [("registered", "rejected"), ("registered", "cancelled"),
                                              ("approved", "cancelled"), ("first_paid", "cancelled")])
def test_a_support_ended_with_its_reason_takes_no_further_step(store, poor, step, ending):
    support_id = support_at(store, poor, step)
    housing.end(store, support_id, ending, "2024-07-01", "Hộ chuyển đi nơi khác", "Cán bộ xã")
    row = store.get("housing_supports", support_id)
    assert (row["status"], row["ended_on"], row["status_reason"], row["ended_by"]) == (
        ending, "2024-07-01", "Hộ chuyển đi nơi khác", "Cán bộ xã")
    assert housing.next_steps(row) == []
    refused_with(store, housing.pay, store, support_id, Payment(1, "2024-07-02", 1), key="status",
                 message="không chi thêm được")
    refused_with(store, housing.end, store, support_id, "cancelled", "2024-07-02", "lần nữa", key="status",
                 message="không thể dừng nữa")
    assert check.run(store.db).ok


def test_a_missing_or_deleted_support_is_refused_by_every_step(store, poor):
    support_id = support_at(store, poor, "approved")
    store.delete("housing_supports", support_id, "Nhập nhầm")
    message = "Không tìm thấy hỗ trợ nhà ở này (có thể đã bị xóa)."
    for call in (lambda: housing.approve(store, 999, approval()), lambda: housing.start(store, support_id, STARTED),
                 lambda: housing.pay(store, support_id, Payment(1, FIRST_PAID, 1)),
                 lambda: housing.end(store, support_id, "cancelled", "2024-07-01", "x"),
                 lambda: housing.correct(store, support_id, {"notes": "x"}, "sửa")):
        assert refuse_call(store, ValidationFailed, call).errors == {"support": message}


# Eligibility as of the registration date --------------------------------------------------------

@pytest.mark.parametrize("later", [
    {2025: None},  # a later year's review
    {2024: "2024-10-15"},  # the same year's review, held after the registration
    {2024: "2024-10-15", 2025: "2025-10-01"},
])
def test_a_household_that_later_escapes_poverty_keeps_its_support_to_the_last_payment(store, poor, later):
    support_id = support_at(store, poor, "registered")
    for year, day in later.items():
        assessments.save(store, poor, AssessmentDraft(year=year, assessed_on=day, **MIDDLE))
    last = max(later)
    # registered now, the household would be refused: its latest review is middle income
    assert f"(năm {last}) hộ là" in housing.check_register(
        store, registration(poor, registered_on=f"{last}-12-01")).errors["household_id"]
    housing.approve(store, support_id, approval(approved_on="2024-12-01"))
    housing.start(store, support_id, "2024-12-05")
    housing.reach_stage(store, support_id, "2025-01-10")
    housing.pay(store, support_id, Payment(1, "2025-01-15", 35_000_000))
    housing.accept(store, support_id, acceptance(completed_on="2025-04-01"))
    housing.pay(store, support_id, Payment(2, "2025-04-10", 5_000_000))
    housing.correct(store, support_id, {"notes": "Hộ đã thoát nghèo"}, "ghi chú")
    housing.pay(store, support_id, Payment(2, "2025-04-10", 10_000_000, source="local"))
    assert status(store, support_id) == "paid"
    assert check.run(store.db).ok


def test_a_review_of_the_registration_year_held_before_it_counts(store, poor):
    assessments.save(store, poor, AssessmentDraft(year=2024, assessed_on="2024-02-20", **MIDDLE))
    refused_with(store, housing.register, store, registration(poor), key="household_id",
                 message="(năm 2024) hộ là \u201cHộ có mức sống trung bình\u201d")


# The whole workflow -------------------------------------------------------------------------

def test_registration_to_the_last_payment(store, poor):
    support_id = housing.register(store, registration(poor))
    seen = [(status(store, support_id), housing.next_steps(store.get("housing_supports", support_id)))]
    housing.approve(store, support_id, approval())
    seen.append((status(store, support_id), housing.next_steps(store.get("housing_supports", support_id))))
    housing.start(store, support_id, STARTED, "Tổ thi công")
    seen.append((status(store, support_id), housing.next_steps(store.get("housing_supports", support_id))))
    housing.reach_stage(store, support_id, "03/06/2024", "Tổ giám sát")
    seen.append((status(store, support_id), housing.next_steps(store.get("housing_supports", support_id))))
    suggested = housing.workflow.suggested_payment(store, store.get("housing_supports", support_id))
    assert (suggested.tranche, suggested.amount, suggested.source) == (1, 35_000_000, "central")
    first = housing.pay(store, support_id, Payment(1, FIRST_PAID, 35_000_000, voucher_no="PC-01", paid_by="Kế toán"))
    seen.append((status(store, support_id), housing.next_steps(store.get("housing_supports", support_id))))
    housing.accept(store, support_id, acceptance())
    seen.append((status(store, support_id), housing.next_steps(store.get("housing_supports", support_id))))
    suggested = housing.workflow.suggested_payment(store, store.get("housing_supports", support_id))
    assert (suggested.tranche, suggested.amount, suggested.source) == (2, 5_000_000, "central")
    housing.pay(store, support_id, Payment(2, SECOND_PAID, 5_000_000))
    assert status(store, support_id) == "completed"  # the local money is still to pay
    housing.pay(store, support_id, Payment(2, SECOND_PAID, 10_000_000, source="local"))
    seen.append((status(store, support_id), housing.next_steps(store.get("housing_supports", support_id))))
    assert seen == [
        ("registered", ["approve", "reject", "cancel"]),
        ("approved", ["start", "cancel"]),
        ("under_construction", ["stage", "accept", "cancel"]),
        ("under_construction", ["pay", "accept", "cancel"]),
        ("under_construction", ["pay", "accept", "cancel"]),
        ("completed", ["pay"]),
        ("paid", []),
    ]
    row = store.get("housing_supports", support_id)
    assert (row["stage_on"], row["stage_by"], row["started_by"], row["accepted_by"]) == (
        STAGE, "Tổ giám sát", "Tổ thi công", "Tổ nghiệm thu")
    assert store.get("housing_payments", first)["paid_by"] == "Kế toán"
    reasons = [e["reason"] for e in store.history(row["uuid"])]
    assert reasons == ["Đăng ký hỗ trợ nhà ở", "Phê duyệt hỗ trợ nhà ở, quyết định 125/QĐ-UBND",
                       "Khởi công ngày 02/05/2024", "Đạt giai đoạn tạm ứng đợt 1 ngày 03/06/2024",
                       "Nghiệm thu nhà ngày 02/09/2024", "Đã chi đủ hỗ trợ nhà ở"]
    assert [(p["tranche"], p["amount"], p["source"]) for p in queries.payments(store.conn, support_id)] == [
        (1, 35_000_000, "central"), (2, 5_000_000, "central"), (2, 10_000_000, "local")]
    assert check.run(store.db).ok


def test_deleting_a_payment_of_a_paid_support_makes_it_accepted_again(store, poor):
    support_id = support_at(store, poor, "paid")
    local = next(p["id"] for p in queries.payments(store.conn, support_id) if p["source"] == "local")
    refused_with(store, housing.delete_payment, store, local, " ", key="reason", message="Cần ghi lý do xóa khoản chi.")
    refused_with(store, housing.delete_payment, store, 999, "Nhập nhầm", key="payment",
                 message="Không tìm thấy khoản chi này")
    housing.delete_payment(store, local, "Chi nhầm nguồn")
    assert status(store, support_id) == "completed"
    assert store.get("housing_payments", local)["deleted_reason"] == "Chi nhầm nguồn"
    assert housing.next_steps(store.get("housing_supports", support_id)) == ["pay"]
    refused_with(store, housing.delete_payment, store, local, "lần nữa", key="payment",
                 message="Không tìm thấy khoản chi này (có thể đã bị xóa).")
    housing.pay(store, support_id, Payment(2, "2024-09-20", 10_000_000, source="local"))
    assert status(store, support_id) == "paid"
    first = next(p["id"] for p in queries.payments(store.conn, support_id) if p["tranche"] == 1)
    housing.delete_payment(store, first, "Chứng từ ghi sai")  # a support not fully paid stays accepted
    assert status(store, support_id) == "completed"
    assert check.run(store.db).ok


# Corrections ---------------------------------------------------------------------------------

def test_a_correction_keeps_the_step_and_recomputes_the_first_tranche(store, poor):
    support_id = support_at(store, poor, "approved")
    housing.correct(store, support_id, {"decision_no": "126/QĐ-UBND", "amount_central": 30_000_000,
                                        "approved_on": "02/04/2024"}, "Sửa theo quyết định")
    row = store.get("housing_supports", support_id)
    assert (row["status"], row["decision_no"], row["approved_on"], row["first_tranche"]) == (
        "approved", "126/QĐ-UBND", "2024-04-02", 28_000_000)


def test_a_correction_of_an_accepted_support_settles_whether_it_is_fully_paid(store, poor):
    support_id = support_at(store, poor, "approved")
    housing.start(store, support_id, STARTED)
    housing.reach_stage(store, support_id, STAGE)
    housing.pay(store, support_id, Payment(tranche=1, paid_on=FIRST_PAID, amount=30_000_000, source="central"))
    housing.accept(store, support_id, acceptance())
    housing.pay(store, support_id, Payment(tranche=2, paid_on=SECOND_PAID, amount=10_000_000, source="local"))
    housing.pay(store, support_id, Payment(tranche=2, paid_on=SECOND_PAID, amount=5_000_000, source="central"))
    assert status(store, support_id) == "completed"  # 45 of 50 million paid
    housing.correct(store, support_id, {"amount_central": 35_000_000}, "Quyết định điều chỉnh còn 45 triệu")
    assert status(store, support_id) == "paid"
    housing.correct(store, support_id, {"amount_central": 40_000_000}, "Nhập lại theo quyết định gốc")
    assert status(store, support_id) == "completed"


@pytest.mark.parametrize(("step", "changes", "key", "message"), [
    ("approved", {"status": "paid"}, "status", "Trường này không sửa trực tiếp được."),
    ("approved", {"first_tranche": 1}, "first_tranche", "Trường này không sửa trực tiếp được."),
    ("approved", {"amount_central": 40_000_001}, "amount_central", "vượt định mức 40.000.000 đồng"),
    ("approved", {"completed_on": "2024-09-01"}, "completed_on",
     "Hỗ trợ đang ở bước \u201cĐã phê duyệt\u201d: chưa thể có ngày nghiệm thu."),
    ("approved", {"registered_on": "2024-05-01"}, "approved_on", "phải từ ngày đăng ký (01/05/2024) trở đi"),
    ("registered", {"condition": "non_durable", "weak_structures": 1}, "weak_structures", "Nhà chỉ có 1 kết cấu"),
    ("completed", {"life_years": 15}, "life_years", "Tuổi thọ nhà phải từ 20 năm trở lên."),
    # below what was paid already
    ("first_paid", {"amount_central": 20_000_000}, "amount_central",
     "Đã chi 35.000.000 đồng vốn trung ương, nhiều hơn số được duyệt (20.000.000 đồng)."),
    ("first_paid", {"amount_local": 0}, "amount_central",
     "Đợt 1 đã chi 35.000.000 đồng, nhiều hơn mức đợt 1 (28.000.000 đồng)."),
    ("paid", {"amount_central": 39_000_000}, "amount_central", "Đã chi 40.000.000 đồng vốn trung ương"),
    ("paid", {"amount_local": 0}, "amount_central", "Đã chi 10.000.000 đồng vốn địa phương"),
    # a step's date moved after a payment it must come before
    ("first_paid", {"stage_on": "2024-06-20"}, "stage_on",
     "Đã có khoản chi đợt 1 ngày 10/06/2024: ngày đạt giai đoạn tạm ứng đợt 1 (20/06/2024) không thể sau ngày chi."),
    ("first_paid", {"approved_on": "2024-06-15", "registered_on": "2024-03-01", "started_on": "2024-06-16",
                    "stage_on": "2024-06-17"}, "approved_on",
     "Đã có khoản chi đợt 1 ngày 10/06/2024: ngày phê duyệt (15/06/2024) không thể sau ngày chi."),
    ("paid", {"completed_on": "2024-09-20"}, "completed_on",
     "Đã có khoản chi đợt 2 ngày 16/09/2024: ngày nghiệm thu (20/09/2024) không thể sau ngày chi."),
])
def test_a_correction_that_breaks_a_rule_is_refused(store, poor, step, changes, key, message):
    support_id = support_at(store, poor, step)
    assert message in housing.check_correct(store, support_id, changes).errors.get(key, ""), \
        housing.check_correct(store, support_id, changes).errors
    refused_with(store, housing.correct, store, support_id, changes, "Sửa", key=key, message=message)


# At the office ---------------------------------------------------------------------------------

def test_the_office_writes_no_support(office_db):
    store = Store(office_db, actor="tester")
    village = store.insert("villages", {"name": "Bản Co Muông", "commune_code": "03274"})
    household = store.insert("households", {"village_id": village, "code": "QN-1", "commune_code": "03274"})
    message = "Hỗ trợ nhà ở thuộc dữ liệu của xã và được gửi lên bằng tệp đồng bộ"
    for call in (lambda: housing.register(store, registration(household)),
                 lambda: housing.approve(store, 1, approval()),
                 lambda: housing.pay(store, 1, Payment(1, FIRST_PAID, 1)),
                 lambda: housing.end(store, 1, "cancelled", "2024-07-01", "x"),
                 lambda: housing.delete_payment(store, 1, "x"),
                 lambda: housing.record_prior(store, PriorSupport(household_id=household, program="QD33", year=2016)),
                 lambda: housing.remove_prior(store, 1, "x")):
        error = refuse_call(store, ValidationFailed, call)
        assert message in error.errors["support"], error.errors


# What `check` finds ---------------------------------------------------------------------------

@pytest.mark.parametrize(("sql", "message"), [
    ("UPDATE housing_supports SET amount_central = 45000000", "Vốn trung ương 45.000.000 đồng vượt định mức"),
    ("UPDATE housing_supports SET floor_area_m2 = 25", "Diện tích sàn 25 m² dưới mức tối thiểu 30 m²"),
    ("UPDATE housing_payments SET amount = amount + 1 WHERE tranche = 1; "
     "UPDATE housing_payments SET amount = amount - 1 WHERE tranche = 2 AND source = 'central'",
     "Đợt 1 đã chi 35.000.001 đồng, nhiều hơn mức đợt 1 (35.000.000 đồng)."),
    ("UPDATE housing_payments SET paid_on = '2024-08-01' WHERE tranche = 2",
     "Ngày chi đợt 2 phải từ ngày nghiệm thu (02/09/2024) trở đi."),
    ("UPDATE housing_supports SET registered_on = '2022-03-01'", "Hộ chưa có kết quả rà soát nào đến năm đăng ký"),
])
def test_check_lists_a_support_broken_behind_the_write_path(store, poor, sql, message):
    support_at(store, poor, "paid")
    assert check.run(store.db).ok
    store.conn.executescript(sql)
    report = check.run(store.db)
    assert not report.ok and any(message in p for p in report.problems), report.problems


# Queries -------------------------------------------------------------------------------------

@pytest.fixture
def supports(store, village):
    """Four supports in two villages: paid (2023), under construction (repair, 2024), rejected, registered."""
    other = store.insert("villages", {"name": "Bản Hua Sát"})
    a = new_household(store, village, "QN-06001", {2022: POOR})
    b = new_household(store, other, "QN-06002", {2023: NEAR_POOR})
    c = new_household(store, village, "QN-06003", {2023: POOR})
    d = new_household(store, other, "QN-06004", {2023: POOR})
    paid = housing.register(store, registration(a, registered_on="2023-02-01"))
    housing.approve(store, paid, approval(approved_on="2023-03-01"))
    housing.start(store, paid, "2023-03-10")
    housing.reach_stage(store, paid, "2023-04-10")
    housing.pay(store, paid, Payment(1, "2023-04-15", 35_000_000))
    housing.accept(store, paid, acceptance(completed_on="2023-08-01"))
    housing.pay(store, paid, Payment(2, "2023-08-10", 5_000_000))
    housing.pay(store, paid, Payment(2, "2024-01-10", 10_000_000, source="local"))
    repair = support_at(store, b, "first_paid", "repair")
    rejected = housing.register(store, registration(c, registered_on="2024-05-01"))
    housing.end(store, rejected, "rejected", "2024-05-10", "Nhà còn tốt")
    registered = housing.register(store, registration(d, registered_on="2024-06-01", amount_household=5_000_000))
    return {"village": village, "other": other, "paid": paid, "repair": repair, "rejected": rejected,
            "registered": registered, "households": (a, b, c, d)}


def test_summary_counts_and_sums(store, supports):
    found = queries.summary(store.conn)
    assert {k: n for k, n in found.counts.items() if n} == {"paid": 1, "under_construction": 1, "rejected": 1,
                                                            "registered": 1}
    assert (found.total, found.live) == (4, 3)
    assert found.approved == {"central": 60_000_000, "local": 10_000_000}
    assert found.paid == {"central": 54_000_000, "local": 10_000_000}
    assert found.household_share == 5_000_000
    assert queries.summary(store.conn, queries.SupportFilter(status="open")).total == 2
    assert queries.summary(store.conn, queries.SupportFilter(village_id=supports["other"])).paid == {
        "central": 14_000_000, "local": 0}
    assert queries.summary(store.conn, queries.SupportFilter(year=2023)).counts["paid"] == 1


def test_breakdown_by_status_source_village_and_year(store, supports):
    def rows(by):
        return [(r["key"], r["supports"], r["completed"], r["approved"], r["paid"])
                for r in queries.breakdown(store.conn, by)]

    assert rows("status") == [("paid", 1, 1, 50_000_000, 50_000_000), ("registered", 1, 0, 0, 0),
                              ("rejected", 1, 0, 0, 0), ("under_construction", 1, 0, 20_000_000, 14_000_000)]
    assert rows("source") == [("central", 2, None, 60_000_000, 54_000_000), ("local", 1, None, 10_000_000, 10_000_000)]
    by_village = {r["label"]: (r["supports"], r["completed"], r["approved"], r["paid"])
                  for r in queries.breakdown(store.conn, "village")}
    assert by_village == {"Bản Co Muông": (2, 1, 50_000_000, 50_000_000), "Bản Hua Sát": (2, 0, 20_000_000, 14_000_000)}
    assert rows("year") == [("2023", 1, 1, 50_000_000, 50_000_000), ("2024", 3, 0, 20_000_000, 14_000_000)]
    assert [r["key"] for r in queries.breakdown(store.conn, "kind")] == ["new", "repair"]
    with pytest.raises(ValueError):
        queries.breakdown(store.conn, "colour")


def test_the_list_and_a_households_supports(store, supports):
    listed = queries.list_supports(store.conn)
    assert [r["household_code"] for r in listed] == ["QN-06004", "QN-06003", "QN-06002", "QN-06001"]
    first = listed[-1]
    assert (first["village_name"], first["head_name"], first["approved"], first["paid"]) == (
        "Bản Co Muông", "Lò Văn Thượng", 50_000_000, 50_000_000)
    assert len(queries.list_supports(store.conn, limit=2)) == 2
    a = supports["households"][0]
    assert [s["id"] for s in queries.of_household(store.conn, a)] == [supports["paid"]]
    assert queries.years(store.conn) == [2024, 2023] and queries.programs(store.conn) == ["P5"]
    facts = queries.household_facts(store.conn, a, 2023)
    assert (facts.code, facts.persons, facts.latest_year, facts.latest_class) == ("QN-06001", 2, 2022, "poor")


def test_progress_against_the_plan(store, supports):
    assert plan.load_example_plans(store) > 0
    scope = store.db.identity.parent_code
    assert scope == "099"
    in_2023 = queries.progress(store.conn, 2023, scope)
    assert (in_2023.target_houses, in_2023.completed_houses) == (266, 1)
    assert in_2023.budget == {"central": 10_660_000_000, "local": 2_660_000_000}
    assert in_2023.approved == {"central": 40_000_000, "local": 10_000_000}
    assert in_2023.paid == {"central": 40_000_000, "local": 0}  # the local share was paid in January 2024
    in_2024 = queries.progress(store.conn, 2024, scope)
    assert (in_2024.target_houses, in_2024.completed_houses, in_2024.budget) == (None, 0, {"central": 0, "local": 0})
    assert in_2024.approved == {"central": 20_000_000, "local": 0}
    assert in_2024.paid == {"central": 14_000_000, "local": 10_000_000}
    assert queries.progress(store.conn, 2023, scope, commune_code="03271").completed_houses == 0
    assert queries.plan_years(store.conn, scope) == [2023]


def _office_household(store: Store, commune: str, code: str, citizen_id: str) -> int:
    village = store.conn.execute("SELECT id FROM villages WHERE commune_code = ?", (commune,)).fetchone()
    village = village[0] if village else store.insert("villages", {"name": "Bản Co Muông", "commune_code": commune})
    household = store.insert("households", {"village_id": village, "code": code, "commune_code": commune})
    store.insert("members", {"household_id": household, "full_name": "Lò Văn Thượng", "sex": "M", "birth_year": 1980,
                             "ethnicity_code": "03", "citizen_id": citizen_id, "relationship": "head",
                             "commune_code": commune})
    review = assessments.record(store, AssessmentDraft(year=2023, **POOR), household, "rural")
    review.pop("deprivations")
    store.insert("assessments", review | {"commune_code": commune})
    return household


def _office_support(store: Store, household: int, commune: str, status: str = "registered") -> int:
    values = {"household_id": household, "program": "P5", "kind": "new", "registered_on": REGISTERED,
              "condition": "no_house", "commune_code": commune}
    if status == "rejected":
        values |= {"status": "rejected", "ended_on": "2024-03-10", "status_reason": "Nhà còn tốt"}
    return store.insert("housing_supports", values)


def test_supported_twice_across_communes(office_db):
    """At the office: the same citizen ID supported in two communes (a support or a prior one)."""
    store = Store(office_db, actor="tester")
    twice = _office_household(store, "03274", "QN-1", "011080001234")
    _office_support(store, twice, "03274")
    elsewhere = _office_household(store, "03271", "TG-1", "011080001234")
    _office_support(store, elsewhere, "03271")
    prior = _office_household(store, "03274", "QN-2", "011080005678")
    store.insert("prior_supports", {"household_id": prior, "kind": "housing", "program": "QD33", "year": 2016,
                                    "commune_code": "03274"})
    other = _office_household(store, "03289", "TB-1", "011080005678")
    _office_support(store, other, "03289")
    rejected = _office_household(store, "03271", "TG-2", "011080009999")  # rejected: not supported
    _office_support(store, rejected, "03271", "rejected")
    once = _office_household(store, "03274", "QN-3", "011080009999")
    _office_support(store, once, "03274")
    alone = _office_household(store, "03289", "TB-2", "011080004444")  # one commune only
    _office_support(store, alone, "03289")

    found = queries.supported_twice(store.conn)
    assert [(e["citizen_id"], [(p["commune_code"], p["household_code"], p["status"]) for p in e["places"]])
            for e in found] == [
        ("011080001234", [("03271", "TG-1", "registered"), ("03274", "QN-1", "registered")]),
        ("011080005678", [("03274", "QN-2", "prior"), ("03289", "TB-1", "registered")]),
    ]
    assert found[0]["name"] == "Lò Văn Thượng"
    assert [e["citizen_id"] for e in queries.supported_twice(store.conn, ["03274", "03289"])] == ["011080005678"]
    assert queries.supported_twice(store.conn, ["03274"]) == []


def test_stats_counts_housing_supports(store, poor, village, capsys):
    support_at(store, poor, "first_paid")
    other = new_household(store, village, "QN-05009", {2023: POOR})
    gone = support_at(store, other, "registered")
    store.delete("housing_supports", gone, "Nhập trùng")
    capsys.readouterr()
    assert main(["--db", str(store.db.path), "stats", "--json"]) == 0
    counts = json.loads(capsys.readouterr().out)
    assert counts["housing_supports"] == 1 and counts["deleted"]["housing_supports"] == 1


def test_no_payment_is_offered_while_the_open_tranche_is_paid_in_full(store, poor):
    support_id = support_at(store, poor, "first_paid")
    support = store.get("housing_supports", support_id)
    assert "pay" in housing.next_steps(support)
    assert housing.workflow.available_steps(store, support) == ["accept", "cancel"]
    housing.accept(store, support_id, acceptance())
    assert housing.workflow.available_steps(store, store.get("housing_supports", support_id)) == ["pay"]
