-- The operations service's projection of the topics (docs/operations.md). Every row is derived from messages and
-- can be rebuilt by consuming the topics again from their start.

-- One row per job: a backup job per policy, table and slot (id = the due id), a deletion job per expired point
-- (id = the PointExpired message id). state_rank orders the states so that a message that arrives late never
-- moves a job back (a BackupStarted after its BackupCreated, a due after its outcome).
CREATE TABLE job (
    id               uuid PRIMARY KEY,
    kind             text        NOT NULL,
    state            text        NOT NULL,
    state_rank       integer     NOT NULL,
    policy_id        uuid        NOT NULL,
    policy_version   bigint,
    account_id       text,
    role_arn         text,
    external_id      text,
    region           text,
    table_name       text        NOT NULL,
    table_arn        text        NOT NULL,
    slot             timestamptz NOT NULL,
    flags            text,
    created_at       timestamptz NOT NULL,
    start_window_end timestamptz,
    started_at       timestamptz,
    ended_at         timestamptz,
    attempts         integer     NOT NULL DEFAULT 0,
    error            text,
    backup_arn       text,
    backup_name      text,
    size_bytes       bigint,
    item_count       bigint,
    described_at     timestamptz,
    started_by       text,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX job_newest ON job (created_at DESC, id DESC);
CREATE INDEX job_policy ON job (policy_id, created_at DESC);
CREATE INDEX job_table ON job (table_arn, kind, created_at DESC);
CREATE INDEX job_state ON job (state, created_at DESC);
CREATE INDEX job_policy_slot ON job (policy_id, kind, slot);

-- The latest version of every policy seen on the policies topic.
CREATE TABLE policy (
    id         uuid PRIMARY KEY,
    version    bigint      NOT NULL,
    name       text        NOT NULL,
    enabled    boolean     NOT NULL,
    document   text        NOT NULL,
    updated_at timestamptz NOT NULL
);

-- The restore points this system made, with the flags they still carry; deleted_at once the backup is gone.
CREATE TABLE restore_point (
    policy_id  uuid        NOT NULL,
    table_arn  text        NOT NULL,
    slot       timestamptz NOT NULL,
    account_id text,
    region     text,
    table_name text        NOT NULL,
    backup_arn text        NOT NULL,
    flags      text        NOT NULL,
    created_at timestamptz NOT NULL,
    expired_at timestamptz,
    deleted_at timestamptz,
    PRIMARY KEY (policy_id, table_arn, slot)
);
CREATE INDEX restore_point_alive ON restore_point (table_arn) WHERE deleted_at IS NULL;

-- Every retention gap the retention service reported: a period of a tier that has no point.
CREATE TABLE retention_gap (
    policy_id    uuid        NOT NULL,
    table_arn    text        NOT NULL,
    tier         text        NOT NULL,
    period_start timestamptz NOT NULL,
    period_end   timestamptz NOT NULL,
    reported_at  timestamptz NOT NULL,
    PRIMARY KEY (policy_id, table_arn, tier, period_start)
);

-- Whether the deletions of a policy are paused by the clock guard, and why.
CREATE TABLE deletion_pause (
    policy_id  uuid PRIMARY KEY,
    paused_at  timestamptz NOT NULL,
    cause      text        NOT NULL,
    reason     text        NOT NULL,
    resumed_at timestamptz
);
