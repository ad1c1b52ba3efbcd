-- Sequence reads, second pass.
-- 1. createdDate values that the parser accepted before it became strict (DateTimeOffset.TryParse and a final 'Z':
--    offsets, spaces, short fields) were cut into malformed keys by the sequences migration (V010), which later broke
--    cursors. Such a value now counts as no createdDate: the row takes the time of that upgrade, as undated rows did.
--    SQLite has no regular expressions: the strict shape is YYYY-MM-DDTHH:MM:SS, then Z or a dot, 1 to 9 digits and Z.
CREATE TEMPORARY TABLE sequences_upgrade AS
    SELECT substr(applied_at, 1, 19) || '.' || substr(applied_at, 21, 7) || '00Z' AS created_key
    FROM os_schema_migrations WHERE version = 10;

CREATE TEMPORARY VIEW loose_dates AS
    SELECT absolute_hash, base_hash, tombstone_date, d FROM (
        SELECT absolute_hash, base_hash, 0 AS tombstone_date, json_extract(CAST(body AS TEXT), '$.createdDate') AS d FROM os_objects
        UNION ALL
        SELECT absolute_hash, base_hash, 1, json_extract(CAST(tombstone AS TEXT), '$.createdDate') FROM os_log WHERE tombstone IS NOT NULL)
    WHERE d IS NOT NULL AND NOT (typeof(d) = 'text'
        AND d GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        AND (length(d) = 20
            OR (substr(d, 20, 1) = '.' AND length(d) BETWEEN 22 AND 30 AND substr(d, 21, length(d) - 21) NOT GLOB '*[^0-9]*')));

CREATE TEMPORARY TABLE loose_objects AS SELECT absolute_hash, base_hash FROM loose_dates WHERE tombstone_date = 0;
CREATE TEMPORARY TABLE loose_tombstones AS SELECT absolute_hash FROM loose_dates WHERE tombstone_date = 1;

UPDATE os_objects SET created_key = (SELECT created_key FROM sequences_upgrade)
WHERE absolute_hash IN (SELECT absolute_hash FROM loose_objects);

UPDATE os_heads SET first_created_key = COALESCE(
    (SELECT o.created_key FROM os_objects o WHERE o.base_hash = os_heads.base_hash ORDER BY o.sequence LIMIT 1),
    (SELECT created_key FROM sequences_upgrade))
WHERE base_hash IN (SELECT base_hash FROM loose_objects);

UPDATE os_log SET created_key = COALESCE(
    (SELECT o.created_key FROM os_objects o WHERE o.absolute_hash = os_log.absolute_hash),
    (SELECT created_key FROM sequences_upgrade))
WHERE absolute_hash IN (SELECT absolute_hash FROM loose_objects) OR absolute_hash IN (SELECT absolute_hash FROM loose_tombstones);

DROP VIEW loose_dates;
DROP TABLE loose_objects;
DROP TABLE loose_tombstones;
DROP TABLE sequences_upgrade;

-- 2. The log bounded by createdDate (from, to) walks this index instead of every entry of the partition; the views
--    have theirs since V010.
CREATE INDEX os_log_partition_created ON os_log (partition_hash, created_key, sequence);

-- 3. A thread read checks permissions in its own statement now, and no longer lists the partitions a thread spans.
DROP INDEX os_heads_thread_partitions;
