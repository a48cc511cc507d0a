-- Lapor.Orleans schema version 4 for postgres: notification subscriptions and the durable notification outbox.
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
    subscription_id text    NOT NULL PRIMARY KEY,
    agency_id       text    NOT NULL,
    kind            text    NOT NULL,
    target          text    NOT NULL,
    events          text    NOT NULL,
    secrets         text    NOT NULL DEFAULT '[]',
    active          bigint  NOT NULL DEFAULT 1,
    created_ms      bigint  NOT NULL,
    updated_ms      bigint  NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_lapor_subscription_agency ON lapor_subscription (agency_id, subscription_id);

-- One delivery of one event to one receiver. `event_id` is stable (the receiver de-duplicates on it); `target_key`
-- names the receiver (a subscription id, or the channel and address of a direct receiver such as the reporter or an
-- SMS sender). state: 0 pending, 1 delivered, 2 dead (set aside after max_attempts; redeliverable by an admin).
-- A row is claimed by setting lease_owner/lease_until_ms; an expired lease (a dead silo) is claimable again.
CREATE TABLE IF NOT EXISTS lapor_notification
(
    seq bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id        text    NOT NULL,
    target_key      text    NOT NULL,
    complaint_id    text    NOT NULL,
    version         bigint  NOT NULL,
    event           text    NOT NULL,
    agency_id       text    NOT NULL,
    channel         text    NOT NULL,
    subscription_id text    NOT NULL,
    target          text    NOT NULL,
    payload         text    NOT NULL,
    state           bigint  NOT NULL DEFAULT 0,
    attempts        bigint  NOT NULL DEFAULT 0,
    max_attempts    bigint  NOT NULL DEFAULT 0,
    next_ms         bigint  NOT NULL,
    lease_owner     text    NOT NULL DEFAULT '',
    lease_until_ms  bigint  NOT NULL DEFAULT 0,
    last_error      text    NOT NULL DEFAULT '',
    created_ms      bigint  NOT NULL,
    delivered_ms    bigint  NOT NULL DEFAULT 0
);

CREATE UNIQUE INDEX IF NOT EXISTS ux_lapor_notification_event ON lapor_notification (event_id, target_key);
-- Due rows for the dispatcher; earlier pending rows of the same complaint and receiver (delivery order).
CREATE INDEX IF NOT EXISTS ix_lapor_notification_due ON lapor_notification (state, next_ms, seq);
CREATE INDEX IF NOT EXISTS ix_lapor_notification_order ON lapor_notification (complaint_id, target_key, state, seq);
-- Dead rows for the admin list, newest first, per agency.
CREATE INDEX IF NOT EXISTS ix_lapor_notification_dead ON lapor_notification (state, agency_id, seq);

-- Recorded last, so a partly applied script never claims to be complete; never lowers a later version.
INSERT INTO lapor_schema_version (singleton, version) VALUES (true, 4)
ON CONFLICT (singleton) DO UPDATE SET version = excluded.version, applied_at = now()
WHERE lapor_schema_version.version < excluded.version;
