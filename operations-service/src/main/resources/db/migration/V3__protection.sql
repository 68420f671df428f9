-- The protection report (docs/operations.md, "Protection report").

-- When each table was first listed by an inventory read of this service: a selected table that never had a backup
-- is at risk once it has been known for longer than its policy's longest gap between slots plus its start window.
CREATE TABLE table_seen (
    table_arn     text PRIMARY KEY,
    first_seen_at timestamptz NOT NULL
);

-- The report's reads of the backup jobs: the newest success and the failures after it, per policy and table.
CREATE INDEX job_backup_outcome ON job (policy_id, table_arn, state, slot) WHERE kind = 'BACKUP';
