-- Read models written in the same transaction as the events of a command (see docs/retention-service.md).

-- One row per backup chain (policy + table): who it belongs to, and when its next retention event falls due.
CREATE TABLE chain (
    chain_id      UUID          NOT NULL,
    policy_id     UUID          NOT NULL,
    table_arn     VARCHAR(2048) NOT NULL,
    table_region  VARCHAR(64)   NOT NULL,
    table_account VARCHAR(32),
    table_name    VARCHAR(255)  NOT NULL,
    next_due_at   TIMESTAMPTZ,
    CONSTRAINT chain_pk PRIMARY KEY (chain_id)
);
CREATE INDEX chain_next_due_at ON chain (next_due_at) WHERE next_due_at IS NOT NULL;

-- The DynamoDB backup of each restore point, for the PointExpired message that asks the worker to delete it.
CREATE TABLE restore_point (
    chain_id    UUID          NOT NULL,
    slot        TIMESTAMPTZ   NOT NULL,
    backup_arn  VARCHAR(2048) NOT NULL,
    backup_name VARCHAR(255)  NOT NULL,
    CONSTRAINT restore_point_pk PRIMARY KEY (chain_id, slot)
);

-- The ids of the backup-events messages already handled (idempotent consumer).
CREATE TABLE handled_message (
    message_id   UUID        NOT NULL,
    message_type VARCHAR(64) NOT NULL,
    handled_at   TIMESTAMPTZ NOT NULL,
    CONSTRAINT handled_message_pk PRIMARY KEY (message_id)
);
