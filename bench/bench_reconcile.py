"""Time and memory of reconciliation on synthetic mentions with realistic variants.

    python bench/bench_reconcile.py            # 1,000 / 10,000 / 100,000 mentions
    python bench/bench_reconcile.py 5000       # other sizes

Persons are drawn from common French given and family names (so homonyms and
shared family names occur, as in a real archive) and written in the shapes
minutes use: "Prénom NOM", "NOM Prénom", civility, initials, lower-case or
misspelt given names, family name alone, role mentions; a fifth of the
mentions name organisations ("Ville de X", "CA X", acronyms). Mentions are
spread over documents of about 60 mentions each.
"""

from __future__ import annotations

import random
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline import ids  # noqa: E402
from pipeline.reconcile import reconcile  # noqa: E402
from pipeline.records import EntityKind, Mention, Provenance  # noqa: E402

GIVEN = ["Jean", "Marie", "Pierre", "Michel", "Philippe", "Jean-Pierre", "Nathalie", "Isabelle", "Olivier", "Christophe",
         "Sylvie", "Jean-Luc", "Catherine", "Patrick", "Françoise", "Éric", "Anne", "Stéphane", "Nicolas", "Valérie",
         "Marie-Claude", "Frédéric", "Sandrine", "Bernard", "Monique", "Gérard", "Hélène", "Thierry", "Céline", "Alain"]
SYLLABLES = ["ber", "nard", "mar", "tin", "le", "roy", "du", "pont", "ga", "li", "mant", "cour", "quin", "bou", "ri",
             "aud", "che", "va", "lier", "gra", "vou", "il", "tri", "quet", "mo", "reau", "fa", "vre", "lan", "dry"]
TOWNS = ["Douai", "Cambrai", "Roubaix", "Tourcoing", "Calais", "Arras", "Lens", "Nantes", "Rezé", "Pornic", "Machecoul"]
ROLES = [("Maire", "Monsieur le Maire"), ("Président", "le Président"), ("Adjoint", "l'Adjoint")]


def _family(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).upper()


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1 :]


def _person_form(given: str, family: str, rng: random.Random) -> tuple[str, str | None, str | None, str | None]:
    """(text, given, family, civility) in one of the shapes minutes use."""
    shape = rng.random()
    if shape < 0.35:
        return f"{given} {family}", given, family, None
    if shape < 0.55:
        return f"{family} {given}", given, family, None
    if shape < 0.65:
        return f"M. {given} {family}", given, family, "M."
    if shape < 0.72:
        initials = "-".join(p[0] + "." for p in given.split("-"))
        return f"{initials} {family.title()}", initials, family.title(), None
    if shape < 0.78:
        typo = _typo(given, rng)
        return f"{typo} {family}", typo, family, None
    if shape < 0.84:
        return f"{given.lower()} {family}", given.lower(), family, None
    return f"M. {family}", None, family, "M."


def synthetic(n: int, *, seed: int = 1) -> list[Mention]:
    rng = random.Random(seed)
    people = [(rng.choice(GIVEN), _family(rng)) for _ in range(max(10, n // 8))]
    bodies = [f"{rng.choice(['Ville de', 'Communauté Urbaine de', 'CA', 'Syndicat de'])} {rng.choice(TOWNS)}" for _ in range(50)]
    bodies += ["".join(rng.choice("ABCDEFGHIJKLMNOPRSTUV") for _ in range(rng.randint(3, 5))) for _ in range(200)]
    mentions: list[Mention] = []
    n_docs = max(1, n // 60)
    for k in range(n):
        doc = f"{rng.randrange(n_docs):016x}".ljust(64, "0")
        mention_id = ids.doc_scoped(doc, "me", k)
        draw = rng.random()
        if draw < 0.2:
            text = rng.choice(bodies)
            kind, given, family, civility, role = EntityKind.ORGANISATION, None, None, None, None
        elif draw < 0.25:
            role, text = rng.choice(ROLES)
            kind, given, family, civility = EntityKind.PERSON, None, None, None
        else:
            text, given, family, civility = _person_form(*rng.choice(people), rng)
            kind, role = EntityKind.PERSON, None
        mentions.append(Mention(mention_id, doc, None, kind, text, 0, len(text), Provenance(doc, 1, 0, len(text), "bench"),
                                given_name=given, family_name=family, civility=civility, role=role))
    rng.shuffle(mentions)
    return mentions


def measure(n: int) -> tuple[float, float, int, int]:
    mentions = synthetic(n)
    start = time.perf_counter()
    resolution = reconcile(mentions)
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    reconcile(mentions)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak / 1e6, len(resolution.persons), len(resolution.organisations)


def main(sizes: list[int]) -> None:
    print(f"{'mentions':>9} {'seconds':>8} {'peak MB':>8} {'persons':>8} {'orgs':>6}")
    for n in sizes:
        elapsed, peak, persons, orgs = measure(n)
        print(f"{n:>9} {elapsed:>8.2f} {peak:>8.1f} {persons:>8} {orgs:>6}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1_000, 10_000, 100_000])
