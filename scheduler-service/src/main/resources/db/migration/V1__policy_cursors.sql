-- One cursor per policy: which of its slots are handled (emitted as BackupDue, recorded as BackupMissed, or
-- skipped while the policy was disabled). A slot is handled once its events are acknowledged by Kafka; the
-- cursor moves in the same transaction that holds the row lock, so two instances never handle one slot twice.
CREATE TABLE policy_cursor (
    policy_id      uuid PRIMARY KEY,
    -- the first instant whose slots count: the creation of the policy (occurredAt of version 1)
    starts_at      timestamptz NOT NULL,
    -- the latest slot handled; null until the first one
    last_slot      timestamptz,
    -- the policy version that handled last_slot
    policy_version bigint      NOT NULL,
    updated_at     timestamptz NOT NULL
);
