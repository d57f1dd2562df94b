"""open311: address_id and zipcode of a 민원; when the cached catalog last changed (discovery changeset)

`complaints.address_id` (GeoReport v2 POST: an address system's id, kept for the officer, never published) and
`complaints.zipcode` (5-digit 우편번호, given by the client or found in the address). `cache_revisions.changed_at`
is set by the same triggers that set the token (migration 0009), so Open311 discovery's `changeset` changes
whenever a complaint type, department, agency or holiday changes, whoever writes.

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

CACHED_TABLES = ("complaint_types", "departments", "agencies", "public_holidays")
VERBS = ("insert", "update", "delete")


PG_FUNCTION = """
CREATE OR REPLACE FUNCTION bump_catalog_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO cache_revisions (name, token, changed_at)
    VALUES ('catalog', md5(random()::text || clock_timestamp()::text), clock_timestamp())
    ON CONFLICT (name) DO UPDATE SET token = excluded.token, changed_at = excluded.changed_at;
    RETURN NULL;
END $$
"""
PG_FUNCTION_0009 = """
CREATE OR REPLACE FUNCTION bump_catalog_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO cache_revisions (name, token) VALUES ('catalog', md5(random()::text || clock_timestamp()::text))
    ON CONFLICT (name) DO UPDATE SET token = excluded.token;
    RETURN NULL;
END $$
"""


def _sqlite_triggers(changed_at: bool) -> None:
    if changed_at:  # the text SQLAlchemy's SQLite DateTime stores: naive UTC, "YYYY-MM-DD HH:MM:SS.fff"
        body = ("BEGIN INSERT OR REPLACE INTO cache_revisions (name, token, changed_at) VALUES ('catalog', "
                "lower(hex(randomblob(16))), strftime('%Y-%m-%d %H:%M:%f', 'now')); END")
    else:
        body = ("BEGIN INSERT OR REPLACE INTO cache_revisions (name, token) "
                "VALUES ('catalog', lower(hex(randomblob(16)))); END")
    for table in CACHED_TABLES:
        for verb in VERBS:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_catalog_revision_{verb}")
            op.execute(f"CREATE TRIGGER trg_{table}_catalog_revision_{verb} AFTER {verb.upper()} ON {table} "
                       f"FOR EACH ROW {body}")


def upgrade():
    op.add_column('complaints', sa.Column('address_id', sa.String(length=100), nullable=True))
    op.add_column('complaints', sa.Column('zipcode', sa.String(length=10), nullable=True))
    op.add_column('cache_revisions', sa.Column('changed_at', sa.DateTime(timezone=True), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("UPDATE cache_revisions SET changed_at = clock_timestamp()")
        op.execute(PG_FUNCTION)
    else:
        op.execute("UPDATE cache_revisions SET changed_at = strftime('%Y-%m-%d %H:%M:%f', 'now')")
        _sqlite_triggers(changed_at=True)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION_0009)
    else:
        _sqlite_triggers(changed_at=False)
    # plain DROP COLUMN (SQLite 3.35+): a batch copy of `complaints` would have to rebuild its partial indexes
    for table, column in (("cache_revisions", "changed_at"), ("complaints", "zipcode"), ("complaints", "address_id")):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
