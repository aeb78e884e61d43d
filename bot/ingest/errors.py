"""Errors raised while reading documents."""


class ParseError(ValueError):
    """A document could not be read or parsed; the message says why, for the ingest report."""
