"""Writes assets/datasets/toy_sentences.csv: 300 short review sentences, label 1 positive, 0 negative,
from seeded templates (run once; the shipped file is what nnlab reads)."""

from pathlib import Path

import numpy as np

SUBJECTS = ("the movie", "the food", "the film", "the meal", "the show", "the story", "the soup", "the music")
POSITIVE = ("good", "great", "wonderful", "lovely", "excellent", "fun")
NEGATIVE = ("bad", "awful", "boring", "terrible", "poor", "dull")
VERBS = ("was", "is", "seemed")
ADVERBS = ("", "very ", "really ", "quite ")


def main() -> None:
    rng = np.random.default_rng(18)
    lines = ["label,sentence"]
    for k in range(300):
        label = k % 2
        words = POSITIVE if label else NEGATIVE
        subject, verb, adverb = (rng.choice(a) for a in (SUBJECTS, VERBS, ADVERBS))
        lines.append(f"{label},{subject} {verb} {adverb}{rng.choice(words)}")
    out = Path(__file__).resolve().parent.parent / "assets" / "datasets" / "toy_sentences.csv"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
