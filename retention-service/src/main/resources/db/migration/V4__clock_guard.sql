-- The clock guard (docs/retention-service.md, "The clock guard"): deletions pause for a policy when the clock runs
-- ahead of wall time or a pass would expire more points than the policy's schedule explains, until an admin resumes.

-- The readings of the last pass that trusted the clock: the service's clock and the database's own clock (wall
-- time on another host, which a restart of the service does not reset). One row.
CREATE TABLE clock_guard (
    id       SMALLINT    NOT NULL,
    clock_at TIMESTAMPTZ NOT NULL,
    wall_at  TIMESTAMPTZ NOT NULL,
    CONSTRAINT clock_guard_pk PRIMARY KEY (id),
    CONSTRAINT clock_guard_one_row CHECK (id = 1)
);

-- The last pause of each policy's deletions, kept after it is resumed (who resumed it, and when).
CREATE TABLE deletion_pause (
    policy_id      UUID         NOT NULL,
    paused         BOOLEAN      NOT NULL,
    cause          VARCHAR(32)  NOT NULL,
    reason         TEXT         NOT NULL,
    paused_at      TIMESTAMPTZ  NOT NULL,
    clock_at       TIMESTAMPTZ  NOT NULL,
    announced      BOOLEAN      NOT NULL,
    resumed_at     TIMESTAMPTZ,
    resumed_by     VARCHAR(255),
    approved_until TIMESTAMPTZ,
    CONSTRAINT deletion_pause_pk PRIMARY KEY (policy_id)
);
CREATE INDEX chain_policy_id ON chain (policy_id);
