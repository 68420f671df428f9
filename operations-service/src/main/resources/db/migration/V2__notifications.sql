-- Notifications (docs/operations.md, "Notifications"): the rules admins manage, the decisions to notify, and the
-- outbox the dispatcher delivers from. Unlike the projection (V1), these tables are not derived from the topics.

-- One row per notification rule. channel is the channel's JSON with its secret (a webhook's shared secret, a Slack
-- webhook URL): the API never returns it. events and policies are comma-separated (policies empty: every policy).
CREATE TABLE notification_rule (
    id          uuid PRIMARY KEY,
    version     bigint      NOT NULL,
    name        text        NOT NULL UNIQUE,
    enabled     boolean     NOT NULL,
    events      text        NOT NULL,
    policies    text        NOT NULL,
    channel     text        NOT NULL,
    digest_hour integer,
    digest_zone text,
    created_at  timestamptz NOT NULL,
    created_by  text        NOT NULL,
    updated_at  timestamptz NOT NULL,
    updated_by  text        NOT NULL
);

-- Each group that was decided on, once: a policy's slot (SLOT), a policy's deletions that expired at one instant
-- (DELETION), a policy's retention gaps that end at one instant (GAP), a pause of a policy's deletions (PAUSE), a
-- rule's daily digest (DIGEST, subject_id is the rule). The decision and its outbox rows are written in one
-- transaction, so a group is notified once, whatever crashes or replays happen.
CREATE TABLE notification_decision (
    kind          text        NOT NULL,
    subject_id    uuid        NOT NULL,
    scope_at      timestamptz NOT NULL,
    decided_at    timestamptz NOT NULL,
    notifications integer     NOT NULL,
    PRIMARY KEY (kind, subject_id, scope_at)
);

-- One row per notification to deliver: id is its idempotency key, a name-based UUID of the rule, event, policy and
-- slot (or day), so one decision can never make two rows. attempts, last_error, next_attempt_at and delivered_at
-- are the dispatcher's (wall-clock times); decided_at is by the service's clock.
CREATE TABLE notification_outbox (
    id              uuid PRIMARY KEY,
    rule_id         uuid        NOT NULL,
    event           text        NOT NULL,
    policy_id       uuid        NOT NULL,
    scope_at        timestamptz,
    payload         text        NOT NULL,
    state           text        NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    decided_at      timestamptz NOT NULL,
    created_at      timestamptz NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    last_attempt_at timestamptz,
    last_error      text,
    delivered_at    timestamptz
);
CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at) WHERE state = 'PENDING';
CREATE INDEX notification_outbox_newest ON notification_outbox (created_at DESC, id);
CREATE INDEX notification_outbox_rule ON notification_outbox (rule_id, state);

-- What the decider reads: retention gaps by when they were reported, deletion jobs by policy and expiry.
CREATE INDEX retention_gap_reported ON retention_gap (reported_at);
CREATE INDEX job_policy_kind_created ON job (policy_id, kind, created_at);
