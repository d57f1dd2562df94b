"""Statements rendered once for the driver: PostgreSQL's own $n placeholders, one per distinct parameter."""

from __future__ import annotations

import pytest
from sqlalchemy import bindparam, column, literal_column, select, table

from core.extensions import DriverStatement

ITEMS = table("items", column("id"), column("name"), column("kind"))


def test_placeholders_are_numbered_once_per_name_and_constants_kept():
    statement = select(ITEMS.c.id).where(ITEMS.c.name == bindparam("name"), ITEMS.c.kind == "fixed",
                                         ITEMS.c.id != bindparam("name"))
    rendered = DriverStatement.of(statement)
    assert rendered.names == ("name", "kind_1")
    assert "$1" in rendered.sql and "$2" in rendered.sql and "$3" not in rendered.sql
    assert "%(" not in rendered.sql
    assert rendered.args({"name": "x"}) == ["x", "fixed"]
    with pytest.raises(KeyError):
        rendered.args({})


def test_a_literal_percent_is_refused():
    with pytest.raises(ValueError, match="literal %"):
        DriverStatement.of(select(ITEMS.c.id).where(ITEMS.c.name.like(literal_column("'a%'"))))
