-- A resume of a policy's deletions is announced as DeletionsResumed on retention-events, retried on the guard's next
-- pass until the broker has it, as a pause is. Rows resumed before this version count as announced.
ALTER TABLE deletion_pause ADD COLUMN resume_announced BOOLEAN NOT NULL DEFAULT TRUE;
