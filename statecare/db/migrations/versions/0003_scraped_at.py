"""when the stored content of a bill was scraped (the Open States `scraped_at`), kept for export

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ALTER TABLE ADD COLUMN on both databases: no table copy, SQLite's full-text triggers stay
    op.add_column('bills', sa.Column('scraped_at', sa.String(length=40), nullable=True))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE bills DROP COLUMN scraped_at")  # SQLite >= 3.35; no table copy
    else:
        op.drop_column('bills', 'scraped_at')
