"""The replication path: every process a replica of the database's outbox. The change feed
follows the outbox (woken by the Redis doorbell), index sync reloads what changed, the watch
hub fans application events out to open WatchApplications streams (watch_stream)."""
