"""staff accounts

People who sign in to the staff web app (admins, department staff, viewers), their sessions, the
one-time links that create admins, a department's follow-up of a seller (lead) and its notes; the
access log records signed-in people and addresses beside API tokens.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 12:54:23
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('staffaccount',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('password_hash', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('disabled_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("(role = 'admin' AND department_id IS NULL) OR (role IN ('staff', 'viewer'))", name='ck_staffaccount_role_department'),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email')
    )
    with op.batch_alter_table('staffaccount', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staffaccount_department_id'), ['department_id'], unique=False)

    op.create_table('lead',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('seller_id', sa.Integer(), nullable=False),
    sa.Column('assigned_account_id', sa.Integer(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assigned_account_id'], ['staffaccount.id'], ),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['seller_id'], ['seller.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('department_id', 'seller_id', name='uq_lead_department_seller')
    )
    with op.batch_alter_table('lead', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lead_assigned_account_id'), ['assigned_account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lead_seller_id'), ['seller_id'], unique=False)

    op.create_table('leadnote',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('seller_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['staffaccount.id'], ),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['seller_id'], ['seller.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('leadnote', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_leadnote_seller_id'), ['seller_id'], unique=False)

    op.create_table('setuplink',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['staffaccount.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    op.create_table('staffsession',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['staffaccount.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('staffsession', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staffsession_account_id'), ['account_id'], unique=False)

    with op.batch_alter_table('accesslog', schema=None) as batch_op:
        batch_op.add_column(sa.Column('account_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('department_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.alter_column('token_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_index('ix_accesslog_account_at', ['account_id', 'at'], unique=False)
        batch_op.create_index('ix_accesslog_action_at', ['action', 'at'], unique=False)
        batch_op.create_index(batch_op.f('ix_accesslog_department_id'), ['department_id'], unique=False)
        batch_op.create_foreign_key('fk_accesslog_account_id', 'staffaccount', ['account_id'], ['id'])
        batch_op.create_foreign_key('fk_accesslog_department_id', 'department', ['department_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('accesslog', schema=None) as batch_op:
        batch_op.drop_constraint('fk_accesslog_department_id', type_='foreignkey')
        batch_op.drop_constraint('fk_accesslog_account_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_accesslog_department_id'))
        batch_op.drop_index('ix_accesslog_action_at')
        batch_op.drop_index('ix_accesslog_account_at')
        batch_op.alter_column('token_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('address')
        batch_op.drop_column('department_id')
        batch_op.drop_column('account_id')

    with op.batch_alter_table('staffsession', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staffsession_account_id'))

    op.drop_table('staffsession')
    op.drop_table('setuplink')
    with op.batch_alter_table('leadnote', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_leadnote_seller_id'))

    op.drop_table('leadnote')
    with op.batch_alter_table('lead', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lead_seller_id'))
        batch_op.drop_index(batch_op.f('ix_lead_assigned_account_id'))

    op.drop_table('lead')
    with op.batch_alter_table('staffaccount', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staffaccount_department_id'))

    op.drop_table('staffaccount')
