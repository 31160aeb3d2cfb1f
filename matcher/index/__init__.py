"""In-memory indexes over candidates and vacancies, built from the database at start
and kept current from change events (a verification, a revoked certificate, a
closed vacancy shows in the next query)."""
