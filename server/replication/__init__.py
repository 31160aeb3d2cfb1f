"""The replication path: every process a replica of the database's outbox. The change feed
follows the outbox (woken by the Redis doorbell) and puts what it reads on the message bus
(matcher/bus.py) for the read model; the watch hub hands what the read model says moved to
open WatchApplications streams (application_streams) and standing queries (standing_queries)."""
