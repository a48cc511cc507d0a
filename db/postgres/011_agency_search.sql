-- Lapor.Orleans schema version 11 for PostgreSQL: the agency directory searched through an index.
--
-- Version 10's search read the directory in name order and tested each row's words and its parent's (a join per row),
-- so a word that few agencies hold read every row: 35 ms a search at 21,262 agencies, every regency with its units
-- (docs/benchmarks.md, session 29). Each agency now keeps one line here, written with its directory row
-- (AdoNetAgencyIndex): its name and its search text (its name and its parent's). A trigram index (the pg_trgm extension
-- that ships with PostgreSQL) finds the lines that hold a word anywhere, so a search for words few agencies hold reads
-- just those; a search for common words walks the name index, which carries the search text, and soon fills a page
-- without reading the table.
CREATE TABLE IF NOT EXISTS lapor_agency_search
(
    agency_id   text NOT NULL PRIMARY KEY,
    name_lower  text NOT NULL,
    search_text text NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_lapor_agency_search_name ON lapor_agency_search (name_lower, agency_id) INCLUDE (search_text);

-- The agencies a version-10 directory already lists (a line already here is the agency's own, kept since).
INSERT INTO lapor_agency_search (agency_id, name_lower, search_text)
SELECT a.agency_id, a.name_lower, a.name_lower || ' ' || COALESCE(p.name_lower, '')
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
