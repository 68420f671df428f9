-- The archive tier (docs/archive.md): when a point's copy was made, where, and whether its warm backup was moved
-- away, from PointArchived on backup-events. A moved point is restored from its copy, also into another region.
ALTER TABLE restore_point ADD COLUMN archived_at timestamptz;
ALTER TABLE restore_point ADD COLUMN archive_uri text;
ALTER TABLE restore_point ADD COLUMN warm_deleted boolean NOT NULL DEFAULT false;
