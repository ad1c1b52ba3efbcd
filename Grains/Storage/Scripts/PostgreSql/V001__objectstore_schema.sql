-- The object store's own tables. Sort keys use the "C" collation so that pages are in byte order, whatever the
-- database's default collation is.
CREATE TABLE os_partitions (
    partition_hash BYTEA PRIMARY KEY,
    name TEXT NOT NULL,
    owner_id BIGINT NOT NULL,
    canonical_id BYTEA NOT NULL,
    next_sequence BIGINT NOT NULL
);

CREATE TABLE os_permissions (
    partition_hash BYTEA NOT NULL REFERENCES os_partitions (partition_hash),
    user_id BIGINT NOT NULL,
    permissions INTEGER NOT NULL,
    PRIMARY KEY (partition_hash, user_id)
);

-- Every stored version, by absolute hash, with the canonical bytes exactly as hashed.
CREATE TABLE os_objects (
    absolute_hash BYTEA PRIMARY KEY,
    base_hash BYTEA NOT NULL,
    partition_hash BYTEA NOT NULL,
    sort_key TEXT COLLATE "C" NOT NULL,
    kind SMALLINT NOT NULL,
    sequence BIGINT NOT NULL,
    body BYTEA NOT NULL
);
CREATE UNIQUE INDEX os_objects_series ON os_objects (base_hash, sequence);

-- The head of each series: which version is current.
CREATE TABLE os_heads (
    base_hash BYTEA PRIMARY KEY,
    partition_hash BYTEA NOT NULL,
    current_hash BYTEA NOT NULL,
    sort_key TEXT COLLATE "C" NOT NULL,
    kind SMALLINT NOT NULL,
    owner_id BIGINT NULL,
    thread_id TEXT NULL,
    purge_at BIGINT NULL
);
CREATE INDEX os_heads_purge ON os_heads (purge_at) WHERE purge_at IS NOT NULL;

-- The current, not deleted, object of each sort key: the primary key makes sort keys unique in a partition.
CREATE TABLE os_current (
    partition_hash BYTEA NOT NULL,
    sort_key TEXT COLLATE "C" NOT NULL,
    base_hash BYTEA NOT NULL,
    absolute_hash BYTEA NOT NULL,
    PRIMARY KEY (partition_hash, sort_key)
);

-- Every committed write of a partition, gap-free by sequence.
CREATE TABLE os_log (
    partition_hash BYTEA NOT NULL,
    sequence BIGINT NOT NULL,
    absolute_hash BYTEA NOT NULL,
    base_hash BYTEA NOT NULL,
    sort_key TEXT COLLATE "C" NOT NULL,
    kind SMALLINT NOT NULL,
    PRIMARY KEY (partition_hash, sequence)
);
