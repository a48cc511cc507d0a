-- Lapor.Orleans schema version 10 for SQLite: the agency directory as an index.
--
-- The pages' agency pickers walked the agency grains from the root and stopped at 600 agencies, so at national shape
-- the last regencies could not be chosen, and every citizen's form carried the whole list. Each agency is now one row
-- here, written by its grain after each definition and guarded by the definition's revision (AdoNetAgencyIndex);
-- pickers search it by name and list an agency's children a page at a time. `parent_id` is '' for the root.
CREATE TABLE IF NOT EXISTS lapor_agencies
(
    agency_id  TEXT    NOT NULL PRIMARY KEY,
    revision   INTEGER NOT NULL,
    name       TEXT    NOT NULL,
    name_lower TEXT    NOT NULL,
    level      INTEGER NOT NULL,
    zone       INTEGER NOT NULL,
    parent_id  TEXT    NOT NULL DEFAULT ''
);

-- By name for everyone, and by name among one agency's children; both end with the id so a cursor is exact.
CREATE INDEX IF NOT EXISTS ix_lapor_agencies_name ON lapor_agencies (name_lower, agency_id);
CREATE INDEX IF NOT EXISTS ix_lapor_agencies_parent ON lapor_agencies (parent_id, name_lower, agency_id);

INSERT INTO lapor_schema_version (singleton, version, applied_at)
VALUES (1, 10, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
ON CONFLICT (singleton) DO UPDATE SET version = excluded.version, applied_at = excluded.applied_at
WHERE lapor_schema_version.version < excluded.version;
