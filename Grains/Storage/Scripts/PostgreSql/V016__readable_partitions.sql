-- A user's partitions, in hash order, for the listing of what a user may read (GET /object/v1/sequences/partitions):
-- those the user owns and those that granted the user permissions, each read as one range of an index.
CREATE INDEX os_partitions_owner ON os_partitions (owner_id, partition_hash);
CREATE INDEX os_permissions_user ON os_permissions (user_id, partition_hash);
