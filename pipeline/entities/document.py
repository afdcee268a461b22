"""Document-wide passes and the stage: short forms of names already seen,
acronyms tied to their expansion, generic words ("la Région") tied to the body
the document names, supplier cells of procurement tables, then mentions."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from pipeline import ids
from pipeline.entities.paragraph import _is_heading, _paragraph_candidates
from pipeline.entities.resources import STAGE, _Candidate, _org_type_re, _token_re, _tokens
from pipeline.lexicon import (
    fold,
    fold_keep_length,
)
from pipeline.names import (
    civility_of,
    initials_match,
    is_capitalised,
    is_initial,
    is_upper_word,
    not_acronyms,
    org_key,
    org_types,
    parse_org_name,
)
from pipeline.records import (
    EntityKind,
    Mention,
    Paragraph,
    ParagraphKind,
    Provenance,
    SourceDocument,
)

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
    document names in full: "VERMEULEN", "Adrien"."""
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


# Types that name a commune: its territory, its town hall, its administration.
COMMUNE_TYPES = frozenset({"Commune", "Ville", "Mairie"})
CALLED = re.compile(r"\s(?:le|la|les|l['’])\s*(?P<short>[A-Z][A-Z0-9]{1,7})$")


def _called(name: str) -> str | None:
    """The capitals a body's name ends on after an article ("Club sportif le ASV" -> "ASV")."""
    match = CALLED.search(name)
    return match.group("short") if match else None


# A capitalised acronym after an article ("la DI", "du SIE", "l'ADT"), and a lower-case body
# name after one ("la direction informatique"): a type word and up to four words.
ARTICLE_ACRONYM = re.compile(r"(?:\b(?:la|le|les|du|des|au|aux)\s+|\bl['’]\s*)(?P<acronym>[A-Z]{2,6})(?![\w-])")
LOWER_WORD = r"[a-zà-ÿœæ'’-]+"


def _spelled_acronyms(paragraphs: Sequence[Paragraph], cands: list[_Candidate]) -> list[_Candidate]:
    """An acronym the document never expands, whose letters spell a body it names in lower case.

    Serves notes and minutes that write "la direction informatique" once and "la DI" after:
    neither is capitalised as a name, so only the initials tie them. Both become mentions
    sharing the acronym.
    """
    taken = {(c.para, c.start, c.end) for c in cands}
    spans = [(c.para, c.start, c.end) for c in cands]
    acronyms: dict[str, list[tuple[int, int, int]]] = {}
    for index, paragraph in enumerate(paragraphs):
        for match in ARTICLE_ACRONYM.finditer(paragraph.text):
            word = match.group("acronym")
            if word.upper() not in not_acronyms():
                acronyms.setdefault(word, []).append((index, match.start("acronym"), match.end("acronym")))
    found: list[_Candidate] = []
    if not acronyms:
        return found
    type_re = _org_type_re()
    for index, paragraph in enumerate(paragraphs):
        folded = fold_keep_length(paragraph.text)
        for match in type_re.finditer(folded):
            if match.start() == 0 or not paragraph.text[match.start()].islower():
                continue  # a capitalised name is the type rules' business
            tail = re.match(rf"(?:\s+{LOWER_WORD}){{1,4}}", paragraph.text[match.end():])
            if tail is None:
                continue
            words = paragraph.text[match.start() : match.end() + tail.end()].split()
            for size in range(2, len(words) + 1):  # the shortest phrase: trailing connectors may be skipped
                phrase = " ".join(words[:size])
                acronym = next((a for a in acronyms if initials_match(a, phrase)), None)
                if acronym is None:
                    continue
                end = match.start() + len(phrase)
                if not any(p == index and s < end and match.start() < e for p, s, e in spans):
                    found.append(_Candidate(match.start(), end, EntityKind.ORGANISATION, 60, index, acronym=acronym))
                    for para, start, stop in acronyms[acronym]:
                        if (para, start, stop) not in taken and not any(p == para and s < stop and start < e for p, s, e in spans):
                            found.append(_Candidate(start, stop, EntityKind.ORGANISATION, 60, para, acronym=acronym))
                            taken.add((para, start, stop))
                break
    return found


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
                # "ARCADE": "Réseau ARCADE" names it, "Conseil d'Administration de ARCADE" is one of its organs
                holders = {h for h in holders if _type_entry(parsed[h].org_type).get("complement") == "required"}
            if len(holders) == 1:
                cand.refers_to = holders.pop()
                continue
        if " " not in text and text.isupper():
            # "l'association sportive le CAMO" ... "le CAMO": a name that ends on the capitals
            # it is called by (clubs, associations), whose initials spell something else.
            bearers = {first_of_key[org_key(texts[j])] for j, _ in full if j != i and _called(texts[j]) == text}
            if len(bearers) == 1:
                cand.refers_to = bearers.pop()
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

    # "Commune de X", "Ville de X" and "Mairie de X" name one body, the commune of X; the
    # bare "mairie" of minutes that name one commune is that commune (council minutes).
    communes: dict[str, int] = {}
    for j, cand in named:
        if parsed[j].org_type in COMMUNE_TYPES and cand.refers_to is None:
            place = parsed[j].complement or ""
            first = communes.setdefault(place, root(first_of_key[org_key(texts[j])]))
            if first != j and root(j) != first:
                cand.refers_to = first

    for i, cand in generic:
        same_type = {root(first_of_key[org_key(texts[j])]) for j, _ in named if parsed[j].org_type == parsed[i].org_type}
        if not same_type and parsed[i].org_type in COMMUNE_TYPES and len(communes) == 1:
            same_type = {root(next(iter(communes.values())))}
        if len(same_type) == 1:
            cand.refers_to = same_type.pop()


# --- the stage ----------------------------------------------------------------------------------


# A table cell naming a supplier: a name in capitals, then its postcode and town
# ("LEBRETON PATRICK (44000 NANTES)"). It is a company even when it is a
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
    cands += _spelled_acronyms(paragraphs, cands)
    cands.sort(key=lambda c: (c.para, c.start, c.end))
    texts = [_clean(paragraphs[c.para].text[c.start : c.end]) for c in cands]
    _link_orgs(cands, texts)
    mention_ids = [ids.doc_scoped(source.doc_id, "me", start + n) for n in range(len(cands))]
    mentions: list[Mention] = []
    for n, cand in enumerate(cands):
        paragraph = paragraphs[cand.para]
        doc_start, doc_end = paragraph.char_start + cand.start, paragraph.char_start + cand.end
        provenance = Provenance.within(source, doc_start, doc_end, STAGE)
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


def run_stage(*, source: SourceDocument, nlp_paragraphs: Sequence[Paragraph], docs: Sequence[Any]) -> list[Mention]:
    """The entities stage as the pipeline declares it: the paragraphs spaCy read, with their docs."""
    return find_mentions(source, nlp_paragraphs, docs)
