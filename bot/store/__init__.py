"""Keep the data: the tables, the database engine and its sessions, prepared statements, keyed digests, migrations."""
