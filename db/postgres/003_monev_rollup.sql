-- Lapor.Orleans schema version 3 for PostgreSQL: monev roll-ups (docs/monev.md, "Roll-up").
--
-- Version 2 summed a subtree's figures on read by asking every agency below it; version 3 keeps every agency's own
-- and subtree figures per day and per month, and its active inbox lines by hour, so that any view reads a handful of
-- rows whatever the depth. Each agency adds its own changes and its children's into its subtree rows and hands the sum
-- to its parent through a small outbox, numbered per agency, applied once per (parent, child, number).
-- `schema apply` builds these rows once from version-2 data (Hosting/Storage/MonevRollupMigration.cs).

-- Figures (Orleans-serialized MonevFigures) of one agency: scope 0 = its own, 1 = its subtree (itself and every agency
-- below it); period 0 = one local day, 1 = one month; start = DayNumber of the day or of the month's first day.
-- Written only by the agency's grain; `revision` guards against a second activation writing over the first.
CREATE TABLE IF NOT EXISTS lapor_monev_sum
(
    agency_id text    NOT NULL,
    scope     bigint  NOT NULL,
    period    bigint  NOT NULL,
    start     bigint  NOT NULL,
    revision  bigint  NOT NULL,
    figures   bytea   NOT NULL,
    PRIMARY KEY (agency_id, scope, period, start)
);

-- Active inbox lines by hour of submission (UTC hours since 1970): scope 0 = the agency's own inbox, 1 = its subtree.
CREATE TABLE IF NOT EXISTS lapor_monev_backlog
(
    agency_id text    NOT NULL,
    scope     bigint  NOT NULL,
    hour      bigint  NOT NULL,
    lines     bigint  NOT NULL,
    PRIMARY KEY (agency_id, scope, hour)
);

-- The complaints counted in an agency's own backlog (present while the complaint is in its inbox).
CREATE TABLE IF NOT EXISTS lapor_monev_line
(
    agency_id    text    NOT NULL,
    complaint_id text    NOT NULL,
    hour         bigint  NOT NULL,
    PRIMARY KEY (agency_id, complaint_id)
);

-- An agency's place in the roll-up: the parent its subtree changes go to, the number of its next change, and the
-- agencies in its subtree (itself included).
CREATE TABLE IF NOT EXISTS lapor_monev_node
(
    agency_id text    NOT NULL PRIMARY KEY,
    parent_id text    NULL,
    next_seq  bigint  NOT NULL,
    agencies  bigint  NOT NULL
);

-- Subtree changes (Orleans-serialized MonevDelta) stored with the change itself, until the parent acknowledged them.
CREATE TABLE IF NOT EXISTS lapor_monev_outbox
(
    agency_id text    NOT NULL,
    seq       bigint  NOT NULL,
    parent_id text    NOT NULL,
    delta     bytea   NOT NULL,
    PRIMARY KEY (agency_id, seq)
);

-- The last change a parent applied from each child: a change is applied once, however often it is sent.
CREATE TABLE IF NOT EXISTS lapor_monev_link
(
    parent_id text    NOT NULL,
    child_id  text    NOT NULL,
    seq       bigint  NOT NULL,
    PRIMARY KEY (parent_id, child_id)
);

-- Recorded last, so a partly applied script never claims to be complete; never lowers a later version.
INSERT INTO lapor_schema_version (singleton, version) VALUES (true, 3)
ON CONFLICT (singleton) DO UPDATE SET version = excluded.version, applied_at = now()
WHERE lapor_schema_version.version < excluded.version;
