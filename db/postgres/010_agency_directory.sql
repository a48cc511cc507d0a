-- Lapor.Orleans schema version 10 for PostgreSQL: the agency directory as an index.
--
-- The pages' agency pickers walked the agency grains from the root and stopped at 600 agencies, so at national shape
-- the last regencies could not be chosen, and every citizen's form carried the whole list. Each agency is now one row
-- here, written by its grain after each definition and guarded by the definition's revision (AdoNetAgencyIndex);
-- pickers search it by name and list an agency's children a page at a time. `parent_id` is '' for the root.
CREATE TABLE IF NOT EXISTS lapor_agencies
(
    agency_id  text    NOT NULL PRIMARY KEY,
    revision   bigint  NOT NULL,
    name       text    NOT NULL,
    name_lower text    NOT NULL,
    level      bigint  NOT NULL,
    zone       bigint  NOT NULL,
    parent_id  text    NOT NULL DEFAULT ''
);

-- By name for everyone, and by name among one agency's children; both end with the id so a cursor is exact.
CREATE INDEX IF NOT EXISTS ix_lapor_agencies_name ON lapor_agencies (name_lower, agency_id);
CREATE INDEX IF NOT EXISTS ix_lapor_agencies_parent ON lapor_agencies (parent_id, name_lower, agency_id);

INSERT INTO lapor_schema_version (singleton, version) VALUES (true, 10)
ON CONFLICT (singleton) DO UPDATE SET version = excluded.version, applied_at = now()
WHERE lapor_schema_version.version < excluded.version;
