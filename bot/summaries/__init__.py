"""Episode summaries: computed at ingest (`summarize`), found on request (`finder`), answered (`service`)."""

from bot.summaries.service import (
    answer_summary_request,
    episode_choices,
    finder_index,
    load_episode,
    load_records,
    load_summary,
    render_candidates_text,
    render_no_match_text,
    render_summary_text,
    summary_for_episode,
)

__all__ = [
    "answer_summary_request",
    "episode_choices",
    "finder_index",
    "load_episode",
    "load_records",
    "load_summary",
    "render_candidates_text",
    "render_no_match_text",
    "render_summary_text",
    "summary_for_episode",
]
