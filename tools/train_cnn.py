"""Regenerate the shipped CNN weights, assets/models/cnn-simple.npz and cnn-deep.npz (seeded).

Run: python tools/train_cnn.py [--arch simple|deep] [--epochs N] [--seed N]
"""

from __future__ import annotations

import argparse
import json

from nnlab import cnn

EPOCHS = {"simple": 30, "deep": 20}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--arch", choices=tuple(cnn.ARCHITECTURES), action="append")
    parser.add_argument("--epochs", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    for arch in args.arch or cnn.ARCHITECTURES:
        epochs = args.epochs or EPOCHS[arch]
        result = cnn.train(arch, epochs=epochs, seed=args.seed)
        meta = {"arch": arch, "seed": args.seed, "epochs": result.epochs, "loss": result.loss,
                "test_accuracy": result.accuracy}
        cnn.save(result.params, cnn.weights_path(f"cnn-{arch}"), meta)
        print(json.dumps(meta | {"seconds": round(result.seconds, 1)}))


if __name__ == "__main__":
    main()
