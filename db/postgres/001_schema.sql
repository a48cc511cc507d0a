-- Lapor.Orleans storage schema for PostgreSQL 15: clustering, grain state and reminders. Schema version 1.
--
-- Orleans' ADO.NET providers look up their SQL by key in OrleansQuery and bind named parameters
-- (@DeploymentId, @GrainIdHash, ...). Only the table name OrleansQuery, the query keys, the parameter
-- names and the result column names are fixed by Orleans; every other name here is Lapor's own.
-- Idempotent: tables and indexes are created only when missing, functions are replaced and query
-- texts upserted. SchemaInstaller runs this inside one transaction under an advisory lock.

CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) NOT NULL PRIMARY KEY,
    querytext text        NOT NULL
);

CREATE TABLE IF NOT EXISTS lapor_schema_version
(
    singleton  boolean     NOT NULL PRIMARY KEY DEFAULT true CHECK (singleton),
    version    integer     NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);

-- =============================================================================================
-- Clustering (membership). One version row per cluster id; every membership change bumps it.
-- =============================================================================================
CREATE TABLE IF NOT EXISTS lapor_membership_version
(
    deployment_id text        NOT NULL PRIMARY KEY,
    version       integer     NOT NULL DEFAULT 0,
    changed_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS lapor_membership
(
    deployment_id   text        NOT NULL REFERENCES lapor_membership_version (deployment_id),
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NOT NULL DEFAULT 0,
    suspect_times   text        NULL,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- Adds a silo row and bumps the table version, both or neither. Returns 1 on success, 0 when the
-- row already exists or the caller's table version is stale.
CREATE OR REPLACE FUNCTION lapor_membership_insert(
    p_deployment_id text, p_address text, p_port integer, p_generation integer,
    p_silo_name text, p_host_name text, p_status integer, p_proxy_port integer,
    p_start_time timestamptz, p_i_am_alive_time timestamptz, p_expected_version integer)
RETURNS integer
LANGUAGE plpgsql AS
$body$
BEGIN
    BEGIN
        INSERT INTO lapor_membership
            (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
        VALUES
            (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status,
             coalesce(p_proxy_port, 0), p_start_time, p_i_am_alive_time)
        ON CONFLICT DO NOTHING;
        IF NOT FOUND THEN
            RETURN 0;
        END IF;

        UPDATE lapor_membership_version
           SET version = version + 1, changed_at = now()
         WHERE deployment_id = p_deployment_id AND version = p_expected_version;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'stale membership version' USING ERRCODE = 'LP001';
        END IF;
        RETURN 1;
    EXCEPTION WHEN SQLSTATE 'LP001' THEN
        RETURN 0;  -- the block's subtransaction is rolled back, so the inserted row is gone again
    END;
END;
$body$;

-- Updates a silo row and bumps the table version, both or neither. Returns 1 on success, else 0.
CREATE OR REPLACE FUNCTION lapor_membership_update(
    p_deployment_id text, p_address text, p_port integer, p_generation integer,
    p_status integer, p_suspect_times text, p_i_am_alive_time timestamptz, p_expected_version integer)
RETURNS integer
LANGUAGE plpgsql AS
$body$
BEGIN
    BEGIN
        UPDATE lapor_membership_version
           SET version = version + 1, changed_at = now()
         WHERE deployment_id = p_deployment_id AND version = p_expected_version;
        IF NOT FOUND THEN
            RETURN 0;
        END IF;

        UPDATE lapor_membership
           SET status = p_status,
               suspect_times = p_suspect_times,
               i_am_alive_time = greatest(i_am_alive_time, p_i_am_alive_time)
         WHERE deployment_id = p_deployment_id AND address = p_address
           AND port = p_port AND generation = p_generation;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'no such silo row' USING ERRCODE = 'LP001';
        END IF;
        RETURN 1;
    EXCEPTION WHEN SQLSTATE 'LP001' THEN
        RETURN 0;
    END;
END;
$body$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('InsertMembershipVersionKey', $q$
WITH added AS (
    INSERT INTO lapor_membership_version (deployment_id) VALUES (@DeploymentId::text)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer AS "Inserted" FROM added;
$q$),
('InsertMembershipKey', $q$
SELECT lapor_membership_insert(@DeploymentId::text, @Address::text, @Port::integer, @Generation::integer,
    @SiloName::text, @HostName::text, @Status::integer, @ProxyPort::integer,
    @StartTime::timestamptz, @IAmAliveTime::timestamptz, @Version::integer) AS "Inserted";
$q$),
('UpdateMembershipKey', $q$
SELECT lapor_membership_update(@DeploymentId::text, @Address::text, @Port::integer, @Generation::integer,
    @Status::integer, @SuspectTimes::text, @IAmAliveTime::timestamptz, @Version::integer) AS "Updated";
$q$),
('UpdateIAmAlivetimeKey', $q$
UPDATE lapor_membership
   SET i_am_alive_time = greatest(i_am_alive_time, @IAmAliveTime::timestamptz)
 WHERE deployment_id = @DeploymentId::text AND address = @Address::text
   AND port = @Port::integer AND generation = @Generation::integer;
$q$),
('MembershipReadRowKey', $q$
SELECT v.version AS "Version", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
       m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
  FROM lapor_membership_version v
  LEFT JOIN lapor_membership m
    ON m.deployment_id = v.deployment_id AND m.address = @Address::text
   AND m.port = @Port::integer AND m.generation = @Generation::integer
 WHERE v.deployment_id = @DeploymentId::text;
$q$),
('MembershipReadAllKey', $q$
SELECT v.version AS "Version", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
       m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
  FROM lapor_membership_version v
  LEFT JOIN lapor_membership m ON m.deployment_id = v.deployment_id
 WHERE v.deployment_id = @DeploymentId::text;
$q$),
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM lapor_membership WHERE deployment_id = @DeploymentId::text;
DELETE FROM lapor_membership_version WHERE deployment_id = @DeploymentId::text;
$q$),
('GatewaysQueryKey', $q$
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
  FROM lapor_membership
 WHERE deployment_id = @DeploymentId::text AND status = @Status::integer AND proxy_port > 0;
$q$),
-- Status 6 is SiloStatus.Dead: only rows of silos declared dead long enough ago are pruned.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM lapor_membership
 WHERE deployment_id = @DeploymentId::text AND status = 6
   AND i_am_alive_time < @IAmAliveTime::timestamptz AND start_time < @IAmAliveTime::timestamptz
   AND coalesce(suspect_times, '') = '';
$q$),
('CleanupDefunctSiloEntryKey', $q$
DELETE FROM lapor_membership
 WHERE deployment_id = @DeploymentId::text AND status = 6
   AND address = @Address::text AND port = @Port::integer AND generation = @Generation::integer
   AND i_am_alive_time = @IAmAliveTime::timestamptz AND start_time = @StartTime::timestamptz
   AND coalesce(suspect_times, '') = coalesce(@SuspectTimes::text, '');
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

-- =============================================================================================
-- Grain state (persistence). One row per (service, state name, grain key); grain_id_ext is the
-- string part of the key ('' when there is none).
-- =============================================================================================
CREATE TABLE IF NOT EXISTS lapor_grain_state
(
    grain_id_hash   integer     NOT NULL,
    grain_type_hash integer     NOT NULL,
    service_id      text        NOT NULL,
    grain_type      text        NOT NULL,
    grain_id_n0     bigint      NOT NULL,
    grain_id_n1     bigint      NOT NULL,
    grain_id_ext    text        NOT NULL DEFAULT '',
    payload         bytea       NULL,
    version         integer     NOT NULL,
    modified_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ux_lapor_grain_state_key
        UNIQUE (grain_id_hash, grain_type_hash, service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext)
);

-- Returns exactly one row: the new version when the write applied, else the caller's version;
-- no row only when the caller expected no row and one exists (Orleans: InconsistentStateException).
INSERT INTO orleansquery (querykey, querytext) VALUES
('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE lapor_grain_state
       SET payload = @PayloadBinary::bytea, version = version + 1, modified_at = now()
     WHERE grain_id_hash = @GrainIdHash::integer AND grain_type_hash = @GrainTypeHash::integer
       AND service_id = @ServiceId::text AND grain_type = @GrainTypeString::text
       AND grain_id_n0 = @GrainIdN0::bigint AND grain_id_n1 = @GrainIdN1::bigint
       AND grain_id_ext = coalesce(@GrainIdExtensionString::text, '')
       AND version = @GrainStateVersion::integer
    RETURNING version
), inserted AS (
    INSERT INTO lapor_grain_state
        (grain_id_hash, grain_type_hash, service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, payload, version)
    SELECT @GrainIdHash::integer, @GrainTypeHash::integer, @ServiceId::text, @GrainTypeString::text,
           @GrainIdN0::bigint, @GrainIdN1::bigint, coalesce(@GrainIdExtensionString::text, ''), @PayloadBinary::bytea, 1
     WHERE @GrainStateVersion::integer IS NULL
    ON CONFLICT ON CONSTRAINT ux_lapor_grain_state_key DO NOTHING
    RETURNING version
)
SELECT version AS "NewGrainStateVersion" FROM updated
UNION ALL
SELECT version FROM inserted
UNION ALL
SELECT @GrainStateVersion::integer
 WHERE @GrainStateVersion::integer IS NOT NULL AND NOT EXISTS (SELECT 1 FROM updated);
$q$),
('ReadFromStorageKey', $q$
SELECT payload AS "PayloadBinary", version AS "Version"
  FROM lapor_grain_state
 WHERE grain_id_hash = @GrainIdHash::integer AND grain_type_hash = @GrainTypeHash::integer
   AND service_id = @ServiceId::text AND grain_type = @GrainTypeString::text
   AND grain_id_n0 = @GrainIdN0::bigint AND grain_id_n1 = @GrainIdN1::bigint
   AND grain_id_ext = coalesce(@GrainIdExtensionString::text, '')
 LIMIT 1;
$q$),
('ClearStorageKey', $q$
WITH cleared AS (
    UPDATE lapor_grain_state
       SET payload = NULL, version = version + 1, modified_at = now()
     WHERE grain_id_hash = @GrainIdHash::integer AND grain_type_hash = @GrainTypeHash::integer
       AND service_id = @ServiceId::text AND grain_type = @GrainTypeString::text
       AND grain_id_n0 = @GrainIdN0::bigint AND grain_id_n1 = @GrainIdN1::bigint
       AND grain_id_ext = coalesce(@GrainIdExtensionString::text, '')
       AND version = @GrainStateVersion::integer
    RETURNING version
)
SELECT version AS "NewGrainStateVersion" FROM cleared
UNION ALL
SELECT @GrainStateVersion::integer
 WHERE @GrainStateVersion::integer IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cleared);
$q$),
('DeleteStorageKey', $q$
WITH removed AS (
    DELETE FROM lapor_grain_state
     WHERE grain_id_hash = @GrainIdHash::integer AND grain_type_hash = @GrainTypeHash::integer
       AND service_id = @ServiceId::text AND grain_type = @GrainTypeString::text
       AND grain_id_n0 = @GrainIdN0::bigint AND grain_id_n1 = @GrainIdN1::bigint
       AND grain_id_ext = coalesce(@GrainIdExtensionString::text, '')
       AND version = @GrainStateVersion::integer
    RETURNING version + 1 AS version
)
SELECT version AS "NewGrainStateVersion" FROM removed
UNION ALL
SELECT @GrainStateVersion::integer
 WHERE @GrainStateVersion::integer IS NOT NULL AND NOT EXISTS (SELECT 1 FROM removed);
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

-- =============================================================================================
-- Reminders. grain_hash is the signed 32-bit uniform hash Orleans sends; grain ids are text, so
-- keys such as 'lapor-complaint/LPR-0123456789' or 64-character agency slugs always fit.
-- =============================================================================================
CREATE TABLE IF NOT EXISTS lapor_reminders
(
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    start_time    timestamptz NOT NULL,
    period_ms     bigint      NOT NULL,
    grain_hash    integer     NOT NULL,
    version       integer     NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX IF NOT EXISTS ix_lapor_reminders_ring ON lapor_reminders (service_id, grain_hash);

INSERT INTO orleansquery (querykey, querytext) VALUES
('UpsertReminderRowKey', $q$
INSERT INTO lapor_reminders AS r (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
VALUES (@ServiceId::text, @GrainId::text, @ReminderName::text, @StartTime::timestamptz, @Period::bigint, @GrainHash::integer, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
   SET start_time = excluded.start_time, period_ms = excluded.period_ms,
       grain_hash = excluded.grain_hash, version = r.version + 1
RETURNING r.version AS "Version";
$q$),
('ReadReminderRowsKey', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
  FROM lapor_reminders
 WHERE service_id = @ServiceId::text AND grain_id = @GrainId::text;
$q$),
('ReadReminderRowKey', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
  FROM lapor_reminders
 WHERE service_id = @ServiceId::text AND grain_id = @GrainId::text AND reminder_name = @ReminderName::text;
$q$),
-- Ring range (BeginHash, EndHash] when BeginHash < EndHash.
('ReadRangeRows1Key', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
  FROM lapor_reminders
 WHERE service_id = @ServiceId::text AND grain_hash > @BeginHash::integer AND grain_hash <= @EndHash::integer;
$q$),
-- Wrapped ring range: above BeginHash, or up to EndHash.
('ReadRangeRows2Key', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
  FROM lapor_reminders
 WHERE service_id = @ServiceId::text AND grain_hash > @BeginHash::integer
UNION ALL
SELECT grain_id, reminder_name, start_time, period_ms, version
  FROM lapor_reminders
 WHERE service_id = @ServiceId::text AND grain_hash <= @EndHash::integer;
$q$),
('DeleteReminderRowKey', $q$
WITH removed AS (
    DELETE FROM lapor_reminders
     WHERE service_id = @ServiceId::text AND grain_id = @GrainId::text
       AND reminder_name = @ReminderName::text AND version = @Version::integer
    RETURNING 1
)
SELECT count(*)::integer AS "Deleted" FROM removed;
$q$),
('DeleteReminderRowsKey', $q$
DELETE FROM lapor_reminders WHERE service_id = @ServiceId::text;
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

-- Recorded last, so a partly applied script never claims to be complete; never lowers a later version.
INSERT INTO lapor_schema_version (singleton, version) VALUES (true, 1)
ON CONFLICT (singleton) DO UPDATE SET version = excluded.version, applied_at = now()
WHERE lapor_schema_version.version < excluded.version;
