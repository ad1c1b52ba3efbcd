-- A physical delete removes every version of its series, so the log keeps the tombstone itself: feeds deliver it.
ALTER TABLE os_log ADD COLUMN tombstone BYTEA NULL;

-- Feeds. What a feed has delivered lives in the partition logs and these cursors: everything at or before
-- acked_through in a partition's log is acknowledged, filtered out, or in os_feed_dead_letters.
CREATE TABLE os_feeds (
    feed_hash BYTEA PRIMARY KEY,
    name TEXT NOT NULL,
    owner_id BIGINT NOT NULL,
    canonical_id BYTEA NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX os_feeds_expiry ON os_feeds (expires_at);

CREATE TABLE os_feed_selections (
    feed_hash BYTEA NOT NULL REFERENCES os_feeds (feed_hash) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    partition_hash BYTEA NOT NULL,
    sort_key_prefix TEXT COLLATE "C" NULL,
    PRIMARY KEY (feed_hash, position)
);

CREATE TABLE os_feed_readers (
    feed_hash BYTEA NOT NULL REFERENCES os_feeds (feed_hash) ON DELETE CASCADE,
    user_id BIGINT NOT NULL,
    PRIMARY KEY (feed_hash, user_id)
);

CREATE TABLE os_feed_cursors (
    feed_hash BYTEA NOT NULL REFERENCES os_feeds (feed_hash) ON DELETE CASCADE,
    partition_hash BYTEA NOT NULL,
    acked_through BIGINT NOT NULL,
    PRIMARY KEY (feed_hash, partition_hash)
);

-- Messages that failed their maximum attempts; requeued ones are delivered again and removed when acknowledged.
CREATE TABLE os_feed_dead_letters (
    feed_hash BYTEA NOT NULL REFERENCES os_feeds (feed_hash) ON DELETE CASCADE,
    partition_hash BYTEA NOT NULL,
    sequence BIGINT NOT NULL,
    attempts INTEGER NOT NULL,
    dead_at BIGINT NOT NULL,
    requeued BOOLEAN NOT NULL,
    PRIMARY KEY (feed_hash, partition_hash, sequence)
);
