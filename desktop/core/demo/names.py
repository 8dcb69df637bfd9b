"""Name lists for the synthetic demo data (desktop.core.demo): villages, family and given names.

Plausible for Tuần Giáo (Điện Biên): Thái, Mông, Khơ Mú and Kinh families. Written in NFC with
the tone marks placed as civil registers in the region usually write them. These are data, not
messages, so they are not translated.
"""

from __future__ import annotations

# Ethnicity codes of resources/reference/ethnic_groups.csv.
KINH, THAI, MONG, KHMU = "01", "03", "08", "29"

# Share of households by ethnicity (a poor mountain commune of Tuần Giáo).
ETHNIC_MIX = ((THAI, 45), (MONG, 35), (KHMU, 10), (KINH, 10))

# Villages (bản) by the ethnicity of most of their households.
VILLAGES = {
    THAI: (
        "Bản Co Muông", "Bản Nậm Cá", "Bản Hua Sát", "Bản Phiêng Pi", "Bản Món", "Bản Lồng",
        "Bản Cáy", "Bản Hỏm", "Bản Có", "Bản Bó", "Bản Kép", "Bản Chăn", "Bản Sái Ngoài",
        "Bản Cong", "Bản Ta Cơn", "Bản Pom Sinh",
    ),
    MONG: (
        "Bản Pá Xa Mông", "Bản Hua Ca", "Bản Pú Piến", "Bản Háng Á", "Bản Sáng Tớ",
        "Bản Kề Cải", "Bản Phiêng Hoa", "Bản Thẩm Táng", "Bản Hua Chăn", "Bản Pá Chả",
    ),
    KHMU: ("Bản Huổi Cáy", "Bản Pá Xa Xá", "Bản Ten Luống", "Bản Co Sáng"),
    KINH: ("Bản Đông Phong", "Bản Minh Thắng", "Bản Đồng Tâm", "Bản Trung Tâm"),
}

# Parts of place names, so that each commune gets bản of its own rather than all communes
# sharing the short list above (which would make every commune look like a duplicate of the
# others at the office).
VILLAGE_PARTS = {
    THAI: (("Nà", "Huổi", "Pá", "Phiêng", "Co", "Hua", "Nậm", "Hát", "Ten", "Bó", "Pom", "Thẳm"),
           ("Sát", "Muông", "Pi", "Lồng", "Cáy", "Hin", "Khoang", "Nưa", "Tở", "Sản", "Mùn", "Chung",
            "Lúng", "Xuông", "Cại")),
    MONG: (("Háng", "Pú", "Hua", "Pá", "Sáng", "Kề", "Thẩm", "Phì"),
           ("Á", "Piến", "Tớ", "Cải", "Chả", "Xa", "Dì", "Sung", "Lìa", "Khúa", "Mông")),
    KHMU: (("Huổi", "Ten", "Co", "Pá", "Nậm"), ("Cáy", "Luống", "Sáng", "Xá", "Mú", "Hỏm", "Ún")),
    KINH: (("Tân", "Đồng", "Thống", "Quyết", "Hòa", "Đoàn"), ("Tiến", "Tâm", "Nhất", "Bình", "Kết", "Lập")),
}

# Family names with relative weights.
SURNAMES = {
    THAI: (("Lò", 25), ("Lường", 15), ("Quàng", 12), ("Cà", 12), ("Tòng", 10), ("Lù", 6),
           ("Lừ", 5), ("Điêu", 5), ("Vì", 5), ("Hoàng", 5)),
    MONG: (("Giàng", 16), ("Vàng", 14), ("Mùa", 12), ("Sùng", 12), ("Thào", 12), ("Lầu", 8),
           ("Hạng", 7), ("Lý", 6), ("Chang", 4), ("Vừ", 4), ("Tráng", 3), ("Cứ", 2)),
    KHMU: (("Quàng", 22), ("Lò", 20), ("Vi", 18), ("Cút", 18), ("Lù", 12), ("Tòng", 10)),
    KINH: (("Nguyễn", 28), ("Đinh", 12), ("Trần", 10), ("Lê", 10), ("Phạm", 8), ("Hoàng", 6),
           ("Vũ", 6), ("Đỗ", 5), ("Bùi", 5), ("Ngô", 4), ("Đặng", 3), ("Dương", 3)),
}

