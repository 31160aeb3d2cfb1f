"""The eligibility rules: a versioned policy document whose rules are data.

The same rule conditions compile to durable-rules (the engine of record, see
``durable``) and to Python predicates (``compiled``, for batch and index
paths); a differential test keeps the two in agreement.
"""
