-- The account of a point's archive copy and the role it was written with (null: the services' own credentials), from
-- PointArchived: a moved point may be restored into that account as well as into its own (docs/archive.md).
ALTER TABLE restore_point ADD COLUMN archive_account_id text;
ALTER TABLE restore_point ADD COLUMN archive_role_arn text;
ALTER TABLE restore_point ADD COLUMN archive_external_id text;
