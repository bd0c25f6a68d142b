"""early statuses

Delivery statuses that arrive before the worker has written their message's provider id (Twilio can
report "sent" before the send's own answer is recorded), kept until it is.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 10:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('earlystatus',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('provider_message_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('error_code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_earlystatus_provider_message_id'), 'earlystatus', ['provider_message_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_earlystatus_provider_message_id'), table_name='earlystatus')
    op.drop_table('earlystatus')
