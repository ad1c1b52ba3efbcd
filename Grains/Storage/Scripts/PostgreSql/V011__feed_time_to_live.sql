-- A feed upserted with a time to live (Allegro's expiryTime) is removed that long after it was last used, not
-- ObjectStore:Feeds:IdleExpiry after: each fetch extends its expiry by it. Null: the feed keeps the idle expiry.
ALTER TABLE os_feeds ADD COLUMN time_to_live_ms BIGINT NULL;
