-- A partition grain loads the feeds that follow its partition when it activates, to send them its commits' notices.
CREATE INDEX os_feed_cursors_partition ON os_feed_cursors (partition_hash);
