-- When an entry added by an unsigned request is dropped (Unix milliseconds); null for entries a signed actor added,
-- which stay until removed.
ALTER TABLE cds_box_entries ADD COLUMN expires_at BIGINT;
