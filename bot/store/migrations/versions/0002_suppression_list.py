"""suppression list

A table of keyed digests of phone numbers whose owners had their data erased, and the same digest
on each vendor-list row so campaigns can leave those numbers out in SQL.

Vendor-list rows already stored keep a null digest: the migration does not hold SECRET_KEY, and none
of them can be a suppressed number (erasing deletes every vendor-list row with the person's
numbers); uploading the row again fills it in.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 00:24:31.079070
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('suppressedphone',
    sa.Column('phone_digest', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('suppressed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('phone_digest')
    )
    with op.batch_alter_table('vendorlistentry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone_digest', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('vendorlistentry', schema=None) as batch_op:
        batch_op.drop_column('phone_digest')

    op.drop_table('suppressedphone')
