"""the stage machine's whole outcome, the joined abstract text and the scorecard's version on bills

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

_COLUMNS = (
    ("stage_furthest", sa.String(length=32)),
    ("stage_chambers_passed", sa.JSON()),
    ("stage_session_ended", sa.Boolean()),
    ("stage_reason", sa.Text()),
    ("abstract_text", sa.Text()),
    ("scorecard_version_id", sa.BigInteger()),
)


def upgrade() -> None:
    # plain ALTER TABLE ADD COLUMN on both databases: no table copy, so SQLite's full-text triggers
    # on `bills` stay as they are
    for name, type_ in _COLUMNS:
        op.add_column('bills', sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    for name, _ in reversed(_COLUMNS):
        if op.get_bind().dialect.name == "sqlite":
            op.execute(f"ALTER TABLE bills DROP COLUMN {name}")  # SQLite >= 3.35; no table copy
        else:
            op.drop_column('bills', name)
