-- Lapor.Orleans schema version 7 for SQLite: how many complaints each inbox holds, kept as they move.
--
-- Counting an inbox's active rows on every page read costs O(inbox): with 100,000 complaints waiting at one agency
-- that count dominated the page. The index writer now adds +1/-1 here in the same transaction as the inbox line
-- (AdoNetInboxIndex), spread over 16 shards per agency so the national verification queue is not one hot row.
CREATE TABLE IF NOT EXISTS lapor_inbox_count
(
    agency_id text   NOT NULL,
    shard     integer NOT NULL,
    active    integer NOT NULL,
    PRIMARY KEY (agency_id, shard)
);

-- Upgrading from an earlier version: count what is there once (shard 0). Runs only while the table is empty, and a
-- counted row is never deleted, so applying the scripts again never counts twice.
INSERT INTO lapor_inbox_count (agency_id, shard, active)
SELECT agency_id, 0, count(*) FROM lapor_inbox
 WHERE active = 1 AND NOT EXISTS (SELECT 1 FROM lapor_inbox_count)
 GROUP BY agency_id;

INSERT INTO lapor_schema_version (singleton, version, applied_at)
VALUES (1, 7, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
ON CONFLICT (singleton) DO UPDATE SET version = excluded.version, applied_at = excluded.applied_at
WHERE lapor_schema_version.version < excluded.version;
