"""`python -m bot card`: the best hit's card written as a PNG and its path printed; exit 1 when nothing matches."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PIL import Image


def run_cli(*args: str, db: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PODQUOTE_DB": str(db), "PODQUOTE_LOG_LEVEL": "WARNING", "PYTHONPATH": str(Path.cwd())}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], capture_output=True, text=True, env=env, cwd=cwd, check=False
    )


def test_card_writes_the_best_hit_and_prints_the_path(seed_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "card.png"
    result = run_cli("card", "--theme", "dark", "--out", str(out), "AI agents", db=seed_db, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    image = Image.open(out)
    assert image.format == "PNG" and image.width <= 1200
    assert image.getpixel((2, 2)) == (22, 24, 30)


def test_no_confident_hit_exits_1_with_a_message(seed_db: Path, tmp_path: Path) -> None:
    result = run_cli("card", "purple elephants dancing", db=seed_db, cwd=tmp_path)
    assert result.returncode == 1
    assert "no card written" in result.stderr and result.stdout == ""
    assert not list(tmp_path.rglob("*.png"))


def test_by_default_the_card_goes_to_cards_beside_the_store(seed_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "store" / "podquote.db"
    db.parent.mkdir()
    db.write_bytes(seed_db.read_bytes())
    result = run_cli("card", "AI agents", db=db, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = Path(result.stdout.strip())
    assert written.parent == db.parent / "cards" and written.name.startswith("podquote-") and written.is_file()


def test_an_unwritable_out_is_a_sentence_not_a_traceback(seed_db: Path, tmp_path: Path) -> None:
    result = run_cli("card", "--out", str(tmp_path), "AI agents", db=seed_db, cwd=tmp_path)  # a folder
    assert result.returncode == 1
    assert "could not write the card" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""
