"""Recognition in one paragraph: person names (civility, given and family names,
enumerations), roles, organisations by their type words, acronyms and the
model's spans, settled by priority where they overlap."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from pipeline.entities.resources import (
    MAX_NAME_TOKENS,
    MAX_ORG_TOKENS,
    _Candidate,
    _list_opener_re,
    _org_type_re,
    _own_body_re,
    _paren_acronym_re,
    _role_after_re,
    _role_before_res,
    _role_mention_re,
    _runs,
    _stop_words,
    _Token,
    _tokens,
    _type_words,
)
from pipeline.entities.gazetteer import gazetteer_candidates
from pipeline.lexicon import (
    fold,
    fold_keep_length,
    not_names,
    role_by_form,
)
from pipeline.names import (
    civility_of,
    initials_match,
    is_capitalised,
    is_given_name,
    is_initial,
    is_particle,
    is_upper_word,
    not_acronyms,
    org_connectors,
    org_name_words,
    org_types,
    parse_org_name,
    parse_person_name,
    type_abbreviation,
)
from pipeline.records import (
    EntityKind,
)

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
    if folded in _stop_words() or folded in not_names() or folded in _type_words() or folded in role_by_form():
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
    return folded in not_names() or folded in _type_words() or folded in role_by_form() or type_abbreviation(token) is not None


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
    "Messieurs VERMEULEN, GUERIN, Mme BONNEFOY, MOULIN"."""
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
        role = role_by_form()[fold(match.group("role"))]
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
    for match in _org_type_re().finditer(fold_keep_length(text)):
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
            and fold(token.text) not in role_by_form()
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
            if fold(words[0]) in not_names() or fold(words[0]) in role_by_form() or len(words) > MAX_ORG_TOKENS:
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
    """"VASSEUR, Christophe" at the start of a line (lists of names)."""
    found: list[_Candidate] = []
    for k in range(len(tokens) - 1):
        family, given = tokens[k], tokens[k + 1]
        if family.gap != "hard" or given.gap != "comma" or not is_upper_word(family.text) or _blocked(family.text):
            continue
        if not _given_like(given.text, ctx, given.start, given.end) or (k + 2 < len(tokens) and tokens[k + 2].gap == "space"):
            continue
        found.append(_Candidate(family.start, given.end, EntityKind.PERSON, 80, -1, given.text, family.text))
    return found


def _with_gazetteer(typed: list[_Candidate], known: list[_Candidate]) -> list[_Candidate]:
    """Bodies found by their type words and by the gazetteer, one span each.

    A typed name that holds a gazetteer form is the longer, fuller name ("Commission
    locale de l'eau du bassin X"): it stays, and takes the form's acronym so that the
    acronym alone elsewhere joins it.
    """
    kept = list(typed)
    for cand in known:
        holder = next((t for t in typed if t.start <= cand.start and cand.end <= t.end and (t.start, t.end) != (cand.start, cand.end)), None)
        if holder is not None:
            if holder.acronym is None and cand.acronym is not None:
                holder.acronym = cand.acronym
            continue
        kept.append(cand)
    return kept


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
            cand.role = role_by_form().get(fold(after.group("role")), cand.role)
            continue
        for pattern, role in _role_before_res():
            before = pattern.search(text[max(0, cand.start - 60) : cand.start])
            if before is not None:
                found = before.groupdict().get("role")
                cand.role = role or role_by_form().get(fold(found or ""), cand.role)
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
    cands += _with_gazetteer(_orgs(tokens, text), gazetteer_candidates(text))
    cands += _acronym_runs(tokens, heading=_is_heading([t.text for t in tokens]), known=known_acronyms, lower_words=lower_words)
    cands += _comma_names(tokens, ctx)
    cands += spacy_cands
    chosen = _resolve_overlaps(cands)
    _attach_roles(chosen, text)
    for cand in chosen:
        cand.para = para
    return chosen
