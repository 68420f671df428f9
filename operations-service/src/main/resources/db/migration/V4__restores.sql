-- Restores and restore tests (docs/operations.md, "Restores", "Restore tests"; decision 13).

-- One row per restore: asked for over REST (kind RESTORE, random id) or made by a run of a policy's restore test
-- (kind RESTORE_TEST, id name-based on policy, test slot and table). The row is written when the restore is asked
-- for (PENDING) and follows RestoreStarted (RESTORING), RestoreEnded (COMPLETED or FAILED) and ScratchTableDropped;
-- state_rank orders the states so that a late or repeated message never moves a restore back. options, warnings and
-- validation are JSON. The test fields (test_slot, seed, keep_for_seconds, drop_at, dropped_at) are set for a test
-- only; expiry_sent_at is when ScratchTableExpired was last published for a kept scratch table.
CREATE TABLE restore (
    id                  uuid PRIMARY KEY,
    kind                text        NOT NULL,
    state               text        NOT NULL,
    state_rank          integer     NOT NULL,
    policy_id           uuid        NOT NULL,
    policy_version      bigint,
    source_account_id   text,
    source_region       text        NOT NULL,
    source_table_name   text        NOT NULL,
    source_table_arn    text        NOT NULL,
    source_slot         timestamptz NOT NULL,
    backup_arn          text        NOT NULL,
    target_table_name   text        NOT NULL,
    target_table_arn    text        NOT NULL,
    options             text        NOT NULL,
    requested_by        text        NOT NULL,
    requested_at        timestamptz NOT NULL,
    started_at          timestamptz,
    started_by          text,
    active_at           timestamptz,
    ended_at            timestamptz,
    error               text,
    warnings            text,
    validation          text,
    test_slot           timestamptz,
    seed                bigint,
    keep_for_seconds    bigint,
    drop_at             timestamptz,
    dropped_at          timestamptz,
    expiry_sent_at      timestamptz
);
CREATE INDEX restore_newest ON restore (requested_at DESC, id DESC);
CREATE INDEX restore_target ON restore (target_table_arn, state);
CREATE INDEX restore_policy ON restore (policy_id, kind, ended_at DESC);
CREATE UNIQUE INDEX restore_test_table ON restore (policy_id, test_slot, source_table_arn) WHERE kind = 'RESTORE_TEST';
CREATE INDEX restore_scratch_due ON restore (drop_at) WHERE drop_at IS NOT NULL AND dropped_at IS NULL;

-- One row per run of a policy's restore test: its slot (unique per policy, so two instances run a slot once), the
-- seed of its draws, the candidates it drew from (JSON: table ARN, the latest backup's size or null when unknown),
-- the tables drawn (JSON), and REQUESTED, or FAILED with the reason when there was nothing to restore.
CREATE TABLE restore_test_run (
    policy_id      uuid        NOT NULL,
    slot           timestamptz NOT NULL,
    policy_version bigint      NOT NULL,
    seed           bigint      NOT NULL,
    candidates     text        NOT NULL,
    drawn          text        NOT NULL,
    state          text        NOT NULL,
    reason         text,
    run_at         timestamptz NOT NULL,
    PRIMARY KEY (policy_id, slot)
);

-- Since when the service has seen each enabled policy with a restore test: its first run is the first slot after
-- that (never a slot from before the test existed). Forgotten when the policy loses its test or is disabled.
CREATE TABLE restore_test_schedule (
    policy_id uuid PRIMARY KEY,
    since     timestamptz NOT NULL
);

-- A restore names its point by chain and slot or by backup ARN.
CREATE INDEX restore_point_slot ON restore_point (slot);
CREATE INDEX restore_point_backup ON restore_point (backup_arn);
