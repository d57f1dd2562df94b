"""The state every database test starts from, and a cheap way back to it.

Before each test the database holds exactly what a freshly reset database holds (every table empty but the
bundled holiday snapshot, which `flask db upgrade` loads on a deployed database). Emptying every table after
every test with TRUNCATE (PostgreSQL) and reloading the holiday snapshot took most of a database test's time,
so `Baseline` does the same work only where it is needed:

* `capture` runs once per session, right after a full reset: it keeps the rows of every table that is not
  empty (the holiday snapshot) and, on PostgreSQL, the value of every sequence that belongs to a table.
* `dirty_tables` asks the database itself (not this process's session: tests commit through other
  connections, threads and processes too) which tables differ from that: an empty table that has a row, a
  kept table whose rows are not the kept rows, a table whose sequence has moved.
* `restore` deletes the rows of those tables only, puts the kept rows back and sets their sequences to what
  they were (what `TRUNCATE … RESTART IDENTITY` did). Sequences that belong to no table are left alone, as
  TRUNCATE left them.

A table that database triggers write (`derived`, e.g. cache_revisions, whose token changes in every transaction
that writes a cached table, the deletes of `restore` included) is compared by its key columns only: which rows
it has, not their trigger-set values, which were a fresh token after every reset before as well.

Commits stay real: a test sees the same database, through any connection, that it saw before.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Table, exists, literal, select, text, union_all

_PG_SEQUENCES = text("""
    SELECT s.relname AS sequence, t.relname AS owner, q.last_value
    FROM pg_class s
    JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid
                    AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
    JOIN pg_class t ON t.oid = d.refobjid
    JOIN pg_namespace n ON n.oid = s.relnamespace AND n.nspname = current_schema()
    JOIN pg_sequences q ON q.schemaname = n.nspname AND q.sequencename = s.relname
    WHERE s.relkind = 'S'
""")


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass
class Baseline:
    tables: list[Table]  # in dependency order (parents first)
    kept: dict[str, list[dict]] = field(default_factory=dict)  # table -> its rows, by primary key
    sequences: dict[str, tuple[str, int | None]] = field(default_factory=dict)  # sequence -> (table, last value)
    derived: dict[str, tuple[str, ...]] = field(default_factory=dict)  # trigger-written table -> key columns

    @classmethod
    def capture(cls, session, tables: list[Table], derived: dict[str, tuple[str, ...]] | None = None) -> Baseline:
        baseline = cls(tables=list(tables), derived=dict(derived or {}))
        for table in baseline.tables:
            rows = baseline._rows(session, table)
            if rows:
                baseline.kept[table.name] = rows
        baseline.sequences = baseline._sequence_values(session)
        return baseline

    def _rows(self, session, table: Table) -> list[dict]:
        order = list(table.primary_key.columns) or list(table.columns)
        return [dict(row) for row in session.execute(select(table).order_by(*order)).mappings()]

    def _sequence_values(self, session) -> dict[str, tuple[str, int | None]]:
        if session.get_bind().dialect.name != "postgresql":
            return {}
        names = {table.name for table in self.tables}
        return {row.sequence: (row.owner, row.last_value)
                for row in session.execute(_PG_SEQUENCES) if row.owner in names}

    def dirty_tables(self, session) -> set[str]:
        """The tables whose rows or sequence differ from the baseline."""
        dirty: set[str] = set()
        empty = [table for table in self.tables if table.name not in self.kept]
        if empty:
            probes = [select(literal(table.name).label("name")).where(exists(select(literal(1)).select_from(table)))
                      for table in empty]
            dirty.update(session.scalars(union_all(*probes)))
        for table in self.tables:
            if table.name in self.kept and self._differs(session, table):
                dirty.add(table.name)
        for sequence, (owner, value) in self._sequence_values(session).items():
            if self.sequences.get(sequence, (owner, None))[1] != value:
                dirty.add(owner)
        return dirty

    def _differs(self, session, table: Table) -> bool:
        rows, kept = self._rows(session, table), self.kept.get(table.name, [])
        if keys := self.derived.get(table.name):
            return [[row[k] for k in keys] for row in rows] != [[row[k] for k in keys] for row in kept]
        return rows != kept

    def restore(self, session, dirty: set[str]) -> None:
        """Bring the `dirty` tables back to the baseline (the caller commits)."""
        if not dirty:
            return
        for table in reversed(self.tables):
            if table.name in dirty and table.name not in self.derived:
                session.execute(table.delete())
        for table in self.tables:
            if table.name in dirty and table.name in self.kept and table.name not in self.derived:
                session.execute(table.insert(), self.kept[table.name])
        # Last, as the deletes and inserts above may have fired the triggers that write them.
        for table in self.tables:
            if table.name in self.derived and self._differs(session, table):
                session.execute(table.delete())
                if table.name in self.kept:
                    session.execute(table.insert(), self.kept[table.name])
        self._restore_sequences(session, dirty)

    def _restore_sequences(self, session, dirty: set[str]) -> None:
        """The sequences of the `dirty` tables set back as RESTART IDENTITY (or the baseline's value) left them."""
        for sequence, (owner, value) in self.sequences.items():
            if owner not in dirty:
                continue
            if value is None:
                session.execute(text(f"ALTER SEQUENCE {_quoted(sequence)} RESTART"))
            else:
                session.execute(text("SELECT setval(:sequence, :value, true)"),
                                {"sequence": _quoted(sequence), "value": value})
