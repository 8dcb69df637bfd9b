"""The codes the registry stores and the labels people read for them, in the interface language.

Codes (`"head"`, `"farming"`, `"thieu_von"`) are what records hold and sync files carry; labels
are looked up when shown (`label`), so a change of language needs no change of data. The rules
that accept or refuse a code use the same tuples (`RELATIONSHIPS` …).
"""

from __future__ import annotations

from collections.abc import Iterable

from desktop.core.i18n import tr, tr_noop
from desktop.core.reference import ethnic_groups

RELATIONSHIPS = ("head", "spouse", "child", "parent", "parent_in_law", "child_in_law", "grandchild",
                 "grandparent", "sibling", "other")
SCHOOLING = ("", "none", "preschool", "primary", "lower_secondary", "upper_secondary", "vocational",
             "college", "university", "studying")
WORK_STATUS = ("", "farming", "employed", "self_employed", "unemployed", "student", "retired",
               "unable", "child", "abroad")
MEMBER_STATUS = ("present", "deceased", "moved_out", "married_out")
HOUSEHOLD_STATUS = ("active", "moved_away", "dissolved")

RELATIONSHIP_LABELS: dict[str, str] = {
    "head": tr_noop("Chủ hộ"), "spouse": tr_noop("Vợ/chồng"), "child": tr_noop("Con"), "parent": tr_noop("Bố/mẹ"),
    "parent_in_law": tr_noop("Bố/mẹ vợ/chồng"), "child_in_law": tr_noop("Con dâu/rể"),
    "grandchild": tr_noop("Cháu"), "grandparent": tr_noop("Ông/bà"), "sibling": tr_noop("Anh/chị/em"),
    "other": tr_noop("Khác"),
}
# Causes of poverty (codes stored in assessments.causes, as the demo data use them).
CAUSES: tuple[tuple[str, str], ...] = (
    ("thieu_von", tr_noop("Thiếu vốn sản xuất, kinh doanh")),
    ("thieu_dat", tr_noop("Thiếu đất sản xuất")),
    ("thieu_lao_dong", tr_noop("Thiếu lao động")),
    ("om_dau", tr_noop("Có người ốm đau, bệnh nặng")),
    ("thieu_ky_nang", tr_noop("Thiếu kỹ năng lao động, sản xuất")),
    ("khong_biet_cach_lam_an", tr_noop("Không biết cách làm ăn")),
    ("thieu_phuong_tien", tr_noop("Thiếu phương tiện sản xuất, kinh doanh")),
    ("dong_nguoi_an_theo", tr_noop("Đông người ăn theo")),
)
SCHOOLING_LABELS: dict[str, str] = {
    "": tr_noop("(chưa ghi)"), "none": tr_noop("Không đi học"), "preschool": tr_noop("Mầm non"),
    "primary": tr_noop("Tiểu học"), "lower_secondary": tr_noop("Trung học cơ sở"),
    "upper_secondary": tr_noop("Trung học phổ thông"), "vocational": tr_noop("Trung cấp, sơ cấp nghề"),
    "college": tr_noop("Cao đẳng"), "university": tr_noop("Đại học"), "studying": tr_noop("Đang đi học"),
}
WORK_LABELS: dict[str, str] = {
    "": tr_noop("(chưa ghi)"), "farming": tr_noop("Làm nông, lâm nghiệp"), "employed": tr_noop("Làm công ăn lương"),
    "self_employed": tr_noop("Tự làm, buôn bán"), "unemployed": tr_noop("Không có việc làm"),
    "student": tr_noop("Học sinh, sinh viên"), "retired": tr_noop("Nghỉ hưu, già yếu"),
    "unable": tr_noop("Không có khả năng lao động"), "child": tr_noop("Trẻ em"),
    "abroad": tr_noop("Lao động ở nước ngoài"),
}
MEMBER_STATUS_LABELS: dict[str, str] = {
    "present": tr_noop("Đang ở trong hộ"), "deceased": tr_noop("Đã mất"),
    "moved_out": tr_noop("Đã chuyển đi"), "married_out": tr_noop("Đã đi lấy chồng/vợ"),
}
HOUSEHOLD_STATUS_LABELS: dict[str, str] = {
    "active": tr_noop("Đang sinh sống"), "moved_away": tr_noop("Đã chuyển đi xã khác"),
    "dissolved": tr_noop("Đã giải thể"),
}
SEX_LABELS: dict[str, str] = {"M": tr_noop("Nam"), "F": tr_noop("Nữ")}
AREA_LABELS: dict[str, str] = {"rural": tr_noop("Nông thôn"), "urban": tr_noop("Thành thị")}
LIFE_EVENT_LABELS: dict[str, str] = {
    "birth": tr_noop("Sinh"), "death": tr_noop("Mất"), "marry_in": tr_noop("Nhập khẩu (kết hôn, chuyển đến)"),
    "move_out": tr_noop("Chuyển đi (một người)"), "split": tr_noop("Tách hộ"),
    "move_away": tr_noop("Cả hộ chuyển đi xã khác"),
}


