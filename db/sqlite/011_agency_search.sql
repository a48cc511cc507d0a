-- Lapor.Orleans schema version 11 for SQLite: the agency directory searched through an index.
--
-- Version 10's search read the directory in name order and tested each row's words and its parent's (a join per row),
-- so a word that few agencies hold read every row: 80 ms a search at 21,262 agencies, every regency with its units
-- (docs/benchmarks.md, session 29). Each agency now keeps one line here, written with its directory row
-- (AdoNetAgencyIndex): its name and its search text (its name and its parent's). A full-text index of three-letter
-- pieces (FTS5's trigram tokenizer) finds the lines that hold a word anywhere, so a search for words few agencies hold
-- reads just those; a search for common words walks the name index, which carries the search text, and soon fills a
-- page without reading the table. The integer key is the full-text index's row id: SQLite may renumber a table's
-- implicit row ids on VACUUM, never a declared INTEGER PRIMARY KEY.
CREATE TABLE IF NOT EXISTS lapor_agency_search
(
    id          INTEGER NOT NULL PRIMARY KEY,
    agency_id   TEXT    NOT NULL UNIQUE,
    name_lower  TEXT    NOT NULL,
    search_text TEXT    NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_lapor_agency_search_name ON lapor_agency_search (name_lower, agency_id, search_text);

-- The index keeps no copy of the text (external content); the triggers keep it in step with the table.
CREATE VIRTUAL TABLE IF NOT EXISTS lapor_agency_search_fts
    USING fts5(search_text, content = 'lapor_agency_search', content_rowid = 'id', tokenize = 'trigram');

CREATE TRIGGER IF NOT EXISTS lapor_agency_search_added AFTER INSERT ON lapor_agency_search BEGIN
    INSERT INTO lapor_agency_search_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;

CREATE TRIGGER IF NOT EXISTS lapor_agency_search_changed AFTER UPDATE ON lapor_agency_search BEGIN
    INSERT INTO lapor_agency_search_fts (lapor_agency_search_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO lapor_agency_search_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;

CREATE TRIGGER IF NOT EXISTS lapor_agency_search_removed AFTER DELETE ON lapor_agency_search BEGIN
    INSERT INTO lapor_agency_search_fts (lapor_agency_search_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;

-- The agencies a version-10 directory already lists (a line already here is the agency's own, kept since).
INSERT INTO lapor_agency_search (agency_id, name_lower, search_text)
SELECT a.agency_id, a.name_lower, a.name_lower || ' ' || COALESCE(p.name_lower, '')
  FROM lapor_agencies a LEFT JOIN lapor_agencies p ON p.agency_id = a.parent_id
 WHERE true
ON CONFLICT (agency_id) DO NOTHING;

INSERT INTO lapor_schema_version (singleton, version, applied_at)
VALUES (1, 11, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
ON CONFLICT (singleton) DO UPDATE SET version = excluded.version, applied_at = excluded.applied_at
WHERE lapor_schema_version.version < excluded.version;
