-- Lapor.Orleans schema version 4 for sqlite: notification subscriptions and the durable notification outbox.
--
-- A complaint's change records its notification events in its own stored state (written with the change); its
-- outbox then inserts them here, one row per (event, receiver), idempotent by (event_id, target_key), so a repeat
-- after a crash never doubles a row. A dispatcher on every silo claims due rows with a lease and delivers them
-- (docs/operations.md, "Notifications"). Instants are Unix milliseconds (UTC).

-- What an agency wants to be told, and where: a webhook (URL, signing secrets) or an e-mail address. A handful of
-- rows per agency; never grows with the complaints. `events` is a comma-framed list (",routed,breach,").
-- `secrets` is a JSON array of {id, secret, createdMs, expiresMs}: every unexpired one signs (rotation).
CREATE TABLE IF NOT EXISTS lapor_subscription
(
    subscription_id TEXT    NOT NULL PRIMARY KEY,
    agency_id       TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    target          TEXT    NOT NULL,
    events          TEXT    NOT NULL,
    secrets         TEXT    NOT NULL DEFAULT '[]',
    active          INTEGER NOT NULL DEFAULT 1,
    created_ms      INTEGER NOT NULL,
    updated_ms      INTEGER NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_lapor_subscription_agency ON lapor_subscription (agency_id, subscription_id);

-- One delivery of one event to one receiver. `event_id` is stable (the receiver de-duplicates on it); `target_key`
-- names the receiver (a subscription id, or the channel and address of a direct receiver such as the reporter or an
-- SMS sender). state: 0 pending, 1 delivered, 2 dead (set aside after max_attempts; redeliverable by an admin).
-- A row is claimed by setting lease_owner/lease_until_ms; an expired lease (a dead silo) is claimable again.
CREATE TABLE IF NOT EXISTS lapor_notification
(
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id        TEXT    NOT NULL,
    target_key      TEXT    NOT NULL,
    complaint_id    TEXT    NOT NULL,
    version         INTEGER NOT NULL,
    event           TEXT    NOT NULL,
    agency_id       TEXT    NOT NULL,
    channel         TEXT    NOT NULL,
    subscription_id TEXT    NOT NULL,
    target          TEXT    NOT NULL,
    payload         TEXT    NOT NULL,
    state           INTEGER NOT NULL DEFAULT 0,
    attempts        INTEGER NOT NULL DEFAULT 0,
    max_attempts    INTEGER NOT NULL DEFAULT 0,
    next_ms         INTEGER NOT NULL,
    lease_owner     TEXT    NOT NULL DEFAULT '',
    lease_until_ms  INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT    NOT NULL DEFAULT '',
    created_ms      INTEGER NOT NULL,
    delivered_ms    INTEGER NOT NULL DEFAULT 0
);

CREATE UNIQUE INDEX IF NOT EXISTS ux_lapor_notification_event ON lapor_notification (event_id, target_key);
-- Due rows for the dispatcher; earlier pending rows of the same complaint and receiver (delivery order).
CREATE INDEX IF NOT EXISTS ix_lapor_notification_due ON lapor_notification (state, next_ms, seq);
CREATE INDEX IF NOT EXISTS ix_lapor_notification_order ON lapor_notification (complaint_id, target_key, state, seq);
-- Dead rows for the admin list, newest first, per agency.
CREATE INDEX IF NOT EXISTS ix_lapor_notification_dead ON lapor_notification (state, agency_id, seq);

-- Recorded last, so a partly applied script never claims to be complete; never lowers a later version.
INSERT INTO lapor_schema_version (singleton, version, applied_at)
VALUES (1, 4, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
ON CONFLICT (singleton) DO UPDATE SET version = excluded.version, applied_at = excluded.applied_at
WHERE lapor_schema_version.version < excluded.version;
