"""Ingest: documents in the seeds folder -> episodes and segments in the store."""

from bot.ingest.errors import ParseError
from bot.ingest.parsers import parse_document
from bot.ingest.pipeline import ingest_folder

__all__ = ["ParseError", "ingest_folder", "parse_document"]
