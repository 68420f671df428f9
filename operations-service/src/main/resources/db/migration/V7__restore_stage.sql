-- What a restore from an archive copy is doing while RESTORING (RestoreProgressed): restoring the copy's objects
-- from S3's archive classes (hours), or importing it; since when, and the worker's detail.
ALTER TABLE restore ADD COLUMN stage text;
ALTER TABLE restore ADD COLUMN stage_since timestamptz;
ALTER TABLE restore ADD COLUMN stage_detail text;
