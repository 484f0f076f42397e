"""never reused ids: SQLite tables whose ids appear in links and codes get AUTOINCREMENT

Without it SQLite hands the id of the last deleted row to the next insert, so an old link or code
bound to an id could reach someone else's row. PostgreSQL sequences never reuse ids: nothing to do there.

Revision ID: 0007_never_reused_ids
Revises: 0004_likes
Create Date: 2026-11-26 10:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0007_never_reused_ids'
down_revision = '0004_likes'
branch_labels = None
depends_on = None

TABLES = ("nomination", "invitation", "nomination_file", "endorsement_letter")


def _rebuild(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    # SQLite cannot add AUTOINCREMENT to a table: batch mode copies each into a new one, rows and ids kept
    # (the copy sets sqlite_sequence to the highest id). The app never turns on PRAGMA foreign_keys, so
    # dropping the old table cascades nothing.
    for table in TABLES:
        with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}):
            pass


def upgrade():
    _rebuild(True)


def downgrade():
    _rebuild(False)
