-- The Condensation store. Objects are immutable and content-addressed; touched_at (Unix milliseconds) is when the
-- object was last put or booked, which keeps it and everything it links to through the grace period.
CREATE TABLE cds_objects (
    hash BLOB PRIMARY KEY,
    bytes BLOB NOT NULL,
    size INTEGER NOT NULL,
    is_envelope INTEGER NOT NULL,
    expires_at BIGINT NULL,
    touched_at BIGINT NOT NULL
);
CREATE INDEX cds_objects_touched ON cds_objects (touched_at);

-- An object's links, kept apart so that garbage collection can walk them in SQL.
CREATE TABLE cds_object_links (
    hash BLOB NOT NULL,
    link BLOB NOT NULL,
    PRIMARY KEY (hash, link)
);

-- box: 0 messages, 1 private, 2 public.
CREATE TABLE cds_box_entries (
    account BLOB NOT NULL,
    box SMALLINT NOT NULL,
    hash BLOB NOT NULL,
    added_at BIGINT NOT NULL,
    PRIMARY KEY (account, box, hash)
);
CREATE INDEX cds_box_entries_hash ON cds_box_entries (hash);
