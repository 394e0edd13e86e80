"""crawl_cursors: where a live crawl of each jurisdiction stands (resume after a kill or a quota stop)

Revision ID: 0011_livecrawl
Revises: 0010
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = '0011_livecrawl'
down_revision = '0010'
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        'crawl_cursors',
        sa.Column('id', _ID, primary_key=True, autoincrement=True),
        sa.Column('source', sa.String(length=32), nullable=False),
        sa.Column('jurisdiction', sa.String(length=8), nullable=False),
        sa.Column('plan', sa.String(length=64), nullable=False),
        sa.Column('phase', sa.String(length=16), nullable=False),
        sa.Column('term_index', sa.Integer(), nullable=False),
        sa.Column('page', sa.Integer(), nullable=False),
        sa.Column('pass_started', sa.String(length=32), nullable=False),
        sa.Column('updated_since', sa.String(length=32), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint('source', 'jurisdiction', name='uq_crawl_cursor'),
    )


def downgrade() -> None:
    op.drop_table('crawl_cursors')
