"""The vocabularies of persons and of document structure, built once.

Every stage reads civilities, roles, given names, attendance labels and the
structure patterns through this module, so that a role form resolves to the
same role wherever it is read ("le vice-président" is *Vice-président* for
attendance, speakers and entities alike), and text is folded one way.

Sources: ``models/lexicons/persons.yaml`` (civilities, roles, particles,
words that are never names), ``models/lexicons/given_names.txt``
(a general French given-name list) and ``models/patterns/structure.yaml``
(attendance labels, agenda headings, header counts, chair and secretary).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from pipeline.io import read_model_file, read_model_lines

PERSONS = "lexicons/persons.yaml"
STRUCTURE = "patterns/structure.yaml"
# Apostrophes French text is typed with; folded to "'".
APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'"})


# --- folding ------------------------------------------------------------------------


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Casefold, strip accents, hyphens to spaces, one apostrophe, single spaces:
    the key names, roles and lexicon words are compared on."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("-", " ").translate(APOSTROPHES)
    return " ".join(stripped.casefold().split())


def fold_case(text: str) -> str:
    """Casefold, one apostrophe, single spaces; accents and hyphens kept: for
    lexicon words that are also turned into patterns over the raw text."""
    return " ".join(text.casefold().translate(APOSTROPHES).split())


def fold_keep_length(text: str) -> str:
    """Lower case without accents, one character for one, so that offsets found
    in the folded text hold in the original."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0].lower()
        out.append(base if len(base) == 1 else ch)
    return "".join(out)


# --- civilities -----------------------------------------------------------------------


@functools.cache
def _persons() -> dict[str, Any]:
    return read_model_file(PERSONS) or {}


@functools.cache
def civilities() -> dict[str, dict]:
    """Civility as written (casefolded) -> {"form", "gender", "number"}."""
    return {str(form).casefold(): {"form": str(form), **(info or {})} for form, info in (_persons().get("civilities") or {}).items()}


def civility_of(token: str) -> dict | None:
    return civilities().get(token.casefold())


@functools.cache
def civility_alternation() -> str:
    """A regex alternation of every civility, longest first; a form without a
    final dot must be followed by a space ("M" is not the start of "Maire")."""
    forms = sorted((info["form"] for info in civilities().values()), key=len, reverse=True)
    return "|".join(re.escape(f) + (r"(?=\s)" if not f.endswith(".") else "") for f in forms)


@functools.cache
def civility_prefix_re() -> re.Pattern[str]:
    """One or more civilities opening a text ("M. et Mme ", "Madame ")."""
    forms = sorted((info["form"] for info in civilities().values()), key=len, reverse=True)
    alternatives = "|".join(re.escape(f) for f in forms)
    return re.compile(rf"^(?:(?:{alternatives})(?=\s|$)\s*)+", re.IGNORECASE)


def strip_civility_and_article(text: str) -> str:
    """ "Monsieur le Maire" -> "Maire", "Mme l'Adjointe" -> "Adjointe"."""
    bare = civility_prefix_re().sub("", text.strip())
    return re.sub(r"^(?i:l[ea]\s+|l['\u2019]\s*)", "", bare)


# --- roles ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RoleForm:
    form: str  # as the lexicon writes it
    folded: str
    role: str  # canonical, singular masculine ("Adjoint")
    gender: str  # "m" or "f"
    plural: bool


@functools.cache
def roles() -> tuple[RoleForm, ...]:
    """Every role form, in precedence order: the longest folded form first, ties
    in lexicon order. The first form that opens a text names its role."""
    table: list[RoleForm] = []
    seen: set[tuple[str, bool]] = set()
    for entry in _persons().get("roles") or ():
        for key, gender, plural in (("m", "m", False), ("f", "f", False), ("mp", "m", True), ("fp", "f", True)):
            for form in entry.get(key) or ():
                folded = fold(str(form))
                if (folded, plural) in seen:
                    continue
                seen.add((folded, plural))
                table.append(RoleForm(str(form), folded, entry["role"], gender, plural))
    return tuple(sorted(table, key=lambda r: -len(r.folded)))


@functools.cache
def role_by_form() -> dict[str, str]:
    """Folded role form -> canonical role (the form's first entry by precedence)."""
    table: dict[str, str] = {}
    for entry in roles():
        table.setdefault(entry.folded, entry.role)
    return table


def role_form_at_start(text: str) -> RoleForm | None:
    """The role form that opens ``text`` (a whole word), by precedence."""
    folded = fold(text).strip(" .,")
    for entry in roles():
        if folded == entry.folded or folded.startswith(entry.folded + " "):
            return entry
    return None


def role_of(text: str) -> str | None:
    """The canonical role a text names ("Monsieur le Maire" -> "Maire",
    "la vice-présidente" -> "Vice-président"), None when it names none."""
    entry = role_form_at_start(strip_civility_and_article(text))
    return entry.role if entry else None


def is_role(text: str) -> bool:
    return role_form_at_start(text) is not None


def is_plural_role(text: str) -> bool:
    entry = role_form_at_start(text)
    return bool(entry and entry.plural)


def listed_role(text: str) -> str | None:
    """The role an attendance list gives, as written, in the singular where the
    list gives a plural ("Conseillers municipaux délégués" -> "Conseiller
    municipal délégué"); None when the text opens with no role."""
    entry = role_form_at_start(text)
    if entry is None:
        return None
    if not entry.plural:
        return " ".join(text.split()).strip(" .,")
    rest = " ".join(text.split()[len(entry.folded.split()) :]).strip(" .,")
    return " ".join([entry.role, *(_singular(word) for word in rest.split())])


