"""Around the decisions: the decision log, the shadow checker that re-decides a sample of
query decisions with durable-rules, and the self-check of a new policy in a child process."""
