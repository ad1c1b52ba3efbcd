-- Sequences (seed 000): the sort columns of absolute, current and thread views, and the firehose's order.
-- A createdDate key is the instant as UTC text with nine fraction digits, so that text order is time order at nanosecond
-- resolution; a version without createdDate takes its commit time. Rows written before this script take their
-- createdDate, or, having none, the time of the upgrade (their commit time was not kept).
CREATE FUNCTION pg_temp.created_key(body BYTEA, fallback TEXT) RETURNS TEXT LANGUAGE SQL IMMUTABLE AS $$
    SELECT CASE WHEN d IS NULL THEN fallback
        ELSE substr(d, 1, 19) || '.' || substr(CASE WHEN length(d) > 20 THEN substr(d, 21, length(d) - 21) ELSE '' END || '000000000', 1, 9) || 'Z'
    END
    FROM (SELECT convert_from(body, 'UTF8')::json ->> 'createdDate' AS d) AS created
$$;

CREATE TEMPORARY TABLE upgrade_time ON COMMIT DROP AS
    SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '000Z' AS created_key;

ALTER TABLE os_objects ADD COLUMN created_key TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE os_objects ADD COLUMN thread_id TEXT NULL;
UPDATE os_objects o SET
    created_key = pg_temp.created_key(o.body, (SELECT created_key FROM upgrade_time)),
    thread_id = (SELECT h.thread_id FROM os_heads h WHERE h.base_hash = o.base_hash);
ALTER TABLE os_objects ALTER COLUMN created_key DROP DEFAULT;

ALTER TABLE os_heads ADD COLUMN first_created_key TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE os_heads h SET first_created_key = COALESCE(
    (SELECT o.created_key FROM os_objects o WHERE o.base_hash = h.base_hash ORDER BY o.sequence LIMIT 1),
    (SELECT created_key FROM upgrade_time));
ALTER TABLE os_heads ALTER COLUMN first_created_key DROP DEFAULT;

ALTER TABLE os_log ADD COLUMN created_key TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE os_log l SET created_key = COALESCE(
    (SELECT o.created_key FROM os_objects o WHERE o.absolute_hash = l.absolute_hash),
    pg_temp.created_key(l.tombstone, (SELECT created_key FROM upgrade_time)),
    (SELECT created_key FROM upgrade_time));
ALTER TABLE os_log ALTER COLUMN created_key DROP DEFAULT;

-- The firehose: a store-wide position per log entry and the transaction that wrote it. Readers take only entries of
-- transactions below the oldest one in flight (pg_snapshot_xmin), ordered by (transaction, position), so an entry that
-- commits late still sorts after every entry read before it. Entries written before this script are transaction 0, in
-- the order of their partitions' sequences.
ALTER TABLE os_log ADD COLUMN commit_xid BIGINT NOT NULL DEFAULT 0;
CREATE SEQUENCE os_log_position;
ALTER TABLE os_log ADD COLUMN position BIGINT NULL;
UPDATE os_log l SET position = numbered.n
FROM (SELECT partition_hash, sequence, row_number() OVER (ORDER BY sequence, partition_hash) AS n FROM os_log) AS numbered
WHERE numbered.partition_hash = l.partition_hash AND numbered.sequence = l.sequence;
SELECT setval('os_log_position', COALESCE((SELECT MAX(position) FROM os_log), 0) + 1, false);
ALTER TABLE os_log ALTER COLUMN position SET DEFAULT nextval('os_log_position');
ALTER TABLE os_log ALTER COLUMN position SET NOT NULL;
ALTER SEQUENCE os_log_position OWNED BY os_log.position;
ALTER TABLE os_log ALTER COLUMN commit_xid SET DEFAULT (pg_current_xact_id()::text)::bigint;

CREATE INDEX os_objects_partition_created ON os_objects (partition_hash, created_key, absolute_hash);
CREATE INDEX os_objects_thread_created ON os_objects (thread_id, created_key, absolute_hash) WHERE thread_id IS NOT NULL;
CREATE INDEX os_heads_partition_created ON os_heads (partition_hash, first_created_key, base_hash) WHERE kind = 0;
CREATE INDEX os_heads_thread_created ON os_heads (thread_id, first_created_key, base_hash) WHERE thread_id IS NOT NULL AND kind = 0;
CREATE UNIQUE INDEX os_log_firehose ON os_log (commit_xid, position);
