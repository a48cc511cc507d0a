-- Lapor.Orleans schema version 5 for PostgreSQL: attachments (photos, documents, short videos) on complaint messages.
--
-- One row per uploaded file, and its bytes in lapor_attachment_chunk (256 KiB bytea pieces, variant 0 = the
-- original, 1 = an image without its EXIF/XMP/text metadata), all inserted in one transaction: a row always has all
-- of its bytes, and a failed upload leaves nothing. An upload is "staged" (complaint_id NULL) until a submission,
-- reply or follow-up claims it (complaint_id set, entry_sequence NULL) and the complaint's timeline entry commits it
-- (entry_sequence set). Staged and claimed-but-uncommitted rows older than Lapor:Attachments:StagedLifetime are
-- removed by the cleaner. Instants are Unix milliseconds (UTC), as in 002_index.sql.
CREATE TABLE IF NOT EXISTS lapor_attachment
(
    attachment_id   text    NOT NULL PRIMARY KEY,
    complaint_id    text    NULL,
    entry_sequence  bigint  NULL,
    file_name       text    NOT NULL,
    content_type    text    NOT NULL,
    size_bytes      bigint  NOT NULL,
    sha256          text    NOT NULL,
    stripped_size   bigint  NULL,
    stripped_sha256 text    NULL,
    created_ms      bigint  NOT NULL,
    committed_ms    bigint  NULL
);

CREATE INDEX IF NOT EXISTS ix_lapor_attachment_complaint ON lapor_attachment (complaint_id, entry_sequence);
CREATE INDEX IF NOT EXISTS ix_lapor_attachment_pending ON lapor_attachment (entry_sequence, created_ms);

CREATE TABLE IF NOT EXISTS lapor_attachment_chunk
(
    attachment_id text     NOT NULL REFERENCES lapor_attachment (attachment_id) ON DELETE CASCADE,
    variant       smallint NOT NULL,
    seq           integer  NOT NULL,
    data          bytea    NOT NULL,
    PRIMARY KEY (attachment_id, variant, seq)
);

-- Recorded last, so a partly applied script never claims to be complete; never lowers a later version.
INSERT INTO lapor_schema_version (singleton, version) VALUES (true, 5)
ON CONFLICT (singleton) DO UPDATE SET version = excluded.version, applied_at = now()
WHERE lapor_schema_version.version < excluded.version;
