"""cache revisions

A per-process cache of the complaint-type catalog and the holiday calendar is checked against
`cache_revisions.token`, which triggers on the cached tables set to a new random value in every transaction
that writes them (PostgreSQL: one statement-level trigger per table, TRUNCATE included; SQLite: row triggers).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 08:05:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

CACHED_TABLES = ("complaint_types", "departments", "agencies", "public_holidays")
PG_FUNCTION = """
CREATE FUNCTION bump_catalog_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO cache_revisions (name, token) VALUES ('catalog', md5(random()::text || clock_timestamp()::text))
    ON CONFLICT (name) DO UPDATE SET token = excluded.token;
    RETURN NULL;
END $$
"""
SQLITE_BODY = ("BEGIN INSERT OR REPLACE INTO cache_revisions (name, token) "
               "VALUES ('catalog', lower(hex(randomblob(16)))); END")


def upgrade():
    op.create_table('cache_revisions',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('token', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_cache_revisions'))
    )
    op.execute("INSERT INTO cache_revisions (name, token) VALUES ('catalog', 'initial')")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        for table in CACHED_TABLES:
            op.execute(f"CREATE TRIGGER trg_{table}_catalog_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                       f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_revision()")
    else:
        for table in CACHED_TABLES:
            for verb in ("insert", "update", "delete"):
                op.execute(f"CREATE TRIGGER trg_{table}_catalog_revision_{verb} AFTER {verb.upper()} ON {table} "
                           f"FOR EACH ROW {SQLITE_BODY}")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in CACHED_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_catalog_revision ON {table}")
        op.execute("DROP FUNCTION IF EXISTS bump_catalog_revision()")
    else:
        for table in CACHED_TABLES:
            for verb in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_catalog_revision_{verb}")
    op.drop_table('cache_revisions')
