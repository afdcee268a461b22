"""Reading commitments off the dependency parse: governors, tense and mood, subjects.

Token-level only: nothing here knows the document, its speakers or its mentions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Span, Token

from pipeline.commitments.vocabulary import lexicon
from pipeline.lexicon import APOSTROPHES
from pipeline.records import Modality

# When several cues meet in one chain ("propose de voter", "allons essayer
# de"), the least settled one wins.
PRECEDENCE = (Modality.DECIDED, Modality.PLANNED, Modality.INTENDED, Modality.PROPOSED, Modality.REFUSED)
SUBJECT_DEPS = ("nsubj", "nsubj:pass", "expl:subj", "expl:pass")
COMPLEMENT_DEPS = ("xcomp",)
CLAUSE_DEPS = COMPLEMENT_DEPS + ("ccomp",)


def least_settled(*modalities: Modality) -> Modality:
    return max(modalities, key=PRECEDENCE.index)


def np_span(token: Token) -> Span:
    """The subject's noun phrase, without relative clauses or what follows a comma."""
    doc = token.doc
    start, end = token.left_edge.i, token.i + 1
    for child in token.rights:
        if child.dep_ in ("acl:relcl", "acl", "appos", "punct", "conj", "cc") or child.text == ",":
            break
        end = child.right_edge.i + 1
    return doc[start:end]


def strip_determiners(span: Span) -> str:
    tokens = [t for t in span if not (t.pos_ in ("DET", "PUNCT") and t.i == span.start)]
    while tokens and tokens[0].pos_ in ("DET", "ADP", "PUNCT"):
        tokens = tokens[1:]
    return "".join(t.text_with_ws for t in tokens).strip()


def indefinite(token: Token) -> bool:
    """"une collectivité", "certaines communes": a kind, not an actor."""
    return any(c.dep_ == "det" and "Ind" in c.morph.get("Definite") or c.lemma_ in ("chaque", "tout", "certain", "aucun")
               for c in token.children)


def children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _auxiliaries(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_.startswith("aux") or c.dep_ == "cop"]


def _morph(verb: Token, feature: str) -> set[str]:
    values = set(verb.morph.get(feature))
    for aux in _auxiliaries(verb):
        values |= set(aux.morph.get(feature))
    return values


def negated(token: Token) -> bool:
    return any("Neg" in c.morph.get("Polarity") or c.lower_ in ("pas", "jamais", "plus", "aucun") and c.dep_ == "advmod"
               for c in token.children)


def passive(verb: Token) -> bool:
    return bool(children(verb, "aux:pass", "nsubj:pass", "expl:pass")) or "Pass" in verb.morph.get("Voice")


def past(verb: Token) -> bool:
    tenses = _morph(verb, "Tense")
    if "Fut" in tenses:
        return False
    has_aux = bool(children(verb, "aux:tense")) or (passive(verb) and any(a.lemma_ == "avoir" or "Past" in a.morph.get("Tense") for a in _auxiliaries(verb)))
    return has_aux or ("Past" in tenses and "Part" not in verb.morph.get("VerbForm") and "Imp" in tenses)


def tense_modality(verb: Token) -> Modality:
    """Modality from tense and mood: future → planned, conditional → intended, else decided."""
    if "Cnd" in _morph(verb, "Mood"):
        return Modality.INTENDED
    if "Fut" in _morph(verb, "Tense"):
        return Modality.PLANNED
    return Modality.DECIDED


def phrase_at(verb: Token) -> tuple[str, ...] | None:
    doc = verb.doc
    for phrase in lexicon().phrases:
        if phrase[0] == "se":
            if verb.lemma_ == phrase[1] and any(c.lower_ in ("se", "s'") for c in verb.children):
                return phrase
            continue
        if verb.lemma_ != phrase[0]:
            continue
        rest = [t.lemma_.casefold() for t in doc[verb.i + 1 : verb.i + 1 + 4] if t.pos_ not in ("ADV", "PUNCT")]
        if rest[: len(phrase) - 1] == [w.casefold() for w in phrase[1:]]:
            return phrase
    return None


def action(verb: Token) -> str:
    phrase = phrase_at(verb)
    return " ".join(phrase) if phrase else verb.lemma_


def governor_modality(verb: Token) -> Modality | None:
    lex = lexicon()
    if verb.pos_ == "NOUN" and verb.lemma_ in lex.refusal_nouns and negated(verb):
        return Modality.REFUSED
    modality = lex.governors.get(verb.lemma_)
    if modality is None:
        return None
    if negated(verb) and modality in (Modality.DECIDED, Modality.INTENDED, Modality.PLANNED):
        return Modality.REFUSED
    if modality == Modality.DECIDED:
        return tense_modality(verb)
    if verb.lemma_ == "devoir":  # "devrait se tenir" is expected, not wished
        return Modality.PLANNED
    return modality


def complements(verb: Token) -> list[Token]:
    lex = lexicon()
    deps = COMPLEMENT_DEPS + (("ccomp",) if verb.lemma_ in lex.clause_governors else ())
    found: list[Token] = []
    for child in verb.children:
        if child.dep_ in deps and child.pos_ in ("VERB", "AUX", "NOUN"):
            found.append(child)
            found.extend(c for c in child.children if c.dep_ == "conj" and c.pos_ == "VERB")
    return found


def _is_governor(token: Token) -> bool:
    return governor_modality(token) is not None and bool(complements(token))


