"""Reference data, rule tables, plans and translations of Sổ Giảm Nghèo (data only)."""
