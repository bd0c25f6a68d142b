"""outbox claim order

The worker takes due rows ordered by priority, due time and id. An index in that order lets it read
just the rows it takes; the old one (status, due_at, priority) made it read and sort every due row,
which grew with a campaign's buffer of several thousand.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 00:45:00
"""

from __future__ import annotations

from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outboxmessage', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_claim_order', ['status', 'priority', 'due_at', 'id'], unique=False)
        batch_op.drop_index('ix_outbox_due')


def downgrade() -> None:
    with op.batch_alter_table('outboxmessage', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_due', ['status', 'due_at', 'priority'], unique=False)
        batch_op.drop_index('ix_outbox_claim_order')
