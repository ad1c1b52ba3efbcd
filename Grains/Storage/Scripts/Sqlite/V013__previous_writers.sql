-- Versions, heads and log entries inserted the way the store wrote them before the sequences script (a store opened by
-- the previous version, or an import by its tools) have the sort columns' default ''. Triggers fill them as that
-- script filled the rows before it: a createdDate of the strict shape gives the key, anything else the commit time;
-- an object's thread comes from its series' head. A head inserted before its first version keeps '' until that version
-- arrives. The new writers always write these columns, never ''.
CREATE TRIGGER os_objects_previous_writer AFTER INSERT ON os_objects WHEN NEW.created_key = ''
BEGIN
    UPDATE os_objects SET
        created_key = (SELECT CASE
            WHEN d GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
                AND (length(d) = 20 OR (substr(d, 20, 1) = '.' AND length(d) BETWEEN 22 AND 30 AND substr(d, 21, length(d) - 21) NOT GLOB '*[^0-9]*'))
            THEN substr(d, 1, 19) || '.' || substr(CASE WHEN length(d) > 20 THEN substr(d, 21, length(d) - 21) ELSE '' END || '000000000', 1, 9) || 'Z'
            ELSE strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000000Z'
            END
            FROM (SELECT CASE WHEN json_valid(CAST(NEW.body AS TEXT)) THEN json_extract(CAST(NEW.body AS TEXT), '$.createdDate') END AS d)),
        thread_id = (SELECT h.thread_id FROM os_heads h WHERE h.base_hash = NEW.base_hash)
    WHERE absolute_hash = NEW.absolute_hash;
    UPDATE os_heads SET first_created_key = (SELECT o.created_key FROM os_objects o WHERE o.absolute_hash = NEW.absolute_hash)
    WHERE base_hash = NEW.base_hash AND first_created_key = '';
END;

CREATE TRIGGER os_heads_previous_writer AFTER INSERT ON os_heads WHEN NEW.first_created_key = ''
BEGIN
    UPDATE os_heads SET first_created_key = COALESCE(
        (SELECT o.created_key FROM os_objects o WHERE o.base_hash = NEW.base_hash ORDER BY o.sequence LIMIT 1), '')
    WHERE base_hash = NEW.base_hash;
END;

CREATE TRIGGER os_log_previous_writer AFTER INSERT ON os_log WHEN NEW.created_key = ''
BEGIN
    UPDATE os_log SET created_key = COALESCE(
        (SELECT o.created_key FROM os_objects o WHERE o.absolute_hash = NEW.absolute_hash),
        (SELECT CASE
            WHEN d GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
                AND (length(d) = 20 OR (substr(d, 20, 1) = '.' AND length(d) BETWEEN 22 AND 30 AND substr(d, 21, length(d) - 21) NOT GLOB '*[^0-9]*'))
            THEN substr(d, 1, 19) || '.' || substr(CASE WHEN length(d) > 20 THEN substr(d, 21, length(d) - 21) ELSE '' END || '000000000', 1, 9) || 'Z'
            END
            FROM (SELECT CASE WHEN json_valid(CAST(NEW.tombstone AS TEXT)) THEN json_extract(CAST(NEW.tombstone AS TEXT), '$.createdDate') END AS d)),
        strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000000Z')
    WHERE partition_hash = NEW.partition_hash AND sequence = NEW.sequence;
END;