def _singular(word: str) -> str:
    if word.endswith("aux") and len(word) > 4:
        return word[:-3] + "al"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


@functools.cache
def role_alternation() -> str:
    """A regex alternation of every role form, longest first (spaces match any run)."""
    forms = sorted({r.form for r in roles()}, key=len, reverse=True)
    return "|".join(re.escape(form).replace(r"\ ", r"\s+") for form in forms)


@functools.cache
def role_words() -> frozenset[str]:
    """Folded words of role forms: never part of a person's name."""
    return frozenset(word for r in roles() for word in r.folded.split())


def member_roles() -> frozenset[str]:
    """Roles held within the body that meets (folded)."""
    return frozenset(fold(role) for role in _persons().get("member_roles") or ())


def member_bodies_re() -> re.Pattern[str]:
    return re.compile(_persons()["member_bodies_i"], re.IGNORECASE)


# --- name vocabulary --------------------------------------------------------------------


@functools.cache
def particles() -> frozenset[str]:
    return frozenset(str(p).casefold() for p in _persons().get("particles") or ())


GIVEN_NAMES = "lexicons/given_names.txt"


@functools.cache
def given_names() -> frozenset[str]:
    """Folded given names: the general French list (INSEE births, see
    ``models/lexicons/README.md``) and the hand list of ``persons.yaml``,
    which only adds what the general list leaves out."""
    general = {fold(fields[0]) for fields in read_model_lines(GIVEN_NAMES)}
    return frozenset(general | {fold(str(n)) for n in _persons().get("given_names") or ()})


@functools.cache
def given_name_genders() -> dict[str, str]:
    """Folded given name -> "f", "m" or "fm", as the general list records births."""
    return {fold(fields[0]): fields[1] for fields in read_model_lines(GIVEN_NAMES) if len(fields) > 1}


@functools.cache
def not_names() -> frozenset[str]:
    """Words that are never part of a name: list labels and role words."""
    words = {fold(str(n)) for n in _persons().get("not_names") or ()}
    return frozenset((words | role_words()) - particles())


# --- structure patterns -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StructurePatterns:
    agenda: tuple[re.Pattern[str], ...]
    presentation: re.Pattern[str]
    attendance: tuple[tuple[str, re.Pattern[str]], ...]  # (status, label pattern)
    annex: re.Pattern[str]
    footnote: re.Pattern[str]
    bullet: re.Pattern[str]
    title_words: re.Pattern[str]
    body: tuple[re.Pattern[str], ...]
    chair: tuple[str, tuple[re.Pattern[str], ...]]  # (default role, patterns)
    secretary: tuple[str, tuple[re.Pattern[str], ...]]
    header_counts: tuple[tuple[str, re.Pattern[str]], ...]
    closing: re.Pattern[str]


@functools.cache
def structure_patterns() -> StructurePatterns:
    data = read_model_file(STRUCTURE)
    ci = re.IGNORECASE
    return StructurePatterns(
        agenda=tuple(re.compile(p) for p in data["agenda_headings"]),
        presentation=re.compile(data["presentation_heading_i"], ci),
        attendance=tuple((status, re.compile(p, ci)) for status, p in data["attendance_labels_i"].items()),
        annex=re.compile(data["annex_heading_i"], ci),
        footnote=re.compile(data["footnote_start"]),
        bullet=re.compile(data["bullet"]),
        title_words=re.compile(data["title_words_i"], ci),
        body=tuple(re.compile(p) for p in data["body_patterns"]),
        chair=(data["chair"]["role"], tuple(re.compile(p) for p in data["chair"]["patterns"])),
        secretary=(data["secretary"]["role"], tuple(re.compile(p) for p in data["secretary"]["patterns"])),
        header_counts=tuple((label, re.compile(p, ci)) for label, p in data["header_counts_i"].items()),
        closing=re.compile(data["closing_heading_i"], ci),
    )


LEADING_MARK = re.compile(r"^[+*•·>-]\s*")


def attendance_status(text: str) -> str | None:
    """The status an attendance label announces ("Absents excusés :" -> excused)."""
    label = LEADING_MARK.sub("", text.strip())  # "+ Présents :" in notes taken as bullets
    for status, pattern in structure_patterns().attendance:
        if pattern.match(label):
            return status
    return None


@functools.cache
def attendance_count_spans() -> tuple[re.Pattern[str], ...]:
    """Side-block counts ("Date de convocation : ...", "En exercice : 14",
    "Votants : 13") that OCR may interleave with an attendance list."""
    data = read_model_file(STRUCTURE)
    return tuple(re.compile(p, re.IGNORECASE) for p in data.get("attendance_count_spans_i") or ())


def singular_word(word: str) -> str:
    """A French plural word in the singular, by its ending ("Invités" -> "Invité",
    "municipaux" -> "municipal"); other words as they are."""
    return _singular(word)


@functools.cache
def attendance_table_columns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(kind, pattern) of the column headings of attendance tables: proxy,
    substitute, no_proxy, name, role, organisation."""
    data = read_model_file(STRUCTURE)
    return tuple((kind, re.compile(p, re.IGNORECASE)) for kind, p in (data.get("attendance_table_columns_i") or {}).items())
