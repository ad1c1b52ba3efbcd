-- Sequence reads, second pass.
-- 1. createdDate values that the parser accepted before it became strict (DateTimeOffset.TryParse and a final 'Z':
--    offsets, spaces, short fields) were cut into malformed keys by the sequences migration (V012), which later broke
--    cursors. Such a value now counts as no createdDate: the row takes the time of that upgrade, as undated rows did.
CREATE FUNCTION pg_temp.loose_created_date(body BYTEA) RETURNS BOOLEAN LANGUAGE SQL IMMUTABLE AS $$
    SELECT d IS NOT NULL AND d !~ '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$'
    FROM (SELECT convert_from(body, 'UTF8')::json ->> 'createdDate' AS d) AS created
$$;

CREATE TEMPORARY TABLE sequences_upgrade ON COMMIT DROP AS
    SELECT substr(applied_at, 1, 19) || '.' || substr(applied_at, 21, 7) || '00Z' AS created_key
    FROM os_schema_migrations WHERE version = 12;

CREATE TEMPORARY TABLE loose_objects ON COMMIT DROP AS
    SELECT absolute_hash, base_hash FROM os_objects WHERE pg_temp.loose_created_date(body);

UPDATE os_objects o SET created_key = (SELECT created_key FROM sequences_upgrade)
WHERE o.absolute_hash IN (SELECT absolute_hash FROM loose_objects);

UPDATE os_heads h SET first_created_key = COALESCE(
    (SELECT o.created_key FROM os_objects o WHERE o.base_hash = h.base_hash ORDER BY o.sequence LIMIT 1),
    (SELECT created_key FROM sequences_upgrade))
WHERE h.base_hash IN (SELECT base_hash FROM loose_objects);

UPDATE os_log l SET created_key = COALESCE(
    (SELECT o.created_key FROM os_objects o WHERE o.absolute_hash = l.absolute_hash),
    (SELECT created_key FROM sequences_upgrade))
WHERE l.absolute_hash IN (SELECT absolute_hash FROM loose_objects)
   OR (l.tombstone IS NOT NULL AND pg_temp.loose_created_date(l.tombstone));

-- 2. The log bounded by createdDate (from, to) walks this index instead of every entry of the partition; the views
--    have theirs since V012.
CREATE INDEX os_log_partition_created ON os_log (partition_hash, created_key, sequence);

-- 3. A thread read checks permissions in its own statement now, and no longer lists the partitions a thread spans.
DROP INDEX os_heads_thread_partitions;
