"""Person names as French minutes write them.

Minutes write a name in many shapes: "Olivier LEGRAND", "LEGRAND Olivier",
"M. Jean-Paul MARCHAL", "Mme BONNEFOY", "VASSEUR, Christophe",
"CARON JEAN-François", "J.-P. Perrin", "Jean de La Fontaine". The rule
that separates the family name from the given name is the French
administrative habit of writing the family name in capitals; without capitals
the last word (with its particles) is the family name.

Vocabularies (civilities, particles, given names, words that are never
names) come from :mod:`pipeline.lexicon`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pipeline.io import read_model_file
from pipeline.lexicon import civility_of, fold, given_names, not_names, particles

MAX_TOKENS = 7  # longer runs are sentences, not names
MAX_FAMILY_WORDS = 3  # "LE GALL", "MAUGER LAVAL": more capitals are a body or a heading


@dataclass(frozen=True, slots=True)
class PersonName:
    civility: str | None  # "M.", "Mme", as written
    given: str | None  # "Jean-Paul", "Olivier", "J.-P."
    family: str | None  # "MARCHAL", "de La Fontaine"
    gender: str | None  # "m"/"f" from the civility, else None

    @property
    def display(self) -> str:
        """Canonical display form: "Given FAMILY" (family as written)."""
        return " ".join(part for part in (self.given, self.family) if part)


# --- lexicon access (lazy, memoised) ------------------------------------------


# --- token shapes ---------------------------------------------------------------


@functools.cache
def _initial_re() -> re.Pattern[str]:
    # "J.", "J.-P.", "J.P.", "J-P.", "Ch."
    return re.compile(r"^(?:[A-ZÀ-Þ][a-z]?\.)(?:-?[A-ZÀ-Þ][a-z]?\.?)*$|^[A-ZÀ-Þ](?:-[A-ZÀ-Þ])+\.?$")


def _letters(token: str) -> str:
    return "".join(ch for ch in token if ch.isalpha())


@functools.lru_cache(maxsize=1 << 16)
def is_initial(token: str) -> bool:
    return bool(_initial_re().match(token))


@functools.lru_cache(maxsize=1 << 16)
def is_upper_word(token: str) -> bool:
    """A family name in capitals: "MARCHAL", "D'ARTAGNAN", "MAUGER-LAVAL"."""
    letters = _letters(token)
    return len(letters) >= 2 and letters.isupper() and not is_initial(token)


@functools.lru_cache(maxsize=1 << 16)
def is_capitalised(token: str) -> bool:
    """"Jean-Paul", "Jean-luc", "Vlieghe", "d'Huy": the first letter of the
    token (or of the part after an apostrophe particle) is a capital."""
    core = re.sub(r"^(?:[dDlL]['\u2019])", "", token)
    return bool(core) and core[0].isupper() and any(ch.islower() for ch in core)


@functools.lru_cache(maxsize=1 << 16)
def is_particle(token: str) -> bool:
    return token.casefold() in particles() or bool(re.match(r"^[dD]['\u2019]$", token))


@functools.lru_cache(maxsize=1 << 16)
def is_given_name(token: str) -> bool:
    """Every hyphen part is a known given name ("Jean-Pierre", "MARIE-JO")."""
    parts = [p for p in re.split(r"[-\s]+", token) if p]
    return bool(parts) and all(fold(p) in given_names() for p in parts)


# --- parsing ----------------------------------------------------------------------

_STRIP = " \t\n\u00a0,;:*()[]«»\"“”"


def _tokens(text: str) -> list[str]:
    return [t for t in (tok.strip(_STRIP) for tok in text.split()) if t]


def parse_person_name(text: str, *, allow_bare_family: bool = False) -> PersonName | None:
    """Split a name into civility, given and family names; None when ``text``
    is not a person's name.

    A lone capitalised word without civility ("DUPONT") is taken as a family
    name only with ``allow_bare_family`` (attendance lists), because in
    running text it is as often an acronym.
    """
    text = " ".join(text.replace("\u2019", "'").split())
    if not text:
        return None
    if "," in text.strip(_STRIP):
        # "VASSEUR, Christophe": family first, given after the comma.
        head, _, tail = text.partition(",")
        if tail.strip() and "," not in tail:
            return _parse_comma(head, tail, allow_bare_family=allow_bare_family)
        return None
    tokens = _tokens(text)
    civility, gender, tokens = _take_civility(tokens)
    if not tokens or len(tokens) > MAX_TOKENS:
        return None
    if any(any(ch.isdigit() for ch in t) for t in tokens):
        return None
    if any(fold(t) in not_names() for t in tokens if not is_particle(t)):
        return None
    if not any(ch.isupper() for t in tokens for ch in t):
        return None
    given, family = _split(tokens, has_civility=civility is not None, allow_bare_family=allow_bare_family)
    if family is None and given is None:
        return None
    return PersonName(civility=civility, given=given, family=family, gender=gender)


def _parse_comma(head: str, tail: str, *, allow_bare_family: bool) -> PersonName | None:
    head_tokens = _tokens(head)
    civility, gender, head_tokens = _take_civility(head_tokens)
    tail_tokens = _tokens(tail)
    if not head_tokens or not tail_tokens or len(head_tokens) + len(tail_tokens) > MAX_TOKENS:
        return None
    if not all(is_upper_word(t) or is_capitalised(t) or is_particle(t) for t in head_tokens):
        return None
    if not all(is_capitalised(t) or is_initial(t) or is_upper_word(t) for t in tail_tokens):
        return None
    if any(fold(t) in not_names() for t in head_tokens + tail_tokens if not is_particle(t)):
        return None
    return PersonName(civility=civility, given=" ".join(tail_tokens), family=" ".join(head_tokens), gender=gender)


def _take_civility(tokens: list[str]) -> tuple[str | None, str | None, list[str]]:
    if tokens and (info := civility_of(tokens[0])) is not None:
        return tokens[0], info.get("gender"), tokens[1:]
    return None, None, tokens


def _split(tokens: list[str], *, has_civility: bool, allow_bare_family: bool) -> tuple[str | None, str | None]:
    """(given, family) from the tokens after the civility."""
    upper = [is_upper_word(t) and not is_particle(t) for t in tokens]
    if all(is_upper_word(t) or is_particle(t) for t in tokens) and len(tokens) > 1:
        return _split_all_caps(tokens)
    if any(upper):
        if len(tokens) == 1 and not (has_civility or allow_bare_family):
            return None, None  # "DATAR": as often an acronym as a surname
        return _split_on_caps(tokens, upper)
    return _split_mixed_case(tokens, has_civility=has_civility, allow_bare_family=allow_bare_family)


def _split_on_caps(tokens: list[str], upper: list[bool]) -> tuple[str | None, str | None]:
    # The family name is the run of capitalised words, with any particle
    # written just before it ("de LA FONTAINE") or inside it.
    first = upper.index(True)
    last = len(upper) - 1 - upper[::-1].index(True)
    while first > 0 and is_particle(tokens[first - 1]):
        first -= 1
    family = tokens[first : last + 1]
    rest = tokens[:first] + tokens[last + 1 :]
    if any(not (is_upper_word(t) or is_particle(t)) for t in family):
        return None, None
    core = [t for t in family if not is_particle(t)]
    if len(core) > MAX_FAMILY_WORDS or any(type_abbreviation(t) is not None for t in core):
        return None, None  # "CA DU PLATEAU DE VAUCLAIR LEGRAND": a body and a name run together
    for token in rest:
        if is_initial(token) or is_capitalised(token):
            continue
        # "olivier LEGRAND": a lowercase given name is believed only when it
        # is a known given name, otherwise it is a word of the sentence.
        if token.islower() and is_given_name(token):
            continue
        if "-" in token and is_capitalised(token.split("-")[0]) or _is_mixed_hyphenated(token):
            continue
        return None, None
    return (" ".join(rest) or None), " ".join(family)


def _is_mixed_hyphenated(token: str) -> bool:
    """"JEAN-François": a given name whose parts were typed in mixed case."""
    parts = token.split("-")
    return len(parts) > 1 and all(p[:1].isupper() for p in parts if p)


def _split_all_caps(tokens: list[str]) -> tuple[str | None, str | None]:
    """"JEAN-PIERRE PERRIN" or "PERRIN JEAN-PIERRE": the known given name
    decides; when both or neither are known, reading order (given first)."""
    head, tail = tokens[0], tokens[-1]
    if is_particle(tail):
        return None, None
    if is_particle(head) or (is_given_name(tail) and not is_given_name(head)):
        return tail, " ".join(tokens[:-1])
    return head, " ".join(tokens[1:])


def _split_mixed_case(tokens: list[str], *, has_civility: bool, allow_bare_family: bool) -> tuple[str | None, str | None]:
    if not all(is_capitalised(t) or is_initial(t) or is_particle(t) for t in tokens):
        return None, None
    if is_particle(tokens[-1]) or is_initial(tokens[-1]):
        return None, None
    if len(tokens) == 1:
        if has_civility or allow_bare_family:
            return None, tokens[0]
        return None, None
    start = len(tokens) - 1
    while start > 0 and is_particle(tokens[start - 1]):
        start -= 1
    given = tokens[:start]
    if not given:
        # "de Gaulle" with a civility ("M. de Gaulle"): a family name only.
        return (None, " ".join(tokens)) if has_civility else (None, None)
    if is_particle(given[0]):
        return None, None
    return " ".join(given), " ".join(tokens[start:])


def name_key(name: PersonName) -> str:
    """Folded "family|given": case, accents and hyphens do not count."""
    return f"{fold(name.family or '')}|{fold(name.given or '')}"


# --- organisation names -------------------------------------------------------------

ORG_LEXICON = "lexicons/organisations.yaml"


@dataclass(frozen=True, slots=True)
class OrgName:
    """A body's name split into its type ("Communauté Urbaine") and the name
    proper that follows ("Dunkerque"); either may be missing."""

    org_type: str | None  # canonical type label from the lexicon
    complement: str | None  # the name after the type, connectors stripped
    generic: bool  # the type alone ("Conseil Régional", "la Région"): a reference


@functools.cache
def _org_lexicon() -> dict:
    return read_model_file(ORG_LEXICON) or {}


@functools.cache
def org_types() -> tuple[dict, ...]:
    return tuple(_org_lexicon().get("types") or ())


@functools.cache
def org_connectors() -> frozenset[str]:
    return frozenset(fold(w) for w in _org_lexicon().get("connectors") or ())


@functools.cache
def org_name_words() -> frozenset[str]:
    return frozenset(fold(w) for w in _org_lexicon().get("name_words") or ())


@functools.cache
def not_acronyms() -> frozenset[str]:
    return frozenset(str(w).upper() for w in _org_lexicon().get("not_acronyms") or ())


@functools.cache
def _type_forms() -> tuple[tuple[str, dict], ...]:
    """(folded form, type entry), longest form first so "syndicat mixte" wins over "syndicat"."""
    pairs = [(fold(form), entry) for entry in org_types() for form in entry.get("forms") or ()]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


@functools.cache
def _abbreviations() -> dict[str, dict]:
    table: dict[str, dict] = {}
    for entry in org_types():
        for abbr in entry.get("abbreviations") or ():
            table.setdefault(str(abbr), entry)  # first listed type wins ("CA")
    return table


@functools.cache
def _reference_words() -> dict[str, dict]:
    table: dict[str, dict] = {}
    for entry in org_types():
        for word in entry.get("references") or ():
            table.setdefault(fold(word), entry)
    return table


def type_abbreviation(token: str) -> dict | None:
    return _abbreviations().get(token)


def reference_type(word: str) -> dict | None:
    """The type a generic word stands for: "Région" -> Conseil Régional."""
    return _reference_words().get(fold(word))


def _org_tokens(text: str) -> list[str]:
    text = re.sub(r"\([^)]*\)", " ", text.replace("\u2019", "'"))
    text = re.sub(r"\b([dlDL])'", r"\1' ", text)
    return [t for t in re.split(r"[\s\-/]+", text.strip(" .,;:*")) if t]


def parse_org_name(text: str) -> OrgName:
    """Type and name proper of a body's name, by the type lexicon."""
    tokens = _org_tokens(text)
    while tokens and fold(tokens[0]) in {"la", "le", "les", "l'"}:
        tokens = tokens[1:]
    folded = fold(" ".join(tokens)).replace("' ", "'")
    for form, entry in _type_forms():
        if folded == form or folded.startswith(form + " "):
            rest = _strip_connectors(folded[len(form):].split())
            if not rest and entry.get("complement") == "required":
                break  # "la Ville" alone: a reference to the document's own body
            return OrgName(entry["type"], " ".join(rest) or None, generic=not rest and entry.get("complement") != "none")
    entry = type_abbreviation(tokens[0]) if tokens else None
    if entry is not None and len(tokens) > 1 and entry.get("complement") != "none":
        rest = _strip_connectors([fold(t) for t in tokens[1:]])
        return OrgName(entry["type"], " ".join(rest) or None, generic=not rest)
    if len(tokens) == 1 and (entry := reference_type(tokens[0])) is not None:
        return OrgName(entry["type"], None, generic=True)
    return OrgName(None, " ".join(_strip_connectors([fold(t) for t in tokens])) or None, generic=False)


