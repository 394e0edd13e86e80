"""hearings parsed from action text; follows of one bill and the alert emails sent for them

Revision ID: 0010
Revises: 0004
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0004'
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        'hearings',
        sa.Column('id', _ID, primary_key=True, autoincrement=True),
        sa.Column('bill_id', _ID, sa.ForeignKey('bills.id', ondelete='CASCADE'), nullable=False),
        sa.Column('state', sa.String(length=2), nullable=False),
        sa.Column('action_order', sa.Integer(), nullable=False),
        sa.Column('action_date', sa.String(length=32), nullable=False),
        sa.Column('date', sa.String(length=10), nullable=False),
        sa.Column('time', sa.String(length=5), nullable=True),
        sa.Column('end_time', sa.String(length=5), nullable=True),
        sa.Column('committee', sa.Text(), nullable=True),
        sa.Column('location', sa.Text(), nullable=True),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.UniqueConstraint('bill_id', 'action_order', name='uq_hearing_action'),
    )
    op.create_index('ix_hearings_bill_id', 'hearings', ['bill_id'])
    op.create_index('ix_hearings_state_date', 'hearings', ['state', 'date'])
    op.create_table(
        'follows',
        sa.Column('id', _ID, primary_key=True, autoincrement=True),
        sa.Column('email', sa.String(length=320), nullable=False),
        sa.Column('bill_id', _ID, sa.ForeignKey('bills.id', ondelete='CASCADE'), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('unsubscribed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_event_id', sa.BigInteger(), nullable=False),
        sa.Column('token_version', sa.Integer(), nullable=False),
        sa.UniqueConstraint('email', 'bill_id', name='uq_follow_email_bill'),
    )
    op.create_index('ix_follows_bill_id', 'follows', ['bill_id'])
    op.create_index('ix_follows_status_email', 'follows', ['status', 'email'])
    op.create_table(
        'alert_sends',
        sa.Column('id', _ID, primary_key=True, autoincrement=True),
        sa.Column('email', sa.String(length=320), nullable=False),
        sa.Column('ranges', sa.JSON(), nullable=False),
        sa.Column('item_count', sa.Integer(), nullable=False),
        sa.Column('message_id', sa.String(length=255), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
    )
    op.create_index('ix_alert_sends_email', 'alert_sends', ['email'])


def downgrade() -> None:
    op.drop_table('alert_sends')
    op.drop_table('follows')
    op.drop_table('hearings')
