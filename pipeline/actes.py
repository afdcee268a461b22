"""Agenda items into the ACTES nomenclature of council acts (policy domains).

ACTES is the national classification of the acts French local bodies send to
the préfecture (9 domains, about 50 sub-domains such as ``7.5`` Finances
locales/subventions); the SCDL "Délibérations" open-data schema reuses it as
``DELIB_MATIERE_CODE``/``DELIB_MATIERE_NOM``. The vocabulary of each
sub-domain lives in ``models/lexicons/actes.yaml``; this module only scores
it. Precision first: a heading whose evidence is weak or split between
sub-domains gets no class rather than a guess.

Scoring: each lexicon term that matches the folded heading adds its weight to
its sub-domain (overlapping matches in one sub-domain count once, the
heaviest kept). The best sub-domain wins, ties going to the lexicon's
``priority`` order (the nature of the act before its theme). Confidence is
``strength × margin``: strength is the best score over a decisive weight
(capped at 1), margin is best / (best + runner-up), where theme sub-domains
(domain 8, 9.1) are no rivals of an act-type winner and a rival with only
topical evidence (score below 2) is none. Theme sub-domains score their
single best term: theme words do not add up against an act word.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from pipeline.io import read_model_file

LEXICON = "lexicons/actes.yaml"
DECISIVE = 3.0  # the weight of a term that names a sub-domain by itself
VERSION = "minutes.actes.v1"


@dataclass(frozen=True, slots=True)
class ActesClass:
    code: str  # level-2 code, e.g. "7.5"
    level1: str  # e.g. "finances locales"
    level2: str  # e.g. "subventions"
    scdl_name: str  # "level1/level2", the SCDL DELIB_MATIERE_NOM form
    confidence: float  # 0..1
    evidence: tuple[str, ...]  # the heading's words that matched, as folded


@dataclass(frozen=True, slots=True)
class _Term:
    pattern: re.Pattern[str]
    weight: float


@dataclass(frozen=True, slots=True)
class _Lexicon:
    threshold: float
    level1: dict[str, str]
    names: dict[str, str]
    terms: dict[str, tuple[_Term, ...]]
    rank: dict[str, int]
    themes: frozenset[str]
    precedence: tuple[tuple[str, re.Pattern[str], frozenset[str]], ...]
    generic: re.Pattern[str] | None


def normalise(text: str) -> str:
    """Lower case, no accents, œ as oe, apostrophes/punctuation as single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "OE"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", stripped).split())


def _fold_pattern(fragment: str) -> str:
    """A lexicon fragment folded like the text, its regex syntax kept."""
    decomposed = unicodedata.normalize("NFKD", fragment.replace("œ", "oe"))
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    # Apostrophes, hyphens and slashes become spaces in the text; literal
    # spaces in a fragment stand for one space of the normalised text.
    folded = folded.replace("'", " ").replace("\u2019", " ").replace("-", " ").replace("/", " ")
    return re.sub(r" +", " ", folded)


def _compile(fragment: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{_fold_pattern(fragment)})(?![\w])")


@functools.cache
def _lexicon() -> _Lexicon:
    data = read_model_file(LEXICON)
    terms: dict[str, tuple[_Term, ...]] = {}
    names: dict[str, str] = {}
    for code, entry in data["classes"].items():
        names[code] = entry["name"]
        terms[code] = tuple(
            _Term(_compile(fragment), float(weight))
            for weight, fragments in entry["terms"].items()
            for fragment in fragments
        )
    missing = set(terms) - set(data["priority"])
    if missing:
        raise ValueError(f"{LEXICON}: codes missing from priority: {sorted(missing)}")
    generic = "|".join(_fold_pattern(g) for g in data.get("generic", []))
    return _Lexicon(
        threshold=float(data["threshold"]),
        level1={str(k): v for k, v in data["level1"].items()},
        names=names,
        terms=terms,
        rank={code: i for i, code in enumerate(data["priority"])},
        themes=frozenset(data["themes"]),
        precedence=tuple(
            (rule["code"], _compile("|".join(rule["when"])), frozenset(rule.get("unless", ())))
            for rule in data.get("precedence", ())
        ),
        generic=re.compile(rf"(?<![\w])(?:{generic})(?![\w])") if generic else None,
    )


