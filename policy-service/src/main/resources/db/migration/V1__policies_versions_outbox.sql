-- Current state of each policy. A deleted policy's row is removed (its name can be used again);
-- its history stays in policy_version.
CREATE TABLE policy (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL,
    version     bigint      NOT NULL,
    enabled     boolean     NOT NULL,
    document    text        NOT NULL,   -- the policy JSON as contracts writes it (retention-semantics section 1)
    created_at  timestamptz NOT NULL,
    created_by  text        NOT NULL,
    updated_at  timestamptz NOT NULL,
    updated_by  text        NOT NULL,
    CONSTRAINT policy_name_unique UNIQUE (name)
);

-- Every version of every policy, never changed once written: who changed what, and when.
CREATE TABLE policy_version (
    policy_id   uuid        NOT NULL,
    version     bigint      NOT NULL,
    change      text        NOT NULL,   -- CREATED, REPLACED, ENABLED, DISABLED, DELETED
    changed_by  text        NOT NULL,
    changed_at  timestamptz NOT NULL,
    document    text        NOT NULL,
    PRIMARY KEY (policy_id, version)
);

-- Transactional outbox: written in the same transaction as the change, published to Kafka by the relay
-- in id order. A null payload is a tombstone (the policy was deleted).
CREATE TABLE outbox (
    id            bigserial   PRIMARY KEY,
    topic         text        NOT NULL,
    message_key   text        NOT NULL,
    payload       text,
    created_at    timestamptz NOT NULL,
    published_at  timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