# Given names by ethnicity and sex.
GIVEN = {
    (THAI, "M"): ("Thượng", "Piếng", "Xôm", "Panh", "Khăm", "Chăn", "Hặc", "Ún", "Pẩng", "Hươn",
                  "Biên", "Phóng", "Doãn", "Quyết", "Tiến", "Dũng", "Chiến", "Thanh", "Hoan",
                  "Sơn", "Pâng", "Ính", "Cương", "Hiên", "Bun", "Tính"),
    (THAI, "F"): ("Ín", "Ón", "Pánh", "Lả", "Hom", "Khiêng", "Ngoan", "Bua", "Xuân", "Sương",
                  "Hoa", "Mai", "Lan", "Phương", "Thoa", "Ánh", "Hồng", "Dung", "Ỏn", "Kim",
                  "Lún", "Pọm", "Hương", "Duyên"),
    (MONG, "M"): ("Sếnh", "Dình", "Chứ", "Páo", "Lử", "Chống", "Tủa", "Sử", "Của", "Nhè", "Dế",
                  "Lềnh", "Pó", "Súa", "Phổng", "Sình", "Chư", "Dia", "Vảng", "Tú", "Khua",
                  "Nủ", "Chá", "Sày", "Phềnh", "Xâu", "Dơ", "Tếnh"),
    (MONG, "F"): ("Dợ", "Mỷ", "Dua", "Sua", "Chù", "Mai", "Pà", "Say", "Sông", "Ly", "Dê", "Máy",
                  "Lia", "Chía", "Xá", "Pằng", "Dở", "Ký", "Mỉ", "Sò", "Nhìa", "Dúa"),
    (KHMU, "M"): ("Hịa", "Pỏm", "Ính", "Xiêng", "Bun", "Khăm", "Phăn", "Nọi", "Xôm", "Panh",
                  "Sướng", "Kim", "Chiến", "Ỏm", "Piu", "Lượng"),
    (KHMU, "F"): ("Ỏn", "Nọi", "Pâng", "Sợi", "Ỉn", "Khiêng", "Hoa", "Thoan", "Lả", "Ón", "Xiêng",
                  "Pọm", "Bích"),
    (KINH, "M"): ("Hùng", "Dũng", "Tuấn", "Thắng", "Hải", "Minh", "Nam", "Quân", "Long",
                  "Cường", "Tùng", "Khánh", "Bình", "Sơn", "Trung", "Hiếu", "Phúc", "Đạt", "Huy",
                  "An", "Đức", "Thành"),
    (KINH, "F"): ("Hoa", "Lan", "Hương", "Nga", "Thảo", "Hằng", "Liên", "Huyền", "Trang", "Phương",
                  "Hà", "Yến", "Ngân", "Linh", "Nhung", "Vân", "Mai", "Thủy", "Oanh", "Hạnh"),
}

# Kinh-style given names that younger Thái and Khơ Mú often carry.
MODERN_GIVEN = {
    "M": ("Tiến", "Dũng", "Hùng", "Thành", "Quyết", "Tuấn", "Long", "Hiếu", "Đức", "Quân"),
    "F": ("Thu", "Hà", "Trang", "Linh", "Thảo", "Hương", "Huyền", "Ngọc", "Yến", "Nhung"),
}

KINH_MIDDLE = {
    "M": (("Văn", 50), ("Đức", 12), ("Minh", 10), ("Quang", 8), ("Hữu", 8), ("Xuân", 6), ("Thành", 6)),
    "F": (("Thị", 60), ("Thu", 10), ("Thanh", 10), ("Ngọc", 8), ("Thùy", 6), ("Hồng", 6)),
}

