"""URLs shown without credentials or tokens; the real URL untouched wherever nothing secret is in it."""

from __future__ import annotations

import pytest

from bot.redact import has_secret, redact_text, redact_url


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://user:pass@host.example/feed.xml", "https://***@host.example/feed.xml"),
        ("https://TOKEN123@host.example/feed.xml", "https://***@host.example/feed.xml"),
        ("https://host.example/feed.xml?token=abc", "https://host.example/feed.xml?token=***"),
        ("https://host.example/rss?auth=x1&v=2", "https://host.example/rss?auth=***&v=2"),
        (
            "https://host.example/rss?api_key=k&apiKey=k&accessToken=t",
            "https://host.example/rss?api_key=***&apiKey=***&accessToken=***",
        ),
        (
            "https://b.s3.example/a.mp3?X-Amz-Signature=ab12&X-Amz-Credential=AK%2F1",
            "https://b.s3.example/a.mp3?X-Amz-Signature=***&X-Amz-Credential=***",
        ),
        ("https://host.example/rss?id=8f3a9c2e7b1d4f60a1b2c3d4e5f60718", "https://host.example/rss?id=***"),
        ("https://host.example/feed#access_token=abc", "https://host.example/feed#access_token=***"),
        ("http://u:p@127.0.0.1:8080/f?token=t#x", "http://***@127.0.0.1:8080/f?token=***#x"),
    ],
)
def test_secrets_are_masked(url: str, shown: str) -> None:
    assert redact_url(url) == shown and has_secret(url)
    assert redact_url(shown) == shown  # masking twice changes nothing


@pytest.mark.parametrize(
    "url",
    [
        "https://host.example/feed.xml?v=2",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=754s",
        "https://host.example/a.mp3#t=754",
        "https://host.example/rss?author=maya&format=mp3&page=2",
        "https://host.example/episodes/42-streaming-joins",
        "pipeline-weekly.xml",
        "",
    ],
)
def test_urls_without_secrets_are_unchanged(url: str) -> None:
    assert redact_url(url) == url and not has_secret(url)


def test_urls_in_a_sentence() -> None:
    text = "network error (InvalidURL: http://u:pw@host.example/f?token=t1) then https://ok.example/x"
    assert (
        redact_text(text) == "network error (InvalidURL: http://***@host.example/f?token=***) then https://ok.example/x"
    )
    assert redact_text("no links here") == "no links here"


def test_a_url_urlsplit_refuses_still_loses_its_login() -> None:
    assert redact_url("http://u:pw@[::1/feed") == "http://***@[::1/feed"
