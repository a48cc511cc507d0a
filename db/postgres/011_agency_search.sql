-- Lapor.Orleans schema version 11 for PostgreSQL: the agency directory searched through an index.
--
-- Version 10's search read the directory in name order and tested each row's words and its parent's, so a word that
-- few agencies hold read every row: 47 ms at 22,000 agencies (every regency's units). Each agency now keeps one line
-- of search text here, its name and its parent's (lowercase), written with its directory row (AdoNetAgencyIndex); a
-- trigram index (the pg_trgm extension that ships with PostgreSQL) finds the agencies that hold a word anywhere in
-- that text, so a search for a rare word reads only those.
CREATE TABLE IF NOT EXISTS lapor_agency_search
(
    agency_id   text NOT NULL PRIMARY KEY,
    search_text text NOT NULL
);

-- The agencies a version-10 directory already lists (a line already here is the agency's own, kept since).
INSERT INTO lapor_agency_search (agency_id, search_text)
SELECT a.agency_id, a.name_lower || ' ' || COALESCE(p.name_lower, '')
  FROM lapor_agencies a LEFT JOIN lapor_agencies p ON p.agency_id = a.parent_id
ON CONFLICT (agency_id) DO NOTHING;

-- pg_trgm is a trusted extension: a database owner may create it. Where the role may not, or the server lacks the
-- contrib modules, the schema applies without the index and searches read the table instead (docs/operations.md).
DO $$
BEGIN
    BEGIN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
    EXCEPTION WHEN insufficient_privilege OR undefined_file OR feature_not_supported THEN
        RAISE WARNING 'pg_trgm is not available (%): agency search runs without its trigram index', SQLERRM;
    END;

    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        EXECUTE 'CREATE INDEX IF NOT EXISTS ix_lapor_agency_search_trgm ON lapor_agency_search USING gin (search_text gin_trgm_ops)';
    END IF;
END
$$;

INSERT INTO lapor_schema_version (singleton, version) VALUES (true, 11)
ON CONFLICT (singleton) DO UPDATE SET version = excluded.version, applied_at = now()
WHERE lapor_schema_version.version < excluded.version;
