"""legislators and committees of the Open States directory (shared/people); sponsorships by person

Revision ID: 0012_people
Revises: 0011_livecrawl
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = '0012_people'
down_revision = '0011_livecrawl'
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        'legislators',
        sa.Column('id', sa.String(length=64), primary_key=True),
        sa.Column('slug', sa.String(length=64), nullable=False),
        sa.Column('state', sa.String(length=2), nullable=False),
        sa.Column('name', sa.Text(), nullable=False),
        sa.Column('family_name', sa.Text(), nullable=False),
        sa.Column('party', sa.String(length=64), nullable=True),
        sa.Column('chamber', sa.String(length=16), nullable=True),
        sa.Column('district', sa.String(length=64), nullable=True),
        sa.Column('current', sa.Boolean(), nullable=False),
        sa.Column('email', sa.Text(), nullable=True),
        sa.Column('offices', sa.JSON(), nullable=False),
        sa.Column('links', sa.JSON(), nullable=False),
        sa.Column('seats', sa.JSON(), nullable=False),
        sa.UniqueConstraint('slug'),
    )
    op.create_index('ix_legislators_state_chamber', 'legislators', ['state', 'chamber'])
    op.create_table(
        'committees',
        sa.Column('id', sa.String(length=80), primary_key=True),
        sa.Column('slug', sa.String(length=64), nullable=False),
        sa.Column('state', sa.String(length=2), nullable=False),
        sa.Column('name', sa.Text(), nullable=False),
        sa.Column('chamber', sa.String(length=16), nullable=False),
        sa.Column('classification', sa.String(length=32), nullable=False),
        sa.Column('parent_id', sa.String(length=80), nullable=True),
        sa.Column('names', sa.JSON(), nullable=False),
        sa.Column('links', sa.JSON(), nullable=False),
        sa.UniqueConstraint('slug'),
    )
    op.create_index('ix_committees_state', 'committees', ['state'])
    op.create_table(
        'committee_members',
        sa.Column('id', _ID, primary_key=True, autoincrement=True),
        sa.Column('committee_id', sa.String(length=80), sa.ForeignKey('committees.id', ondelete='CASCADE'),
                  nullable=False),
        sa.Column('order', sa.Integer(), nullable=False),
        sa.Column('name', sa.Text(), nullable=False),
        sa.Column('role', sa.String(length=64), nullable=False),
        sa.Column('person_id', sa.String(length=64), nullable=True),
    )
    op.create_index('ix_committee_members_committee_id', 'committee_members', ['committee_id'])
    op.create_index('ix_committee_members_person_id', 'committee_members', ['person_id'])
    op.create_index('ix_sponsorships_person_id', 'sponsorships', ['person_id'])


def downgrade() -> None:
    op.drop_index('ix_sponsorships_person_id', table_name='sponsorships')
    op.drop_table('committee_members')
    op.drop_table('committees')
    op.drop_table('legislators')