def _strip_connectors(words: list[str]) -> list[str]:
    return [w for w in words if w not in org_connectors()]


def org_key(text: str) -> str:
    """Folded type + name proper, connectors dropped: "CA ARTOIS COMM" and
    "Communauté d'Agglomération de ARTOIS COMM" share one key."""
    name = parse_org_name(text)
    parts = [*_strip_connectors(fold(name.org_type).replace("'", "' ").split())] if name.org_type else []
    if name.complement:
        parts.append(name.complement)
    words = " ".join(parts).replace("' ", " ").replace("'", " ").split()
    # "association Association Sans Nom": a type written twice counts once
    return " ".join(w for n, w in enumerate(words) if n == 0 or w != words[n - 1])


def initials_match(acronym: str, expansion: str) -> bool:
    """Whether an acronym can be read off a name's initials: "CR NPDC" from
    "Conseil Régional Nord-Pas de Calais", "CDC" from "Caisse des dépôts et
    consignations". Connectors may give their initial or be skipped."""
    letters = [ch for ch in fold(acronym) if ch.isalnum()]
    words = [fold(t).strip("'") for t in _org_tokens(expansion)]
    words = [w for w in words if w]
    if len(letters) < 2 or not words:
        return False
    connectors = {w.strip("'") for w in org_connectors()}

    @functools.cache
    def match(i: int, j: int) -> bool:
        if j == len(words):
            return i == len(letters)
        word = words[j]
        if word in connectors and match(i, j + 1):
            return True
        return i < len(letters) and word[0] == letters[i] and match(i + 1, j + 1)

    return match(0, 0)