def governed(token: Token) -> bool:
    """Already read as the complement of a governor above it."""
    current = token
    while True:
        if current.dep_ == "conj" and current.head.dep_ in CLAUSE_DEPS:
            current = current.head
            continue
        return current.dep_ in CLAUSE_DEPS and current in complements(current.head) and _is_governor(current.head)


def blocked(token: Token) -> bool:
    """Under a question or an opinion: nothing there is a commitment."""
    lex = lexicon()
    sentence = token.sent
    text = sentence.text.translate(APOSTROPHES)
    if text.rstrip().endswith("?") or lex.opinion_markers.search(text) or lex.question_cues.search(text):
        return True
    # The lemmatizer leaves some -er verbs as written ("estime"): try the infinitive too.
    if any({t.lemma_, t.lemma_ + "r"} & lex.opinion_verbs and t.pos_ == "VERB" for t in sentence if t.i < token.i):
        return True  # "Il estime que la commune devrait financer": parses often lose the link
    for ancestor in [token, *token.ancestors]:
        if {ancestor.lemma_, ancestor.lemma_ + "r"} & lex.opinion_verbs:
            return True
        if ancestor.lemma_ in lex.question_verbs and (
            ancestor.lemma_ != "demander" or any(c.lower_ == "si" for c in ancestor.subtree)
        ):
            return True
    return False


@dataclass(frozen=True, slots=True)
class Reading:
    anchor: Token  # the verb whose subject names the actor
    leaf: Token  # the verb naming the action
    modality: Modality
    action: str


def chain(anchor: Token) -> list[Reading]:
    """The actions a governor commits to, one per complement (recursively)."""
    modality = governor_modality(anchor)
    actions = complements(anchor) if modality is not None else []
    readings: list[Reading] = []
    for complement in actions:
        inner = chain(complement)
        if inner:
            for reading in inner:
                strongest = least_settled(modality, reading.modality)
                readings.append(Reading(anchor, reading.leaf, strongest, reading.action))
        else:
            leaf_modality = modality
            if complement.pos_ in ("VERB", "AUX") and "Fin" in complement.morph.get("VerbForm"):
                leaf_modality = least_settled(modality, tense_modality(complement))
            readings.append(Reading(anchor, complement, leaf_modality, action(complement)))
    return readings


def subject(verb: Token) -> Token | None:
    current: Token | None = verb
    while current is not None:
        subjects = children(current, *SUBJECT_DEPS) or [
            c for c in current.children if c.dep_ in ("vocative", "dislocated") and c.i < current.i
        ]  # "Monsieur le Maire propose": the title is often parsed as a vocative
        if subjects:
            return subjects[0]
        participial = _participle_subject(current)
        if participial is not None:
            return participial
        if current.dep_ in ("conj", "xcomp") and current.head.i != current.i:
            current = current.head
            continue
        return _dangling_subject(current)
    return None


def _participle_subject(verb: Token) -> Token | None:
    """"La Commission, réunie cinq fois, propose": the parser gives the subject to the participle."""
    for child in verb.lefts:
        if child.dep_ in ("advcl", "acl") and "Part" in child.morph.get("VerbForm"):
            subjects = [c for c in children(child, "nsubj") if c.i < child.i]
            if subjects:
                return subjects[0]
    return None


def _dangling_subject(verb: Token) -> Token | None:
    """A subject the parser cut off into its own fragment.

    "Le Conseil municipal, après avoir entendu ..., décide" is often split
    into a verbless fragment and a sentence without subject; the fragment's
    noun is the subject when no full stop lies between them.
    """
    if verb.dep_ != "ROOT":
        return None
    doc = verb.doc
    for token in reversed(doc[: verb.sent.start]):
        if token.text in (".", "!", "?", ":", ";"):
            return None
        if token.dep_ == "ROOT":
            return token if token.pos_ in ("NOUN", "PROPN") else None
    return None


def verbs(span: Span) -> Iterable[Token]:
    """The tokens that may anchor a commitment: full verbs, and refusal nouns with a complement."""
    lex = lexicon()
    for token in span:
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux:tense", "aux:pass", "cop", "aux"):
            yield token
        elif token.pos_ == "NOUN" and token.lemma_ in lex.refusal_nouns and complements(token):
            yield token


def names_council(token: Token) -> bool:
    """The noun phrase names the meeting's body: "Le Conseil municipal", "L'assemblée"."""
    return lexicon().names_council(strip_determiners(np_span(token)))


LEADING_ARTICLE = re.compile(r"^(?:les|le|la|l')\s*", re.IGNORECASE)


def comma_subject(verb: Token) -> Span | None:
    """A council subject the parser read as a complement, set off by commas before its verb.

    "Après en avoir délibéré, le Conseil, pour des raisons pratiques, refuse de ..."
    and "..., les membres du Conseil ont décidé de ..." often lose their subject
    link; the comma-separated segment that is exactly an article and the
    council's name is the subject.
    """
    sentence = verb.sent
    first = min([verb, *_auxiliaries(verb)], key=lambda t: t.i)
    cuts = [sentence.start - 1] + [t.i for t in sentence.doc[sentence.start : first.i] if t.text == ","] + [first.i]
    for left, right in reversed(list(zip(cuts, cuts[1:]))):
        segment = sentence.doc[left + 1 : right]
        if len(segment) and _names_council_segment(segment):
            return segment
    return None


def _names_council_segment(segment: Span) -> bool:
    text = LEADING_ARTICLE.sub("", segment.text.translate(APOSTROPHES).strip())
    return bool(text) and lexicon().names_council(text)
