-- Sequences (seed 000): the sort columns of absolute, current and thread views, and the firehose's order.
-- A createdDate key is the instant as UTC text with nine fraction digits, so that text order is time order at nanosecond
-- resolution; a version without createdDate takes its commit time. Rows written before this script take their
-- createdDate, or, having none, the time of the upgrade (their commit time was not kept). SQLite cannot drop a column's
-- default: the store always writes these columns.
CREATE TEMPORARY TABLE upgrade_time AS SELECT strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000000Z' AS created_key;

ALTER TABLE os_objects ADD COLUMN created_key TEXT NOT NULL DEFAULT '';
ALTER TABLE os_objects ADD COLUMN thread_id TEXT NULL;
UPDATE os_objects SET
    created_key = COALESCE(
        (SELECT substr(d, 1, 19) || '.' || substr(CASE WHEN length(d) > 20 THEN substr(d, 21, length(d) - 21) ELSE '' END || '000000000', 1, 9) || 'Z'
         FROM (SELECT json_extract(CAST(body AS TEXT), '$.createdDate') AS d) WHERE d IS NOT NULL),
        (SELECT created_key FROM upgrade_time)),
    thread_id = (SELECT h.thread_id FROM os_heads h WHERE h.base_hash = os_objects.base_hash);

ALTER TABLE os_heads ADD COLUMN first_created_key TEXT NOT NULL DEFAULT '';
UPDATE os_heads SET first_created_key = COALESCE(
    (SELECT o.created_key FROM os_objects o WHERE o.base_hash = os_heads.base_hash ORDER BY o.sequence LIMIT 1),
    (SELECT created_key FROM upgrade_time));

ALTER TABLE os_log ADD COLUMN created_key TEXT NOT NULL DEFAULT '';
UPDATE os_log SET created_key = COALESCE(
    (SELECT o.created_key FROM os_objects o WHERE o.absolute_hash = os_log.absolute_hash),
    (SELECT substr(d, 1, 19) || '.' || substr(CASE WHEN length(d) > 20 THEN substr(d, 21, length(d) - 21) ELSE '' END || '000000000', 1, 9) || 'Z'
     FROM (SELECT json_extract(CAST(os_log.tombstone AS TEXT), '$.createdDate') AS d) WHERE d IS NOT NULL),
    (SELECT created_key FROM upgrade_time));

DROP TABLE upgrade_time;

-- The firehose: a store-wide position per log entry. SQLite has one writer at a time, so positions are taken, and
-- committed, in order; the transaction column stays 0, and the order is the position's. Entries written before this
-- script are numbered in the order of their partitions' sequences.
ALTER TABLE os_log ADD COLUMN commit_xid BIGINT NOT NULL DEFAULT 0;
ALTER TABLE os_log ADD COLUMN position BIGINT NULL;
UPDATE os_log SET position = numbered.n
FROM (SELECT partition_hash AS p, sequence AS s, row_number() OVER (ORDER BY sequence, partition_hash) AS n FROM os_log) AS numbered
WHERE numbered.p = os_log.partition_hash AND numbered.s = os_log.sequence;
CREATE UNIQUE INDEX os_log_firehose ON os_log (commit_xid, position);
CREATE TRIGGER os_log_position AFTER INSERT ON os_log WHEN NEW.position IS NULL
BEGIN
    UPDATE os_log SET position = (SELECT COALESCE(MAX(position), 0) + 1 FROM os_log WHERE commit_xid = 0)
    WHERE partition_hash = NEW.partition_hash AND sequence = NEW.sequence;
END;

CREATE INDEX os_objects_partition_created ON os_objects (partition_hash, created_key, absolute_hash);
CREATE INDEX os_objects_thread_created ON os_objects (thread_id, created_key, absolute_hash) WHERE thread_id IS NOT NULL;
CREATE INDEX os_heads_partition_created ON os_heads (partition_hash, first_created_key, base_hash) WHERE kind = 0;
CREATE INDEX os_heads_thread_created ON os_heads (thread_id, first_created_key, base_hash) WHERE thread_id IS NOT NULL AND kind = 0;
