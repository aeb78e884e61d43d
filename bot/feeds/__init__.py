"""Podcast feeds as sources: parsing (pure), fetching with a cache, and turning items into episodes."""
