"""The shipped sentence-embedding model, run with ONNX Runtime: texts in, unit vectors out. No torch, no network.

`bot/meaning/model/` holds all-mpnet-base-v2 exported to ONNX with int8 weights (built by
`scripts/build_meaning_model`, license beside it), its tokenizer and a manifest. Passages and questions are
embedded alike: token embeddings mean-pooled over the real tokens, then scaled to unit length, so a dot product
is the cosine of two texts' meanings.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).with_name("model")
# Passages are a few sentences; a longer one is embedded by its first 256 tokens (the model was tuned on 128-384).
MAX_TOKENS = 256
MAX_THREADS = 4  # a short text gains little from more


class ModelMissingError(RuntimeError):
    """The model files are not where the install put them (meaning search is then off; words still work)."""


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """What the manifest says of the model: its id (stored with every vector) and the vectors' size."""

    id: str
    dimensions: int


class Encoder:
    """One ONNX Runtime session of the model and its tokenizer; safe to share between threads. A run uses every
    core (up to MAX_THREADS): on 2 cores a member's question embeds in ~9 ms rather than ~12, and bulk embedding
    is as fast as two one-core runs side by side (44 and 45 passages/s)."""

    def __init__(self, model_dir: Path = MODEL_DIR, *, threads: int | None = None) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        manifest_path = model_dir / "MANIFEST.json"
        if not manifest_path.is_file():
            raise ModelMissingError(f"no meaning model in {model_dir}")
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        self.info = ModelInfo(manifest["model"], int(manifest["dimensions"]))
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or min(os.cpu_count() or 1, MAX_THREADS)
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            str(model_dir / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.no_padding()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors (float32, one row per text, in order).

        One text per run: the int8 model scales its activations per run, so padding a short text to a batch's
        longest would shift its vector (cosine ~0.9 with itself alone), and on 2 cores batches were no faster.
        """
        vectors = np.zeros((len(texts), self.info.dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            vectors[row] = self._encode_one(text or " ")
        return vectors

    def _encode_one(self, text: str) -> np.ndarray:
        encoding = self._tokenizer.encode(text)
        ids = np.array([encoding.ids], dtype=np.int64)
        mask = np.ones_like(ids)
        (tokens,) = self._session.run(None, {"input_ids": ids, "attention_mask": mask})
        pooled = tokens[0].mean(axis=0)
        return pooled / max(float(np.linalg.norm(pooled)), 1e-12)


_lock = threading.Lock()


@functools.cache
def _shared(model_dir: Path) -> Encoder:
    return Encoder(model_dir)


def shared_encoder(model_dir: Path = MODEL_DIR) -> Encoder:
    """The process's encoder, loaded once (about 2 s and 200 MB): ModelMissingError when the model is not installed."""
    with _lock:
        return _shared(model_dir)
