-- When each write committed (milliseconds since the epoch, the store's clock), so that a feed can start at a time: at
-- the first entry of a partition's log committed at or after it. Null for writes committed before this column existed,
-- which a start at a time treats as older than any time.
ALTER TABLE os_log ADD COLUMN committed_at INTEGER NULL;

-- An ordered feed delivers each partition's messages in log order, one of a partition in flight at a time.
ALTER TABLE os_feeds ADD COLUMN ordered INTEGER NOT NULL DEFAULT 0;

-- A firehose feed selects the whole store; its cursor is a firehose position (transaction, position): every commit up
-- to it is acknowledged or dead-lettered. Null for a feed of partitions, which keeps a cursor per partition instead.
ALTER TABLE os_feeds ADD COLUMN firehose_transaction BIGINT NULL;
ALTER TABLE os_feeds ADD COLUMN firehose_position BIGINT NULL;
