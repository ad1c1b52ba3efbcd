-- The object store's own tables. SQLite compares TEXT with BINARY collation: sort keys are in byte order.
CREATE TABLE os_partitions (
    partition_hash BLOB PRIMARY KEY,
    name TEXT NOT NULL,
    owner_id BIGINT NOT NULL,
    canonical_id BLOB NOT NULL,
    next_sequence BIGINT NOT NULL
);

CREATE TABLE os_permissions (
    partition_hash BLOB NOT NULL REFERENCES os_partitions (partition_hash),
    user_id BIGINT NOT NULL,
    permissions INTEGER NOT NULL,
    PRIMARY KEY (partition_hash, user_id)
);

-- Every stored version, by absolute hash, with the canonical bytes exactly as hashed.
CREATE TABLE os_objects (
    absolute_hash BLOB PRIMARY KEY,
    base_hash BLOB NOT NULL,
    partition_hash BLOB NOT NULL,
    sort_key TEXT NOT NULL,
    kind SMALLINT NOT NULL,
    sequence BIGINT NOT NULL,
    body BLOB NOT NULL
);
CREATE UNIQUE INDEX os_objects_series ON os_objects (base_hash, sequence);

-- The head of each series: which version is current.
CREATE TABLE os_heads (
    base_hash BLOB PRIMARY KEY,
    partition_hash BLOB NOT NULL,
    current_hash BLOB NOT NULL,
    sort_key TEXT NOT NULL,
    kind SMALLINT NOT NULL,
    owner_id BIGINT NULL,
    thread_id TEXT NULL,
    purge_at BIGINT NULL
);
CREATE INDEX os_heads_purge ON os_heads (purge_at) WHERE purge_at IS NOT NULL;

-- The current, not deleted, object of each sort key: the primary key makes sort keys unique in a partition.
CREATE TABLE os_current (
    partition_hash BLOB NOT NULL,
    sort_key TEXT NOT NULL,
    base_hash BLOB NOT NULL,
    absolute_hash BLOB NOT NULL,
    PRIMARY KEY (partition_hash, sort_key)
);

-- Every committed write of a partition, gap-free by sequence.
CREATE TABLE os_log (
    partition_hash BLOB NOT NULL,
    sequence BIGINT NOT NULL,
    absolute_hash BLOB NOT NULL,
    base_hash BLOB NOT NULL,
    sort_key TEXT NOT NULL,
    kind SMALLINT NOT NULL,
    PRIMARY KEY (partition_hash, sequence)
);