def label(labels: dict[str, str], code: str | None) -> str:
    """The translated label of a code from one of the tables above (the code itself if unknown)."""
    text = labels.get(code or "")
    return tr(text) if text is not None else (code or "")


def labelled(codes: Iterable[str], labels: dict[str, str]) -> list[tuple[str, str]]:
    """(code, translated label) pairs for a choice list."""
    return [(c, label(labels, c)) for c in codes]


def relationship_label(code: str | None) -> str:
    return label(RELATIONSHIP_LABELS, code)


def cause_label(code: str) -> str:
    return next((tr(text) for c, text in CAUSES if c == code), code)


def ethnicity_name(code: str | None) -> str:
    group = ethnic_groups().get(code or "")
    return group.name if group else (code or "")


# The names of fields, as history lines and refusals show them.
FIELD_LABELS: dict[str, str] = {
    "code": tr_noop("Mã hộ"), "village_uuid": tr_noop("Thôn/bản"), "address": tr_noop("Địa chỉ"),
    "phone": tr_noop("Điện thoại"), "area_type": tr_noop("Địa bàn"), "status": tr_noop("Tình trạng"),
    "status_date": tr_noop("Ngày thay đổi tình trạng"), "notes": tr_noop("Ghi chú"),
    "household_uuid": tr_noop("Hộ"), "position": tr_noop("Thứ tự"), "full_name": tr_noop("Họ và tên"),
    "sex": tr_noop("Giới tính"), "birth_date": tr_noop("Ngày sinh"), "birth_year": tr_noop("Năm sinh"),
    "ethnicity_code": tr_noop("Dân tộc"), "citizen_id": tr_noop("Số CCCD"),
    "relationship": tr_noop("Quan hệ với chủ hộ"), "health_insurance_card": tr_noop("Thẻ BHYT"),
    "schooling": tr_noop("Học vấn"), "work_status": tr_noop("Việc làm"), "disability": tr_noop("Khuyết tật"),
    "social_allowance": tr_noop("Trợ cấp xã hội"), "year": tr_noop("Năm"),
    "standard_code": tr_noop("Chuẩn nghèo"), "income_per_person": tr_noop("Thu nhập bình quân"),
    "b1_score": tr_noop("Điểm B1"), "b2_score": tr_noop("Điểm B2"),
    "deprivation_count": tr_noop("Số chỉ số thiếu hụt"), "computed_class": tr_noop("Phân loại theo tính toán"),
    "override_class": tr_noop("Phân loại điều chỉnh"), "override_reason": tr_noop("Lý do điều chỉnh"),
    "classification": tr_noop("Phân loại"), "causes": tr_noop("Nguyên nhân nghèo"),
    "registered_escape": tr_noop("Đăng ký thoát nghèo"), "assessed_on": tr_noop("Ngày rà soát"),
    "deprivations": tr_noop("Chỉ số thiếu hụt"), "deleted": tr_noop("Đã xóa"), "event": tr_noop("Biến động"),
}


def field_label(name: str) -> str:
    """A field's name as people read it ("birth_year" → "Năm sinh"); the name itself if unknown."""
    return label(FIELD_LABELS, name)
