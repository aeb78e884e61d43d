"""Quote search: the line a member half-remembers, among up to millions of segments, in milliseconds."""

from bot.search.engine import resolve_episode, resolve_show, resolve_speaker, search_quotes

__all__ = ["hit_from_row", "resolve_episode", "resolve_show", "resolve_speaker", "search_quotes"]
