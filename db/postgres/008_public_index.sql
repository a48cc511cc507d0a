-- Lapor.Orleans schema version 8 for PostgreSQL: the public list as an index.
--
-- Until now the public feed was one grain holding the newest 2,000 published complaints: a hot spot for the whole
-- country and a window too short for Open311 clients and search. Every published complaint is now one row here,
-- written from the complaint's outbox and guarded by version like the inbox (AdoNetPublicIndex); `published` = 0
-- keeps a withdrawn complaint's version so a late, older line never publishes it again. Instants in Unix ms (UTC).
CREATE TABLE IF NOT EXISTS lapor_public
(
    complaint_id text   NOT NULL PRIMARY KEY,
    version      bigint NOT NULL,
    published    bigint NOT NULL,
    title        text   NOT NULL DEFAULT '',
    title_lower  text   NOT NULL DEFAULT '',
    kind         bigint NOT NULL DEFAULT 0,
    category     text   NOT NULL DEFAULT '',
    status       bigint NOT NULL DEFAULT 0,
    agency_id    text   NOT NULL DEFAULT '',
    submitted_ms bigint NOT NULL DEFAULT 0,
    updated_ms   bigint NOT NULL DEFAULT 0
);

-- Newest first, for everyone and per agency.
CREATE INDEX IF NOT EXISTS ix_lapor_public_newest ON lapor_public (published, submitted_ms, complaint_id);
CREATE INDEX IF NOT EXISTS ix_lapor_public_agency ON lapor_public (agency_id, published, submitted_ms, complaint_id);

INSERT INTO lapor_schema_version (singleton, version) VALUES (true, 8)
ON CONFLICT (singleton) DO UPDATE SET version = excluded.version, applied_at = now()
WHERE lapor_schema_version.version < excluded.version;