# Training courses (Project 4): occupation, level (training_norms.json), study days, cost per
# learner, held at the vocational centre (else in a village's cultural house), who mostly enrols
# ("F", "M", or "" for anyone).
COURSES = (
    ("Kỹ thuật chăn nuôi gia súc", "under_3_months", 45, 2_500_000, False, ""),
    ("May công nghiệp", "elementary", 66, 3_500_000, True, "F"),
    ("Trồng và chăm sóc cây cà phê", "under_3_months", 45, 2_800_000, False, ""),
    ("Trồng và chăm sóc cây mắc ca", "under_3_months", 45, 2_600_000, False, ""),
    ("Sửa chữa máy nông nghiệp", "elementary", 70, 4_200_000, True, "M"),
    ("Trồng rau an toàn", "regular", 20, 1_200_000, False, ""),
    ("Dệt thổ cẩm", "under_3_months", 40, 2_200_000, False, "F"),
    ("Kỹ thuật chế biến món ăn", "elementary", 60, 3_200_000, True, "F"),
    ("Kỹ thuật xây dựng (thợ nề)", "under_3_months", 50, 3_000_000, True, "M"),
    ("Nuôi cá nước ngọt", "regular", 15, 1_000_000, False, ""),
    ("Thú y cơ sở", "under_3_months", 40, 2_400_000, False, "M"),
    ("Điện dân dụng", "elementary", 75, 4_500_000, True, "M"),
)
# {parent}: the district (or, after 2025, the province) in lower case, e.g. "huyện Tuần Giáo".
TRAINING_PROVIDER = "Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên {parent}"
TRAINING_CENTRE = "Trung tâm GDNN-GDTX {parent}"
# The certificate each level gives, as its number ends: sơ cấp, đào tạo dưới 3 tháng, thường xuyên.
CERTIFICATE_SUFFIX = {"elementary": "CCSC", "under_3_months": "CCĐT", "regular": "GCN"}

# Why a learner left a course, once it had opened; why one withdrew before it did.
TRAINING_DROPPED = (
    "Đi làm thuê ở Bình Dương",
    "Ốm phải điều trị dài ngày",
    "Sinh con, nghỉ chăm con nhỏ",
    "Gia đình neo người, phải về lo mùa vụ",
    "Lấy chồng ở xã khác",
    "Đi làm công nhân theo hợp đồng ở Bắc Ninh",
    "Nhà xa, mùa mưa đường sạt lở không đi học được",
)
TRAINING_WITHDRAWN = (
    "Xin rút trước khai giảng, đi làm ăn xa",
    "Trùng thời vụ thu hoạch, xin học lớp sau",
    "Chuyển sang học nghề khác theo nguyện vọng",
)
# A learner group other than the one the household's data propose, with the reason recorded:
# (group, reason). A disability the member's record does not show yet; a family of a person with
# merit (the group of ethnic minorities, persons with merit and the poor).
TRAINING_GROUP_REASONS = (
    ("disabled", "Khuyết tật vận động (chân trái), đã có giấy xác nhận mức độ khuyết tật của UBND xã; "
                 "thông tin nhân khẩu chưa cập nhật"),
    ("ethnic_minority_or_poor", "Con của thương binh, thuộc diện hưởng chính sách ưu đãi người có công "
                                "(có giấy xác nhận kèm hồ sơ)"),
    ("disabled", "Khuyết tật nhìn (mắt phải), có giấy xác nhận khuyết tật; hồ sơ hộ chưa ghi"),
    ("ethnic_minority_or_poor", "Thân nhân liệt sĩ, đang hưởng trợ cấp ưu đãi người có công với cách mạng"),
)
# Training received before this software (training_norms.json `prior_programs`): code, first and
# last year it trained people, how the commune's records name it, the occupations it taught.
PRIOR_TRAINING = (
    ("QD1956", 2015, 2020, "theo Quyết định 1956/QĐ-TTg", ("Trồng lúa nước", "Chăn nuôi gia cầm", "Mộc dân dụng")),
    ("CT1719", 2022, 2023, "theo Chương trình 1719", ("Trồng cây dược liệu", "Chăn nuôi lợn")),
    ("P4", 2022, 2023, "theo Dự án 4 (ghi trên sổ)", ("May dân dụng", "Trồng cây ăn quả")),
    ("OTHER", 2016, 2021, "do Hội Nông dân tổ chức", ("Trồng nấm", "Nuôi ong")),
)
# The decision listing the ĐBKK villages of ethnic minority and mountain areas for 2021–2025.
DBKK_DECISION = "Quyết định 612/QĐ-UBDT ngày 16/9/2021 của Ủy ban Dân tộc"
