-- Lapor.Orleans schema version 9 for PostgreSQL: the inbox's paging indexes cover open lines only.
--
-- Version 2 indexed every line as (agency_id, active, due_key | submitted_ms, complaint_id). Before a table has
-- statistics (a new database, the first minute of a new deployment), PostgreSQL priced the lookup of one line by
-- (agency_id, complaint_id) as cheap through those indexes as through the primary key and chose them, reading the
-- whole agency's index for every notice: the national verification queue grew slower with every complaint in it.
-- As partial indexes on the open lines they cannot answer that lookup at all, and they leave departed lines out.
-- Keyset paging: most urgent first (due_key is due_ms, or the largest value when nothing is due), or by age.
CREATE INDEX IF NOT EXISTS ix_lapor_inbox_open_due ON lapor_inbox (agency_id, due_key, complaint_id) WHERE active = 1;
CREATE INDEX IF NOT EXISTS ix_lapor_inbox_open_age ON lapor_inbox (agency_id, submitted_ms, complaint_id) WHERE active = 1;
DROP INDEX IF EXISTS ix_lapor_inbox_due;
DROP INDEX IF EXISTS ix_lapor_inbox_age;

INSERT INTO lapor_schema_version (singleton, version) VALUES (true, 9)
ON CONFLICT (singleton) DO UPDATE SET version = excluded.version, applied_at = now()
WHERE lapor_schema_version.version < excluded.version;
