-- When each write committed (milliseconds since the epoch, the store's clock), so that a feed can start at a time: at
-- the first entry of a partition's log committed at or after it. Null for writes committed before this column existed,
-- which a start at a time treats as older than any time.
ALTER TABLE os_log ADD COLUMN committed_at INTEGER NULL;

-- An ordered feed delivers each partition's messages in log order, one of a partition in flight at a time.
ALTER TABLE os_feeds ADD COLUMN ordered INTEGER NOT NULL DEFAULT 0;
