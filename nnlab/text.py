"""Text as numbers: tokens, a vocabulary with ids, one-hot vectors, the Embedding layer (a row
lookup, which is one-hot × E) and its backward pass (a scatter-add of the upstream rows), a
sentence classifier whose 2-D embedding is trained on a toy corpus, and the two-input model
(two token sequences → Embedding each → LSTM each → concatenate → Dense softmax).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nnlab.recurrent import LSTMCell
from nnlab.resources import ASSETS

PAD, UNK = "<pad>", "<unk>"
CORPUS = ASSETS / "datasets" / "toy_sentences.csv"


def tokenize(sentence: str) -> list[str]:
    """Lower-case words (letters, digits, Hangul), punctuation dropped: 'The cat sat.' → ['the', 'cat', 'sat']."""
    return re.findall(r"\w+", sentence.lower())


def build_vocab(sentences: list[list[str]]) -> tuple[str, ...]:
    """The vocabulary: id 0 the padding token, id 1 the unknown token, then words by first appearance."""
    vocab = [PAD, UNK]
    for tokens in sentences:
        vocab.extend(t for t in tokens if t not in vocab)
    return tuple(vocab)


def encode(tokens: list[str], vocab: tuple[str, ...], length: int) -> np.ndarray:
    """The ids of ``tokens`` (unknown words → 1), cut or padded with 0 at the end to ``length``."""
    index = {t: i for i, t in enumerate(vocab)}
    ids = [index.get(t, 1) for t in tokens][:length]
    return np.array(ids + [0] * (length - len(ids)), dtype=np.int64)


def one_hot(ids: np.ndarray, size: int) -> np.ndarray:
    """One-hot rows: shape ids.shape + (size,)."""
    return np.eye(size)[np.asarray(ids)]


def embed(E: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """The Embedding layer: row E[id] for every id; ids (samples, length) → (samples, length, dim)."""
    return E[np.asarray(ids)]


def embed_backward(ids: np.ndarray, upstream: np.ndarray, vocab_size: int) -> np.ndarray:
    """∂L/∂E: each upstream row added into the row of its id (a repeated token accumulates)."""
    grad = np.zeros((vocab_size, upstream.shape[-1]))
    np.add.at(grad, np.asarray(ids).ravel(), upstream.reshape(-1, upstream.shape[-1]))
    return grad


# ---------------------------------------------------------------- a trained 2-D embedding

def load_corpus(path: Path = CORPUS) -> tuple[list[list[str]], np.ndarray]:
    """The shipped toy corpus: tokenised sentences and their labels (1 positive, 0 negative)."""
    sentences, labels = [], []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        label, text = line.split(",", 1)
        sentences.append(tokenize(text))
        labels.append(int(label))
    return sentences, np.array(labels, dtype=np.float64)


@dataclass
class Classifier:
    """Sentence → mean of its word embeddings (padding left out) → w·m + b → σ: P(positive)."""

    E: np.ndarray  # (vocab, dim)
    w: np.ndarray  # (dim,)
    b: float

    def forward(self, ids: np.ndarray):
        mask = (ids != 0).astype(np.float64)
        count = np.maximum(mask.sum(axis=1, keepdims=True), 1.0)
        mean = (self.E[ids] * mask[..., None]).sum(axis=1) / count
        z = mean @ self.w + self.b
        return mean, 0.5 * (np.tanh(0.5 * z) + 1.0), mask / count

    def loss_and_grads(self, ids: np.ndarray, y: np.ndarray):
        """Mean binary cross-entropy and its gradients (∂L/∂E by scatter-add)."""
        mean, p, weight = self.forward(ids)
        eps = 1e-12
        loss = float(-np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)))
        dz = (p - y) / len(y)
        dmean = dz[:, None] * self.w[None, :]
        upstream = weight[..., None] * dmean[:, None, :]
        return loss, {"E": embed_backward(ids, upstream, len(self.E)), "w": mean.T @ dz, "b": float(dz.sum())}


def train_embedding(ids: np.ndarray, y: np.ndarray, vocab_size: int, dim: int = 2, epochs: int = 60,
                    lr: float = 0.5, seed: int = 0, progress=None, should_stop=None):
    """Full-batch gradient descent; returns the snapshots (E, loss, accuracy) after each epoch,
    the first being the drawn start. ``progress(fraction, payload)`` after each epoch."""
    rng = np.random.default_rng(seed)
    model = Classifier(rng.normal(0.0, 0.3, (vocab_size, dim)), rng.normal(0.0, 0.3, dim), 0.0)
    model.E[0] = 0.0
    snapshots = []
    for epoch in range(epochs + 1):
        loss, g = model.loss_and_grads(ids, y)
        acc = float(np.mean((model.forward(ids)[1] > 0.5) == (y > 0.5)))
        snapshots.append((model.E.copy(), loss, acc))
        if epoch == epochs or (should_stop is not None and should_stop()):
            break
        model.E -= lr * vocab_size * g["E"]  # per-row scale: a word's gradient is shared by few sentences
        model.E[0] = 0.0
        model.w -= lr * g["w"]
        model.b -= lr * g["b"]
        if progress is not None:
            progress((epoch + 1) / epochs, {"epoch": epoch + 1, "loss": loss})
    return model, snapshots


# ---------------------------------------------------------------- the two-input model

@dataclass
class TwoInput:
    """Two token sequences → Embedding each → LSTM each (last state) → concatenate → Dense → softmax."""

    E1: np.ndarray
    E2: np.ndarray
    lstm1: LSTMCell
    lstm2: LSTMCell
    W: np.ndarray  # (classes, 2·hidden)
    b: np.ndarray

    @classmethod
    def drawn(cls, vocab1: int, vocab2: int, dim: int, hidden: int, classes: int, seed: int = 0) -> TwoInput:
        rng = np.random.default_rng(seed)
        return cls(rng.normal(0, 1, (vocab1, dim)), rng.normal(0, 1, (vocab2, dim)),
                   LSTMCell(dim, hidden, seed=seed + 1), LSTMCell(dim, hidden, seed=seed + 2),
                   rng.uniform(-0.5, 0.5, (classes, 2 * hidden)), rng.uniform(-0.5, 0.5, classes))

    def trace(self, ids1: np.ndarray, ids2: np.ndarray) -> dict:
        """Every layer's output for ids1 (samples, T1) and ids2 (samples, T2), by layer name."""
        x1, x2 = embed(self.E1, ids1), embed(self.E2, ids2)
        h1 = self.lstm1.forward(np.swapaxes(x1, 0, 1)).hs[-1]
        h2 = self.lstm2.forward(np.swapaxes(x2, 0, 1)).hs[-1]
        cat = np.concatenate([h1, h2], axis=1)
        z = cat @ self.W.T + self.b
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return {"embedding1": x1, "embedding2": x2, "lstm1": h1, "lstm2": h2, "concatenate": cat,
                "dense": z, "softmax": e / e.sum(axis=1, keepdims=True)}
