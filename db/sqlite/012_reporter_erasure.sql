-- Lapor.Orleans schema version 12 for sqlite: when each final report's reporter data is erased (docs/domain.md §5.1).
--
-- One row per report whose reporter's data waits for its erasure date. The complaint writes it: before its own state
-- when the date is set, after it when the date goes. The sweep reads the due rows in date order and asks each
-- complaint to erase; the complaint decides from its state and puts a stale row right. Kept here rather than as one
-- Orleans reminder per report, which every silo would hold in memory for a year. Instants are Unix milliseconds (UTC).
CREATE TABLE IF NOT EXISTS lapor_reporter_erasure
(
    complaint_id TEXT    NOT NULL PRIMARY KEY,
    erase_at_ms  INTEGER NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_lapor_reporter_erasure_due ON lapor_reporter_erasure (erase_at_ms, complaint_id);

-- Recorded last, so a partly applied script never claims to be complete; never lowers a later version.
INSERT INTO lapor_schema_version (singleton, version, applied_at)
VALUES (1, 12, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
ON CONFLICT (singleton) DO UPDATE SET version = excluded.version, applied_at = excluded.applied_at
WHERE lapor_schema_version.version < excluded.version;
