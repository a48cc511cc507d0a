-- Lapor.Orleans schema version 9 for SQLite: the inbox's paging indexes cover open lines only, as on PostgreSQL
-- (db/postgres/009_inbox_open_indexes.sql says why); here it keeps departed lines out of them.
-- Keyset paging: most urgent first (due_key is due_ms, or the largest value when nothing is due), or by age.
CREATE INDEX IF NOT EXISTS ix_lapor_inbox_open_due ON lapor_inbox (agency_id, due_key, complaint_id) WHERE active = 1;
CREATE INDEX IF NOT EXISTS ix_lapor_inbox_open_age ON lapor_inbox (agency_id, submitted_ms, complaint_id) WHERE active = 1;
DROP INDEX IF EXISTS ix_lapor_inbox_due;
DROP INDEX IF EXISTS ix_lapor_inbox_age;

INSERT INTO lapor_schema_version (singleton, version, applied_at)
VALUES (1, 9, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
ON CONFLICT (singleton) DO UPDATE SET version = excluded.version, applied_at = excluded.applied_at
WHERE lapor_schema_version.version < excluded.version;
