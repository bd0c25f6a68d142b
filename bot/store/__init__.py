"""Store: the tables, the database engine and its sessions, prepared statements, keyed digests and migrations."""
