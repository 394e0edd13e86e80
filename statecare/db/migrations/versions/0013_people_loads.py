"""people_loads: the fingerprint of each state's directory files as last loaded (statecare update
reloads a state only when its files changed)

Revision ID: 0013_people_loads
Revises: 0012_people
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = '0013_people_loads'
down_revision = '0012_people'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'people_loads',
        sa.Column('state', sa.String(length=2), primary_key=True),
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.Column('loaded_at', sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('people_loads')
