"""Persistence adapters: SQLAlchemy over SQLite (default) or PostgreSQL, and a document store."""
