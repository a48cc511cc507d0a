-- Lapor.Orleans schema version 5 for SQLite: attachments (photos, documents, short videos) on complaint messages.
--
-- One row per uploaded file. The bytes live in the data folder (<DataFolder>/attachments/<xx>/<id>, and
-- <id>.stripped for images without their EXIF/XMP/text metadata); this row is written after the file is in place,
-- so a row always has its bytes. An upload is "staged" (complaint_id NULL) until a submission, reply or follow-up
-- claims it (complaint_id set, entry_sequence NULL) and the complaint's timeline entry commits it (entry_sequence
-- set). Staged and claimed-but-uncommitted rows older than Lapor:Attachments:StagedLifetime are removed by the
-- cleaner. Instants are Unix milliseconds (UTC), as in 002_index.sql.
CREATE TABLE IF NOT EXISTS lapor_attachment
(
    attachment_id   TEXT    NOT NULL PRIMARY KEY,
    complaint_id    TEXT    NULL,
    entry_sequence  INTEGER NULL,
    file_name       TEXT    NOT NULL,
    content_type    TEXT    NOT NULL,
    size_bytes      INTEGER NOT NULL,
    sha256          TEXT    NOT NULL,
    stripped_size   INTEGER NULL,
    stripped_sha256 TEXT    NULL,
    created_ms      INTEGER NOT NULL,
    committed_ms    INTEGER NULL
);

CREATE INDEX IF NOT EXISTS ix_lapor_attachment_complaint ON lapor_attachment (complaint_id, entry_sequence);
CREATE INDEX IF NOT EXISTS ix_lapor_attachment_pending ON lapor_attachment (entry_sequence, created_ms);

-- Recorded last, so a partly applied script never claims to be complete; never lowers a later version.
INSERT INTO lapor_schema_version (singleton, version, applied_at)
VALUES (1, 5, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
ON CONFLICT (singleton) DO UPDATE SET version = excluded.version, applied_at = excluded.applied_at
WHERE lapor_schema_version.version < excluded.version;
