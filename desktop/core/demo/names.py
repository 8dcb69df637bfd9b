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

# Training courses (Project 4), in the order they are used (2 to 4 of them).
COURSES = (
    # occupation, start, end, study days, cost per learner, held at the district centre
    ("Kỹ thuật chăn nuôi gia súc", "2024-09-09", "2024-11-15", 45, 2_500_000, False),
    ("May công nghiệp", "2025-10-06", "2026-01-09", 60, 3_500_000, True),
    ("Trồng và chăm sóc cây cà phê", "2025-03-03", "2025-05-09", 45, 2_800_000, False),
    ("Trồng và chăm sóc cây mắc ca", "2026-01-12", "2026-03-20", 45, 2_600_000, False),
)
# {parent}: the district (or, after 2025, the province) in lower case, e.g. "huyện Tuần Giáo".
TRAINING_PROVIDER = "Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên {parent}"
