-- Lapor.Orleans schema version 11 for SQLite: the agency directory searched through an index.
--
-- Version 10's search read the directory in name order and tested each row's words and its parent's, so a word that
-- few agencies hold read every row: 15 ms at 22,000 agencies (every regency's units). Each agency now keeps one line
-- of search text here, its name and its parent's (lowercase), written with its directory row (AdoNetAgencyIndex); a
-- full-text index of three-letter pieces (FTS5's trigram tokenizer) finds the agencies that hold a word anywhere in
-- that text, so a search for a rare word reads only those. The integer key is the full-text index's row id: SQLite may
-- renumber a table's implicit row ids on VACUUM, never a declared INTEGER PRIMARY KEY.
CREATE TABLE IF NOT EXISTS lapor_agency_search
(
    id          INTEGER NOT NULL PRIMARY KEY,
    agency_id   TEXT    NOT NULL UNIQUE,
    search_text TEXT    NOT NULL
);

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
INSERT INTO lapor_agency_search (agency_id, search_text)
SELECT a.agency_id, a.name_lower || ' ' || COALESCE(p.name_lower, '')
  FROM lapor_agencies a LEFT JOIN lapor_agencies p ON p.agency_id = a.parent_id
 WHERE true
ON CONFLICT (agency_id) DO NOTHING;

INSERT INTO lapor_schema_version (singleton, version, applied_at)
VALUES (1, 11, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
ON CONFLICT (singleton) DO UPDATE SET version = excluded.version, applied_at = excluded.applied_at
WHERE lapor_schema_version.version < excluded.version;
