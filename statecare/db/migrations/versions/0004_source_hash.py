"""a hash of each bill's record as it was received, so an unchanged re-import is one indexed read

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ALTER TABLE ADD COLUMN on both databases: no table copy, SQLite's full-text triggers stay.
    # NULL for bills stored before: their next store compares the content hash, then fills this in.
    op.add_column('bills', sa.Column('source_hash', sa.String(length=64), nullable=True))
    op.create_index('ix_bills_source_hash', 'bills', ['source_hash'])


def downgrade() -> None:
    op.drop_index('ix_bills_source_hash', table_name='bills')
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE bills DROP COLUMN source_hash")  # SQLite >= 3.35; no table copy
    else:
        op.drop_column('bills', 'source_hash')
