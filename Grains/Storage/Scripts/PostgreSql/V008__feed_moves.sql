-- A version that changes its object's sort key records the key it left, so that a feed selecting a prefix the object
-- leaves (an update moving it out, a tombstone under another key) still delivers it and its consumer learns it left.
ALTER TABLE os_log ADD COLUMN previous_sort_key TEXT COLLATE "C" NULL;

-- A feed is refused beyond ObjectStore:Feeds:MaxFeedsPerUser, counted by owner on every new feed.
CREATE INDEX os_feeds_owner ON os_feeds (owner_id);
