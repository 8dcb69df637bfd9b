"""Households as the editor makes them, and how tests read the list back."""

from __future__ import annotations

from desktop.core import search
from desktop.core.households import HouseholdDraft, MemberDraft
from desktop.core.search import HouseholdQuery


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
