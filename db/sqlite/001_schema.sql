-- Lapor.Orleans storage schema for SQLite (embedded single-silo default), schema version 1.
--
-- Orleans' ADO.NET providers look up their SQL by key in OrleansQuery and bind named parameters
-- (@ServiceId, @GrainIdHash, ...). Only the table name OrleansQuery, the query keys, the parameter
-- names and the result column names are fixed by Orleans; everything else here is Lapor's own.
-- Safe to run any number of times: objects are created only when missing and the query texts are
-- replaced by their current version.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS lapor_schema_version
(
    singleton  INTEGER NOT NULL PRIMARY KEY CHECK (singleton = 1),
    version    INTEGER NOT NULL,
    applied_at TEXT    NOT NULL
);

-- ---------------------------------------------------------------------------------------------
-- Grain state (persistence provider). One row per (service, state name, grain key).
-- grain_id_ext holds the string part of the grain key ('' when the key has none).
-- ---------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS lapor_grain_state
(
    grain_id_hash   INTEGER NOT NULL,
    grain_type_hash INTEGER NOT NULL,
    service_id      TEXT    NOT NULL,
    grain_type      TEXT    NOT NULL,
    grain_id_n0     INTEGER NOT NULL,
    grain_id_n1     INTEGER NOT NULL,
    grain_id_ext    TEXT    NOT NULL DEFAULT '',
    payload         BLOB    NULL,
    version         INTEGER NOT NULL,
    modified_utc    TEXT    NOT NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS ux_lapor_grain_state_key
    ON lapor_grain_state (grain_id_hash, grain_type_hash, service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext);

-- Returns the new version when the write applied; otherwise the caller's version (or no row when the
-- caller had none), which Orleans reports as an InconsistentStateException.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
INSERT INTO lapor_grain_state
    (grain_id_hash, grain_type_hash, service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, payload, version, modified_utc)
SELECT @GrainIdHash, @GrainTypeHash, @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, ifnull(@GrainIdExtensionString, ''''),
       @PayloadBinary, 1, strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE @GrainStateVersion IS NULL
ON CONFLICT DO NOTHING
RETURNING version AS NewGrainStateVersion;
UPDATE lapor_grain_state SET
    payload      = @PayloadBinary,
    version      = version + 1,
    modified_utc = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash AND service_id = @ServiceId
  AND grain_type = @GrainTypeString AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_ext = ifnull(@GrainIdExtensionString, '''')
  AND version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion;
SELECT @GrainStateVersion AS NewGrainStateVersion WHERE changes() = 0 AND @GrainStateVersion IS NOT NULL;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
SELECT payload AS PayloadBinary, version AS Version
FROM lapor_grain_state
WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash AND service_id = @ServiceId
  AND grain_type = @GrainTypeString AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_ext = ifnull(@GrainIdExtensionString, '''')
LIMIT 1;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
UPDATE lapor_grain_state SET
    payload      = NULL,
    version      = version + 1,
    modified_utc = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash AND service_id = @ServiceId
  AND grain_type = @GrainTypeString AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_ext = ifnull(@GrainIdExtensionString, '''')
  AND version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion;
SELECT @GrainStateVersion AS NewGrainStateVersion WHERE changes() = 0 AND @GrainStateVersion IS NOT NULL;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', '
DELETE FROM lapor_grain_state
WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash AND service_id = @ServiceId
  AND grain_type = @GrainTypeString AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_ext = ifnull(@GrainIdExtensionString, '''')
  AND version = @GrainStateVersion
RETURNING version + 1 AS NewGrainStateVersion;
SELECT @GrainStateVersion AS NewGrainStateVersion WHERE changes() = 0 AND @GrainStateVersion IS NOT NULL;
');

-- ---------------------------------------------------------------------------------------------
-- Reminders. grain_hash is the grain's uniform hash as the signed 32-bit value Orleans sends;
-- start_time is the UTC instant as Microsoft.Data.Sqlite writes it (text, no offset).
-- ---------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS lapor_reminders
(
    service_id    TEXT    NOT NULL,
    grain_id      TEXT    NOT NULL,
    reminder_name TEXT    NOT NULL,
    start_time    TEXT    NOT NULL,
    period_ms     INTEGER NOT NULL,
    grain_hash    INTEGER NOT NULL,
    version       INTEGER NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX IF NOT EXISTS ix_lapor_reminders_ring ON lapor_reminders (service_id, grain_hash);

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpsertReminderRowKey', '
INSERT INTO lapor_reminders (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE SET
    start_time = excluded.start_time,
    period_ms  = excluded.period_ms,
    grain_hash = excluded.grain_hash,
    version    = lapor_reminders.version + 1
RETURNING version AS Version;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowsKey', '
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period, version AS Version
FROM lapor_reminders
WHERE service_id = @ServiceId AND grain_id = @GrainId;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowKey', '
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period, version AS Version
FROM lapor_reminders
WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName;
');

-- Ring range (BeginHash, EndHash] when BeginHash < EndHash.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows1Key', '
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period, version AS Version
FROM lapor_reminders
WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash;
');

-- Ring range that wraps around: everything above BeginHash plus everything up to EndHash.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows2Key', '
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period, version AS Version
FROM lapor_reminders
WHERE service_id = @ServiceId AND grain_hash > @BeginHash
UNION ALL
SELECT grain_id, reminder_name, start_time, period_ms, version
FROM lapor_reminders
WHERE service_id = @ServiceId AND grain_hash <= @EndHash;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowKey', '
DELETE FROM lapor_reminders
WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version;
SELECT changes() AS Deleted;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowsKey', '
DELETE FROM lapor_reminders WHERE service_id = @ServiceId;
');

-- Recorded last, so a partly applied script never claims to be complete; never lowers a later version.
INSERT INTO lapor_schema_version (singleton, version, applied_at)
VALUES (1, 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
ON CONFLICT (singleton) DO UPDATE SET version = excluded.version, applied_at = excluded.applied_at
WHERE lapor_schema_version.version < excluded.version;
