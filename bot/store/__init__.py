"""The SQLite store of episodes and segments: all of podquote's SQL lives in this package."""

from bot.store.database import EPISODE_FTS_WEIGHTS, Store
from bot.store.records import EpisodeRecord, VectorBatch, episode_record
from bot.store.rows import EpisodeRow, SegmentRow, SpeakerRow, StoreError, TranscriptProfile
from bot.store.writer import FileChange, Writer

__all__ = [
    "EPISODE_FTS_WEIGHTS",
    "EpisodeRecord",
    "EpisodeRow",
    "FileChange",
    "SegmentRow",
    "SpeakerRow",
    "Store",
    "StoreError",
    "TranscriptProfile",
    "VectorBatch",
    "Writer",
    "episode_record",
]
