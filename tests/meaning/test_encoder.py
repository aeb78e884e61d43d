"""The shipped model: present, intact, loaded without a network, and it puts meaning before wording."""

from __future__ import annotations

import hashlib
import json

import numpy as np

from bot.meaning.encoder import MODEL_DIR, shared_encoder


def test_the_model_ships_with_its_license_and_every_file_matches_its_manifest() -> None:
    manifest = json.loads((MODEL_DIR / "MANIFEST.json").read_text())
    assert manifest["model"] == "all-mpnet-base-v2-int8" and manifest["dimensions"] == 768
    for name, digest in manifest["sha256"].items():
        assert hashlib.sha256((MODEL_DIR / name).read_bytes()).hexdigest() == digest, name
    assert "Apache License" in (MODEL_DIR / "LICENSE").read_text()
    assert max((MODEL_DIR / name).stat().st_size for name in manifest["sha256"]) < 100 * 1024 * 1024


def test_texts_become_unit_vectors_and_a_paraphrase_is_nearer_than_another_topic() -> None:
    encoder = shared_encoder()
    vectors = encoder.encode(
        [
            "the pager went off every night and I stopped sleeping",
            "being on call wrecked his sleep",
            "my grandmother taught me to bake sourdough bread",
            "",
        ]
    )
    assert vectors.shape == (4, 768) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2
    again = encoder.encode(["being on call wrecked his sleep"])
    assert np.allclose(again[0], vectors[1], atol=1e-5)
