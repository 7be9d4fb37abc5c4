"""Regenerate the shipped sorting transformer, assets/models/transformer-sort.npz (seeded, ~10 s).

Run: python tools/train_sort.py [--seed N] [--steps N]
"""

from __future__ import annotations

import argparse
import json

from nnlab import attention_sort


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--steps", type=int, default=1000)
    args = parser.parse_args()
    result = attention_sort.train(seed=args.seed, steps=args.steps)
    meta = {"task": "sort", "seed": args.seed, "steps": result["steps"], "loss": result["loss"],
            "held_out_accuracy": result["accuracy"]}
    attention_sort.save(result["params"], attention_sort.WEIGHTS, meta)
    print(json.dumps(meta))


if __name__ == "__main__":
    main()