def codes() -> dict[str, str]:
    """Every level-2 code and its SCDL name ("level1/level2")."""
    lex = _lexicon()
    return {code: _scdl(lex, code) for code in sorted(lex.names, key=_code_key)}


def scores(label: str) -> dict[str, tuple[float, tuple[str, ...]]]:
    """Each sub-domain with evidence in the label: (score, matched words)."""
    lex = _lexicon()
    text = normalise(label)
    found: dict[str, tuple[float, tuple[str, ...]]] = {}
    for code, terms in lex.terms.items():
        spans: list[tuple[int, int, float]] = []
        for term in terms:
            spans.extend((m.start(), m.end(), term.weight) for m in term.pattern.finditer(text) if m.end() > m.start())
        if not spans:
            continue
        kept: list[tuple[int, int, float]] = []
        # Heaviest, then longest match first; a span overlapping a kept one is
        # the same evidence read twice ("location de la salle" / "location").
        for start, end, weight in sorted(spans, key=lambda s: (-s[2], -(s[1] - s[0]), s[0])):
            if all(end <= k_start or start >= k_end for k_start, k_end, _ in kept):
                kept.append((start, end, weight))
        kept.sort()
        # Theme words do not add up: "école" and "scolaire" in one heading say
        # the same theme once, and must not outweigh one act word.
        weights = [w for _, _, w in kept]
        score = max(weights) if code in lex.themes else sum(weights)
        found[code] = (score, tuple(text[s:e] for s, e, _ in kept))
    return found


def classify(label: str) -> ActesClass | None:
    """The ACTES sub-domain of an agenda heading, or None when evidence is weak.

    >>> classify("Subvention à l'association des parents d'élèves").code
    '7.5'
    """
    if not label or not label.strip():
        return None
    lex = _lexicon()
    found = scores(label)
    if not found:
        return None
    found = _apply_precedence(lex, found)
    ranked = sorted(found.items(), key=lambda item: (-item[1][0], lex.rank[item[0]]))
    best_code, (best, evidence) = ranked[0]
    # Theme words beside an act word are expected ("subvention" to a sports
    # club): they do not make an act-type class doubtful.
    # Topical words alone (weight below 2) cast no doubt either.
    rivals = [
        score for code, (score, _) in ranked[1:]
        if score >= 2 and (best_code in lex.themes or code not in lex.themes)
    ]
    runner_up = max(rivals, default=0.0)
    confidence = min(best, DECISIVE) / DECISIVE * best / (best + runner_up)
    if confidence < lex.threshold:
        return None
    return ActesClass(
        code=best_code,
        level1=lex.level1[best_code.split(".")[0]],
        level2=lex.names[best_code],
        scdl_name=_scdl(lex, best_code),
        confidence=round(confidence, 3),
        evidence=evidence,
    )


def _apply_precedence(lex: _Lexicon, found: dict) -> dict:
    """A precedence rule whose words matched overrules the other act-type classes."""
    for code, pattern, unless in lex.precedence:
        evidence = found.get(code, (0.0, ()))[1]
        if any(pattern.fullmatch(word) for word in evidence) and not unless & found.keys():
            return {c: v for c, v in found.items() if c == code or c in lex.themes}
    return found


def _scdl(lex: _Lexicon, code: str) -> str:
    return f"{lex.level1[code.split('.')[0]]}/{lex.names[code]}"


def _code_key(code: str) -> tuple[int, int]:
    major, minor = code.split(".")
    return int(major), int(minor)


def is_theme(code: str) -> bool:
    """Whether a sub-domain names a field of action (domain 8, 9.1) rather than a kind of act."""
    return code in _lexicon().themes


def drop_generic(text: str) -> str:
    """A normalised label without the lexicon's generic decision words."""
    lex = _lexicon()
    if lex.generic is None:
        return text
    return " ".join(lex.generic.sub(" ", text).split())
