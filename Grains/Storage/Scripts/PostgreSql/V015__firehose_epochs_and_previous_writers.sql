-- The firehose across restores. Its order is (transaction, position), the transaction being PostgreSQL's own id, which a
-- pg_restore onto another server does not carry over: there the counter may be far below the restored entries', so new
-- commits would sort before them and existing cursors would pass over them. Transactions are therefore stamped with
-- the server's id plus an offset, which every start-up raises (os_firehose_follow_restore) when the server's counter is
-- not past the highest stamp in the log. On the server that wrote the log it never is, and the offset stays as it was.
CREATE TABLE os_firehose_epoch (
    single BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (single),
    xid_offset BIGINT NOT NULL
);
INSERT INTO os_firehose_epoch (single, xid_offset) VALUES (TRUE, 0);

-- The stamp of the calling transaction.
CREATE FUNCTION os_firehose_transaction() RETURNS BIGINT LANGUAGE SQL STABLE AS $$
    SELECT (pg_current_xact_id()::text)::bigint + xid_offset FROM os_firehose_epoch
$$;

-- Every transaction stamped below it has ended: the oldest transaction still in flight, stamped.
CREATE FUNCTION os_firehose_horizon() RETURNS BIGINT LANGUAGE SQL STABLE AS $$
    SELECT (pg_snapshot_xmin(pg_current_snapshot())::text)::bigint + xid_offset FROM os_firehose_epoch
$$;

-- Raises the offset so that the calling transaction, and every later one, is stamped above every entry of the log; returns
-- by how much (0 on the server that wrote the log). Run at start-up, before the silo writes.
CREATE FUNCTION os_firehose_follow_restore() RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
    behind BIGINT := COALESCE((SELECT MAX(commit_xid) FROM os_log), 0) + 1 - os_firehose_transaction();
BEGIN
    IF behind <= 0 THEN
        RETURN 0;
    END IF;
    UPDATE os_firehose_epoch SET xid_offset = xid_offset + behind;
    RETURN behind;
END
$$;

ALTER TABLE os_log ALTER COLUMN commit_xid SET DEFAULT os_firehose_transaction();

-- Silos of the previous version, still running during a rolling update, insert versions, heads and log entries without
-- the sort columns the sequences script added (and then left without defaults). Triggers fill them as that script
-- filled the rows before it: a createdDate of the strict shape gives the key, anything else the commit time; an
-- object's thread comes from its series' head. A head inserted before its first version keeps '' until that version
-- arrives in the same transaction.
CREATE FUNCTION os_created_key(body BYTEA) RETURNS TEXT LANGUAGE SQL STABLE AS $$
    SELECT CASE WHEN d ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?Z$'
        THEN substr(d, 1, 19) || '.' || substr(CASE WHEN length(d) > 20 THEN substr(d, 21, length(d) - 21) ELSE '' END || '000000000', 1, 9) || 'Z'
        ELSE to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '000Z'
    END
    FROM (SELECT CASE WHEN body IS NULL THEN NULL ELSE convert_from(body, 'UTF8')::json ->> 'createdDate' END AS d) AS created
$$;

CREATE FUNCTION os_fill_previous_object() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    NEW.created_key := os_created_key(NEW.body);
    NEW.thread_id := (SELECT h.thread_id FROM os_heads h WHERE h.base_hash = NEW.base_hash);
    UPDATE os_heads SET first_created_key = NEW.created_key WHERE base_hash = NEW.base_hash AND first_created_key = '';
    RETURN NEW;
END
$$;
CREATE TRIGGER os_objects_previous_writer BEFORE INSERT ON os_objects
    FOR EACH ROW WHEN (NEW.created_key IS NULL) EXECUTE FUNCTION os_fill_previous_object();

CREATE FUNCTION os_fill_previous_head() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    NEW.first_created_key := COALESCE(
        (SELECT o.created_key FROM os_objects o WHERE o.base_hash = NEW.base_hash ORDER BY o.sequence LIMIT 1), '');
    RETURN NEW;
END
$$;
CREATE TRIGGER os_heads_previous_writer BEFORE INSERT ON os_heads
    FOR EACH ROW WHEN (NEW.first_created_key IS NULL) EXECUTE FUNCTION os_fill_previous_head();

CREATE FUNCTION os_fill_previous_log_entry() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    NEW.created_key := COALESCE(
        (SELECT o.created_key FROM os_objects o WHERE o.absolute_hash = NEW.absolute_hash),
        os_created_key(NEW.tombstone));
    RETURN NEW;
END
$$;
CREATE TRIGGER os_log_previous_writer BEFORE INSERT ON os_log
    FOR EACH ROW WHEN (NEW.created_key IS NULL) EXECUTE FUNCTION os_fill_previous_log_entry();
