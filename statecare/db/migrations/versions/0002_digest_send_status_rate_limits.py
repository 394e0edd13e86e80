"""digest: send status (pending/sent) and the shared rate-limit counters

Revision ID: 0002_digest
Revises: 0001
Create Date: 2026-11-23 21:10:00

Written by the digest issue: `digest_sends.status` lets a send record a "pending" row with its
Message-ID before the SMTP hand-off (so a crash between hand-off and commit is detected and retried
with the same Message-ID), and `rate_limit_hits` holds the subscribe form's rate-limit windows in
the database so every web worker on every host shares them.
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_digest"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("digest_sends", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(length=16), nullable=False, server_default="sent"))
    op.create_table(
        "rate_limit_hits",
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("rate_limit_hits")
    with op.batch_alter_table("digest_sends", schema=None) as batch_op:
        batch_op.drop_column("status")
