-- Lapor.Orleans schema version 2 for PostgreSQL: the indexes that keep grain state bounded.
--
-- Version 1 kept every agency's inbox, version bookkeeping and monev days inside the agency's grain-state row, so
-- that row grew with the complaints and was rewritten whole on every notice. Version 2 keeps them here, one small
-- row per (agency, complaint), per (agency, day) and per escalation; the agency's grain state keeps only its profile
-- and children. `schema apply` moves version-1 rows over (Hosting/Storage/LegacyAgencyMigration.cs).
-- Instants are Unix milliseconds (UTC) in both providers, so the keyset SQL is the same text everywhere.

-- One row per (agency, complaint) the agency ever held or counted. `version` is the last complaint version whose
-- inbox line was applied (a repeat or an older notice never overwrites a newer row); `monev_version` the last
-- version whose monev facts were counted. `active` = 1 while the complaint sits in the inbox; a departed complaint
-- keeps its row (active = 0) so a late, older notice is still recognised.
CREATE TABLE IF NOT EXISTS lapor_inbox
(
    agency_id      text    NOT NULL,
    complaint_id   text    NOT NULL,
    version        bigint  NOT NULL DEFAULT 0,
    monev_version  bigint  NOT NULL DEFAULT 0,
    active         bigint  NOT NULL DEFAULT 0,
    role           bigint  NOT NULL DEFAULT 0,
    status         bigint  NOT NULL DEFAULT 0,
    kind           bigint  NOT NULL DEFAULT 0,
    channel        bigint  NOT NULL DEFAULT 0,
    category       text    NOT NULL DEFAULT '',
    region_code    text    NOT NULL DEFAULT '',
    title          text    NOT NULL DEFAULT '',
    step           bigint  NULL,
    due_ms         bigint  NULL,
    due_key        bigint  NOT NULL DEFAULT 9223372036854775807,
    escalated      bigint  NOT NULL DEFAULT 0,
    warned_percent bigint  NOT NULL DEFAULT 0,
    provisional    bigint  NOT NULL DEFAULT 0,
    submitted_ms   bigint  NOT NULL DEFAULT 0,
    updated_ms     bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (agency_id, complaint_id)
);

-- The keyset-paging indexes are in 009_inbox_open_indexes.sql.

-- Monev figures of one agency on one local day (its zone), Orleans-serialized MonevFigures. Written only by the
-- agency's grain; `revision` guards against a second activation writing over the first.
CREATE TABLE IF NOT EXISTS lapor_monev_day
(
    agency_id text    NOT NULL,
    day       bigint  NOT NULL,
    revision  bigint  NOT NULL,
    figures   bytea   NOT NULL,
    PRIMARY KEY (agency_id, day)
);

-- Running totals of one agency (a tally of its monev facts) and its monev generation.
CREATE TABLE IF NOT EXISTS lapor_agency_counters
(
    agency_id            text    NOT NULL PRIMARY KEY,
    received             bigint  NOT NULL DEFAULT 0,
    followed_up          bigint  NOT NULL DEFAULT 0,
    resolved             bigint  NOT NULL DEFAULT 0,
    breached             bigint  NOT NULL DEFAULT 0,
    escalated            bigint  NOT NULL DEFAULT 0,
    escalations_received bigint  NOT NULL DEFAULT 0
);

-- Escalations an agency received, newest first by (at_ms, complaint_id).
CREATE TABLE IF NOT EXISTS lapor_escalation
(
    agency_id             text    NOT NULL,
    complaint_id          text    NOT NULL,
    at_ms                 bigint  NOT NULL,
    step                  bigint  NOT NULL,
    from_agency_id        text    NOT NULL,
    missed_due_ms         bigint  NOT NULL,
    national_intervention bigint  NOT NULL,
    PRIMARY KEY (agency_id, at_ms, complaint_id)
);

-- Recorded last, so a partly applied script never claims to be complete; never lowers a later version.
INSERT INTO lapor_schema_version (singleton, version) VALUES (true, 2)
ON CONFLICT (singleton) DO UPDATE SET version = excluded.version, applied_at = now()
WHERE lapor_schema_version.version < excluded.version;
