"""podquote core: ingest, store, search, summaries and rendering. Knows nothing of Discord commands."""

__version__ = "0.1.0"
