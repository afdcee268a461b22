"""Commitments: who decided, granted, plans, intends, proposes or refuses what.

Read from the dependency parse with the lexicon ``models/lexicons/commitments.yaml``.
A commitment is anchored on a verb: a *governor* ("décide de", "envisage de",
"propose de", "refuse de", "allons", "devons") whose infinitive complement is
the action, or an *action* verb standing alone ("La Région a accordé ...").
The modality comes from the governor class, else from tense and mood (future
→ planned, conditional → intended, present or past → decided). The actor is
the subject (a mention, the meeting's body for "Le Conseil municipal" and
"nous", the speaker for "je"/"il"/"Il vous est proposé"), the agent of a
passive, or, when the text names none, the actor the discourse is about.

Not commitments: questions ("s'interroge sur", "demande si", "?"), opinions
("selon lui", "estime que"), and past events recalled without money or
beneficiary ("nous avons organisé un voyage").

Decision lists ("décide : - de créer ..., - d'élargir ...") give one
commitment per item, with the actor and modality of the line that introduces
them, whether the items are inside the paragraph or list-item paragraphs.
Table rows under a contracts heading (a firm and an amount) are decisions.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from pipeline import ids
from pipeline.io import read_model_file
from pipeline.records import (
    Amount,
    AmountKind,
    Commitment,
    DateMention,
    EntityKind,
    Intervention,
    Mention,
    Modality,
    Paragraph,
    ParagraphKind,
    Provenance,
    SourceDocument,
)

STAGE = "minutes.commitments.v1"
LEXICON = "lexicons/commitments.yaml"

SKIPPED_KINDS = frozenset({ParagraphKind.HEADER, ParagraphKind.FOOTNOTE, ParagraphKind.ATTENDANCE, ParagraphKind.HEADING})
# When several cues meet in one chain ("propose de voter", "allons essayer
# de"), the least settled one wins.
PRECEDENCE = (Modality.DECIDED, Modality.PLANNED, Modality.INTENDED, Modality.PROPOSED, Modality.REFUSED)
SUBJECT_DEPS = ("nsubj", "nsubj:pass", "expl:subj", "expl:pass")
COMPLEMENT_DEPS = ("xcomp",)
LIST_MARKER = re.compile(r"(?:(?<=[:;,.])|^)\s*[-–—•▪■□●◦\uf0a7\uf0d8\uf0b7]\s+")
APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'"})


@dataclass(frozen=True, slots=True)
class Lexicon:
    governors: dict[str, Modality]
    clause_governors: frozenset[str]
    standalone_governors: frozenset[str]
    grant_verbs: frozenset[str]
    event_verbs: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    scheduling: frozenset[tuple[str, ...]]
    receipt_verbs: frozenset[str]
    refusal_nouns: frozenset[str]
    necessity_verbs: frozenset[str]
    impersonal: dict[str, Modality]
    reporting_verbs: frozenset[str]
    question_verbs: frozenset[str]
    question_cues: re.Pattern[str]
    opinion_verbs: frozenset[str]
    opinion_markers: re.Pattern[str]
    non_decision_verbs: frozenset[str]
    non_decision_objects: frozenset[str]
    funding_nouns: frozenset[str]
    council_subjects: frozenset[str]
    municipal_council: str
    commune_words: frozenset[str]
    organisation_nouns: frozenset[str]
    agent_markers: tuple[str, ...]
    speaker_pronouns: frozenset[str]
    person_titles: frozenset[str]
    body_pronouns: frozenset[str]
    contract_words: re.Pattern[str]
    delegation_words: re.Pattern[str]


@functools.cache
def _lexicon() -> Lexicon:
    lex = read_model_file(LEXICON)
    governors = {lemma: Modality(modality) for modality, lemmas in lex["governors"].items() for lemma in lemmas}
    impersonal = {
        **{lemma: Modality.DECIDED for lemma in lex["impersonal_decided"]},
        **{lemma: Modality.PLANNED for lemma in lex["impersonal_planned"]},
        **{lemma: Modality.PROPOSED for lemma in lex["impersonal_proposed"]},
    }

    def words(key: str) -> re.Pattern[str]:
        return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in lex[key]) + r")\b", re.IGNORECASE)

    return Lexicon(
        governors=governors,
        clause_governors=frozenset(lex["clause_governors"]),
        standalone_governors=frozenset(lex["standalone_governors"]),
        grant_verbs=frozenset(lex["grant_verbs"]),
        event_verbs=frozenset(lex["event_verbs"]),
        phrases=tuple(tuple(p) for p in lex["phrases"]),
        scheduling=frozenset(tuple(p) for p in lex["scheduling"]),
        receipt_verbs=frozenset(lex["receipt_verbs"]),
        refusal_nouns=frozenset(lex["refusal_nouns"]),
        necessity_verbs=frozenset(lex["necessity_verbs"]),
        impersonal=impersonal,
        reporting_verbs=frozenset(lex["reporting_verbs"]),
        question_verbs=frozenset(lex["question_verbs"]),
        question_cues=words("question_cues"),
        opinion_verbs=frozenset(lex["opinion_verbs"]),
        opinion_markers=re.compile(
            r"^\W*(?:" + "|".join(re.escape(m) for m in lex["opinion_markers"]) + r")\b", re.IGNORECASE
        ),
        non_decision_verbs=frozenset(lex["non_decision_verbs"]),
        non_decision_objects=frozenset(lex["non_decision_objects"]),
        funding_nouns=frozenset(lex["funding_nouns"]),
        council_subjects=frozenset(s.casefold() for s in lex["council_subjects"]),
        municipal_council=str(lex["municipal_council"]),
        commune_words=frozenset(w.casefold() for w in lex["commune_words"]),
        organisation_nouns=frozenset(lex["organisation_nouns"]),
        agent_markers=tuple(lex["agent_markers"]),
        speaker_pronouns=frozenset(lex["speaker_pronouns"]),
        person_titles=frozenset(_fold(t) for t in lex["person_titles"]),
        body_pronouns=frozenset(lex["body_pronouns"]),
        contract_words=words("contract_words"),
        delegation_words=words("delegation_words"),
    )


# --- actors -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Actor:
    mention_id: str | None
    text: str | None
    organisation: bool = False


@dataclass(frozen=True, slots=True)
class Frame:
    """What an introducing line gives its list items: who decides, and how."""

    actor: Actor | None
    modality: Modality
    action: str
    nouns_allowed: bool  # "décident : - l'envoi de ..." (items without a verb)


@dataclass(slots=True)
class DocState:
    """What the document tells us as we read it in order."""

    source: SourceDocument
    body: str | None
    mentions: dict[str, Mention]
    by_paragraph: dict[str, list[Mention]]
    speaker_of: dict[str, Intervention]
    amounts_of: dict[str, list[Amount]]
    dates_of: dict[str, list[DateMention]]
    affiliation: dict[str, Actor] = field(default_factory=dict)
    last_org: Actor | None = None
    frames: dict[str, Frame] = field(default_factory=dict)
    found: list[Commitment] = field(default_factory=list)


def _resolved(mention: Mention, state: DocState) -> Mention:
    target = state.mentions.get(mention.refers_to) if mention.refers_to else None
    return target or mention


def _mention_actor(mention: Mention, state: DocState) -> Actor:
    target = _resolved(mention, state)
    return Actor(target.mention_id, target.text, target.entity_kind == EntityKind.ORGANISATION)


def _fold(text: str) -> str:
    return ids.fold(text.translate(APOSTROPHES))


def body_name(body: str | None, subject: str | None = None) -> str | None:
    """The meeting's body as an actor: "Commune de X" + "Conseil municipal" → "Conseil municipal de X"."""
    lex = _lexicon()
    if body is None:
        return subject
    name = re.sub(r"\s*\([^)]*\)\s*$", "", body).strip()
    if subject is None:
        return name
    words = name.split()
    folded_subject = _fold(subject)
    council_named = "conseil" in _fold(name) or "assemblee" in _fold(name)
    if "conseil" in folded_subject and not council_named and words and words[0].casefold() in lex.commune_words:
        place = re.sub(r"^\S+\s+(?:de\s+|d'|du\s+)?", "", name)
        return f"{lex.municipal_council} de {place}"
    return name


def _body_actor(state: DocState, subject: str | None, mention: Mention | None = None) -> Actor:
    text = body_name(state.body, subject) or subject
    return Actor(mention.mention_id if mention else None, text, True)


def _speaker_actor(paragraph: Paragraph, state: DocState) -> Actor | None:
    intervention = state.speaker_of.get(paragraph.paragraph_id)
    if intervention is None or (intervention.speaker_mention_id is None and intervention.speaker_text is None):
        return None
    mention = state.mentions.get(intervention.speaker_mention_id or "")
    if mention is not None:
        return _mention_actor(mention, state)
    return Actor(None, intervention.speaker_text, False)


def _np_span(token: Token) -> Span:
    """The subject's noun phrase, without relative clauses or what follows a comma."""
    doc = token.doc
    start, end = token.left_edge.i, token.i + 1
    for child in token.rights:
        if child.dep_ in ("acl:relcl", "acl", "appos", "punct", "conj", "cc") or child.text == ",":
            break
        end = child.right_edge.i + 1
    return doc[start:end]


def _mentions_in(span: Span, paragraph: Paragraph, state: DocState) -> list[Mention]:
    lo = paragraph.char_start + span.start_char
    hi = paragraph.char_start + span.end_char
    found = [m for m in state.by_paragraph.get(paragraph.paragraph_id, ()) if m.char_start < hi and m.char_end > lo]
    return sorted(found, key=lambda m: m.char_start)


def _strip_determiners(span: Span) -> str:
    tokens = [t for t in span if not (t.pos_ in ("DET", "PUNCT") and t.i == span.start)]
    while tokens and tokens[0].pos_ in ("DET", "ADP", "PUNCT"):
        tokens = tokens[1:]
    return "".join(t.text_with_ws for t in tokens).strip()


def resolve_subject(token: Token, paragraph: Paragraph, state: DocState) -> Actor | None:
    """Who a subject (or agent) noun phrase names, or None for a thing."""
    lex = _lexicon()
    lower = token.text.casefold().translate(APOSTROPHES)
    if token.pos_ == "PRON":
        if lower in lex.body_pronouns:
            return _body_actor(state, None) if state.body else _speaker_actor(paragraph, state)
        if lower in lex.speaker_pronouns:
            return _speaker_actor(paragraph, state)
        return None
    span = _np_span(token)
    text = _strip_determiners(span)
    mentions = _mentions_in(span, paragraph, state)
    if _fold(text) in {_fold(s) for s in lex.council_subjects}:
        return _body_actor(state, text, mentions[0] if mentions else None)
    if mentions:
        head = [m for m in mentions if m.char_start <= paragraph.char_start + token.idx < m.char_end]
        return _mention_actor((head or mentions)[0], state)
    if token.lemma_.casefold() in lex.person_titles or _fold(text).split()[:1] and _fold(text).split()[0] in lex.person_titles:
        return _speaker_actor(paragraph, state) or Actor(None, text, False)  # "Monsieur le Maire propose"
    if token.pos_ == "PROPN":
        return Actor(None, text or token.text, True)
    if token.lemma_.casefold() in lex.organisation_nouns and not _indefinite(token):
        return _institution(token, text, state)
    return None


def _indefinite(token: Token) -> bool:
    """"une collectivité", "certaines communes": a kind, not an actor."""
    return any(c.dep_ == "det" and "Ind" in c.morph.get("Definite") or c.lemma_ in ("chaque", "tout", "certain", "aucun")
               for c in token.children)


def _institution(token: Token, text: str, state: DocState) -> Actor:
    """"la Région" → the document's "Conseil Régional ..." mention; "l'association" → the body."""
    folded = _fold(token.lemma_)
    if state.body and _fold(state.body).split()[:1] == [folded]:
        return _body_actor(state, None)
    stem = folded[:-1] if len(folded) > 4 else folded
    named = [m for m in state.mentions.values()
             if m.entity_kind == EntityKind.ORGANISATION and len(m.text.split()) > 1 and stem in _fold(m.text)]
    if named:
        counts: dict[str, int] = {}
        for m in named:
            counts[_fold(m.text)] = counts.get(_fold(m.text), 0) + 1
        best = max(named, key=lambda m: (counts[_fold(m.text)], -m.char_start))
        return _mention_actor(best, state)
    return Actor(None, text or token.text, True)


# --- reading verbs ----------------------------------------------------------------


def _children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _auxiliaries(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_.startswith("aux") or c.dep_ == "cop"]


def _morph(verb: Token, feature: str) -> set[str]:
    values = set(verb.morph.get(feature))
    for aux in _auxiliaries(verb):
        values |= set(aux.morph.get(feature))
    return values


def _negated(token: Token) -> bool:
    return any("Neg" in c.morph.get("Polarity") or c.lower_ in ("pas", "jamais", "plus", "aucun") and c.dep_ == "advmod"
               for c in token.children)


def _passive(verb: Token) -> bool:
    return bool(_children(verb, "aux:pass", "nsubj:pass", "expl:pass")) or "Pass" in verb.morph.get("Voice")


def _past(verb: Token) -> bool:
    tenses = _morph(verb, "Tense")
    if "Fut" in tenses:
        return False
    has_aux = bool(_children(verb, "aux:tense")) or (_passive(verb) and any(a.lemma_ == "avoir" or "Past" in a.morph.get("Tense") for a in _auxiliaries(verb)))
    return has_aux or ("Past" in tenses and "Part" not in verb.morph.get("VerbForm") and "Imp" in _morph(verb, "Tense"))


def tense_modality(verb: Token) -> Modality:
    """Modality from tense and mood: future → planned, conditional → intended, else decided."""
    if "Cnd" in _morph(verb, "Mood"):
        return Modality.INTENDED
    if "Fut" in _morph(verb, "Tense"):
        return Modality.PLANNED
    return Modality.DECIDED


def _phrase_at(verb: Token) -> tuple[str, ...] | None:
    lex = _lexicon()
    doc = verb.doc
    for phrase in lex.phrases:
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


def _action(verb: Token) -> str:
    phrase = _phrase_at(verb)
    return " ".join(phrase) if phrase else verb.lemma_


def _governor_modality(verb: Token) -> Modality | None:
    lex = _lexicon()
    if verb.pos_ == "NOUN" and verb.lemma_ in lex.refusal_nouns and _negated(verb):
        return Modality.REFUSED
    modality = lex.governors.get(verb.lemma_)
    if modality is None:
        return None
    if _negated(verb) and modality in (Modality.DECIDED, Modality.INTENDED, Modality.PLANNED):
        return Modality.REFUSED
    if modality == Modality.DECIDED:
        return tense_modality(verb)
    if verb.lemma_ == "devoir":  # "devrait se tenir" is expected, not wished
        return Modality.PLANNED
    return modality


def _complements(verb: Token) -> list[Token]:
    lex = _lexicon()
    deps = COMPLEMENT_DEPS + (("ccomp",) if verb.lemma_ in lex.clause_governors else ())
    found: list[Token] = []
    for child in verb.children:
        if child.dep_ in deps and child.pos_ in ("VERB", "AUX", "NOUN"):
            found.append(child)
            found.extend(c for c in child.children if c.dep_ == "conj" and c.pos_ == "VERB")
    return found


def _is_governor(token: Token) -> bool:
    return _governor_modality(token) is not None and bool(_complements(token))


def _governed(token: Token) -> bool:
    current = token
    while True:
        if current.dep_ == "conj" and current.head.dep_ in COMPLEMENT_DEPS + ("ccomp",):
            current = current.head
            continue
        return current.dep_ in COMPLEMENT_DEPS + ("ccomp",) and current in _complements(current.head) and _is_governor(current.head)


def _blocked(token: Token) -> bool:
    """Under a question or an opinion: nothing there is a commitment."""
    lex = _lexicon()
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


# --- one commitment --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reading:
    anchor: Token  # the verb whose subject names the actor
    leaf: Token  # the verb naming the action
    modality: Modality
    action: str


def _chain(anchor: Token) -> list[Reading]:
    """The actions a governor commits to, one per complement (recursively)."""
    modality = _governor_modality(anchor)
    complements = _complements(anchor) if modality is not None else []
    if not complements:
        return []
    readings: list[Reading] = []
    for complement in complements:
        inner = _chain(complement)
        if inner:
            for reading in inner:
                strongest = max(modality, reading.modality, key=PRECEDENCE.index)
                readings.append(Reading(anchor, reading.leaf, strongest, reading.action))
        else:
            leaf_modality = modality
            if complement.pos_ in ("VERB", "AUX") and "Fin" in complement.morph.get("VerbForm"):
                leaf_modality = max(modality, tense_modality(complement), key=PRECEDENCE.index)
            readings.append(Reading(anchor, complement, leaf_modality, _action(complement)))
    return readings


def _standalone(verb: Token, actor: Actor | None, has_money: bool) -> Reading | None:
    """An action verb with no governor above it."""
    lex = _lexicon()
    if "Inf" in verb.morph.get("VerbForm") or verb.dep_ in ("advcl", "acl") and "Part" not in verb.morph.get("VerbForm"):
        return None
    if _negated(verb):
        return None
    lemma = verb.lemma_
    phrase = _phrase_at(verb)
    modality = tense_modality(verb)
    lexical = lemma in lex.grant_verbs or lemma in lex.event_verbs or lemma in lex.receipt_verbs or phrase is not None
    if lexical:
        if lemma in lex.event_verbs and not (lemma in lex.grant_verbs) and _past(verb) and not has_money:
            return None  # a past event recalled, not a decision
        return Reading(verb, verb, modality, _action(verb))
    if modality == Modality.PLANNED and actor is not None:
        return Reading(verb, verb, modality, verb.lemma_)  # "Kajin s'occupera de ..."
    return None


def _subject(verb: Token) -> Token | None:
    current: Token | None = verb
    while current is not None:
        subjects = _children(current, *SUBJECT_DEPS) or [
            c for c in current.children if c.dep_ in ("vocative", "dislocated") and c.i < current.i
        ]  # "Monsieur le Maire propose": the title is often parsed as a vocative
        if subjects:
            return subjects[0]
        if current.dep_ in ("conj", "xcomp") and current.head.i != current.i:
            current = current.head
            continue
        return _dangling_subject(current)
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


def _agent(verb: Token, paragraph: Paragraph, state: DocState) -> Actor | None:
    lex = _lexicon()
    for child in verb.children:
        if not child.dep_.startswith("obl") and child.dep_ != "nmod":
            continue
        phrase = " ".join(t.lower_ for t in child.subtree)
        if child.dep_ == "obl:agent" or any(phrase.startswith(m + " ") for m in lex.agent_markers):
            mentions = _mentions_in(child.doc[child.left_edge.i : child.right_edge.i + 1], paragraph, state)
            if mentions:
                return _mention_actor(mentions[0], state)
            if child.pos_ == "PROPN" or child.lemma_ in lex.organisation_nouns:
                return resolve_subject(child, paragraph, state)
    return None


def _giver(verb: Token, paragraph: Paragraph, state: DocState) -> Actor | None:
    """The giver of a receiving verb: "bénéficiera d'une aide de l'Etat"."""
    for token in verb.subtree:
        if token.dep_ == "nmod" or token.dep_.startswith("obl"):
            if any(c.lower_ in ("de", "d'", "du", "des", "par", "auprès") for c in token.children):
                mentions = _mentions_in(token.doc[token.i : token.i + 1], paragraph, state)
                if mentions and mentions[0].entity_kind == EntityKind.ORGANISATION:
                    return _mention_actor(mentions[0], state)
    return None


def _impersonal(verb: Token, paragraph: Paragraph, state: DocState) -> tuple[Actor | None, Modality | None] | None:
    """"Il est prévu de", "Il vous est proposé", "il convient de", "il faut"."""
    lex = _lexicon()
    subject = _subject(verb)
    if subject is None or subject.lower_ != "il" or subject.head.i != verb.i:
        return None
    if verb.lemma_ in lex.necessity_verbs:
        speaker = _speaker_actor(paragraph, state)
        if speaker is not None and tense_modality(verb) == Modality.DECIDED:
            return speaker, Modality.PROPOSED
        return _body_actor(state, None) if state.body else speaker, Modality.PLANNED
    if not _passive(verb):
        return None
    modality = lex.impersonal.get(verb.lemma_)
    if modality == Modality.PROPOSED:
        return _speaker_actor(paragraph, state), modality
    if modality is not None:
        return (_body_actor(state, None) if state.body else _speaker_actor(paragraph, state)), modality
    return None


def _council_subject(verb: Token, actor: Actor | None, state: DocState) -> bool:
    lex = _lexicon()
    subject = _subject(verb)
    return (
        actor is not None
        and subject is not None
        and _fold(_strip_determiners(_np_span(subject))) in {_fold(s) for s in lex.council_subjects}
        and verb.lemma_ not in lex.non_decision_verbs
        and verb.lemma_ not in lex.reporting_verbs
        and not any(c.lemma_ in lex.non_decision_objects for c in verb.children)
        and tense_modality(verb) == Modality.DECIDED
    )


# --- a paragraph ---------------------------------------------------------------


@dataclass(slots=True)
class Found:
    reading: Reading
    actor: Actor | None
    beneficiary: Actor | None
    sentence: Span


def _beneficiary(reading: Reading, actor: Actor | None, paragraph: Paragraph, state: DocState) -> Actor | None:
    lex = _lexicon()
    leaf = reading.leaf
    if leaf.lemma_ in lex.receipt_verbs:
        subject = _subject(leaf)
        return resolve_subject(subject, paragraph, state) if subject is not None else None
    candidates: list[Token] = []
    for child in leaf.children:
        if child.dep_ in ("iobj", "obl:arg", "obl", "obl:mod") and any(c.lower_ in ("à", "au", "aux") for c in child.children):
            candidates.insert(0, child)
        elif child.dep_ in ("obj", "iobj"):
            candidates.append(child)
    for child in candidates:
        span = child.doc[child.left_edge.i : child.right_edge.i + 1]
        for mention in _mentions_in(span, paragraph, state):
            found = _mention_actor(mention, state)
            if actor is None or found.mention_id != actor.mention_id:
                return found
    if leaf.dep_ == "acl" and _passive(leaf):  # "DIGIPOINT est une plate-forme financée par la Région"
        subjects = _children(leaf.head, "nsubj")
        if subjects:
            return resolve_subject(subjects[0], paragraph, state)
    return None


def _fallback(paragraph: Paragraph, state: DocState, local: list[Found], frame: Frame | None) -> Actor | None:
    if frame is not None and frame.actor is not None:
        return frame.actor
    for found in reversed(local):
        if found.actor is not None:
            return found.actor
    speaker = _speaker_actor(paragraph, state)
    if speaker is not None and speaker.mention_id in state.affiliation:
        return state.affiliation[speaker.mention_id]
    if state.last_org is not None:
        return state.last_org
    if state.body:
        return _body_actor(state, None)
    return speaker


def _read_verb(verb: Token, paragraph: Paragraph, state: DocState, local: list[Found], frame: Frame | None,
               has_money: bool) -> list[Found]:
    lex = _lexicon()
    if _governed(verb) or _blocked(verb) or verb.lemma_ in lex.reporting_verbs:
        return []
    impersonal = _impersonal(verb, paragraph, state)
    actor: Actor | None = None
    explicit = False
    if impersonal is not None:
        actor, forced = impersonal
        readings = _chain(verb) or [Reading(verb, verb, forced or Modality.DECIDED, _action(verb))]
        readings = [Reading(r.anchor, r.leaf, max(forced, r.modality, key=PRECEDENCE.index) if forced else r.modality,
                            r.action) for r in readings]
        if _children(verb, "xcomp") == [] and verb.lemma_ in lex.necessity_verbs:
            return []
    else:
        subject = _subject(verb)
        if subject is not None and subject.dep_ != "nsubj:pass":
            actor = resolve_subject(subject, paragraph, state)
            explicit = actor is not None
        if actor is None and _passive(verb):
            actor = _agent(verb, paragraph, state)
            explicit = actor is not None
        readings = _chain(verb)
        if not readings:
            reading = _standalone(verb, actor if explicit else None, has_money)
            if reading is None and verb.lemma_ in lex.standalone_governors and not _negated(verb):
                modality = _governor_modality(verb)  # "propose un virement", "décide :"
                reading = Reading(verb, verb, modality, verb.lemma_) if modality else None
            if reading is None and _council_subject(verb, actor, state):
                reading = Reading(verb, verb, Modality.DECIDED, _action(verb))
            readings = [reading] if reading is not None else []
        if not readings:
            return []
        if _phrase_at(verb) in lex.scheduling:
            actor, explicit = None, False  # "elle se tiendra": the meeting, not an actor
        if subject is not None and not explicit and subject.dep_ != "nsubj:pass" and subject.pos_ != "PRON":
            if not _passive(verb) and subject.lemma_.casefold() not in lex.funding_nouns:
                return []  # a thing doing something: "cette politique doit s'accompagner"
    found: list[Found] = []
    for reading in readings:
        leaf_actor = actor
        if reading.leaf.lemma_ in lex.receipt_verbs:
            leaf_actor = _giver(reading.leaf, paragraph, state)
        if leaf_actor is None and reading.leaf.i != verb.i and _passive(reading.leaf):
            leaf_actor = _agent(reading.leaf, paragraph, state)
        if leaf_actor is None:
            leaf_actor = _fallback(paragraph, state, local, frame)
        found.append(Found(reading, leaf_actor, _beneficiary(reading, leaf_actor, paragraph, state), verb.sent))
    return found


def _funding_nouns(sentence: Span, paragraph: Paragraph, state: DocState, local: list[Found],
                   money: list[Amount]) -> list[Found]:
    """"Le financement proposé est de 122 000 €": a grant named by a noun."""
    lex = _lexicon()
    for token in sentence:
        if token.lemma_ in lex.funding_nouns and token.dep_ in ("nsubj", "obj", "ROOT") and money:
            participle = next((c for c in token.children if c.dep_ == "amod" and c.pos_ == "VERB"), None)
            modality = Modality.PLANNED
            action = token.lemma_
            if participle is not None:
                modality = _lexicon().governors.get(participle.lemma_, Modality.DECIDED)
                action = participle.lemma_
            reading = Reading(token, token, modality, action)
            return [Found(reading, _fallback(paragraph, state, local, None), None, sentence)]
    return []


def _verbs(span: Span) -> Iterable[Token]:
    lex = _lexicon()
    for token in span:
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux:tense", "aux:pass", "cop", "aux"):
            yield token
        elif token.pos_ == "NOUN" and token.lemma_ in lex.refusal_nouns and _complements(token):
            yield token


def _list_items(doc: Doc) -> tuple[Span, list[Span]]:
    """The introducing text and the list items written inside one paragraph."""
    text = doc.text
    starts = [m for m in LIST_MARKER.finditer(text) if m.start() > 0 and ":" in text[: m.start()]]
    if not starts:
        return doc[:], []
    cuts = [m.end() for m in starts]
    intro_end = starts[0].start()
    intro = doc.char_span(0, intro_end, alignment_mode="contract") or doc[:]
    items: list[Span] = []
    for i, cut in enumerate(cuts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        span = doc.char_span(cut, end, alignment_mode="contract")
        if span is not None and len(span):
            items.append(span)
    return intro, items


def _frame_of(found: list[Found], span: Span, paragraph: Paragraph, state: DocState) -> Frame | None:
    """The frame an introducing line ending with ':' gives its items."""
    if not span.text.rstrip().endswith(":"):
        return None
    if found:
        last = found[-1]
        return Frame(last.actor, last.reading.modality, last.reading.action,
                     nouns_allowed=last.reading.leaf.i == last.reading.anchor.i)
    for token in span:
        if token.pos_ in ("VERB", "AUX") and token.dep_ == "ROOT":
            break
        if token.dep_ in ("nsubj", "ROOT") and token.pos_ in ("NOUN", "PROPN"):
            if _fold(_strip_determiners(_np_span(token))) in {_fold(s) for s in _lexicon().council_subjects}:
                return Frame(resolve_subject(token, paragraph, state), Modality.DECIDED, "décider", nouns_allowed=True)
    return None


def _item(span: Span, frame: Frame, paragraph: Paragraph, state: DocState, local: list[Found],
          has_money: bool) -> list[Found]:
    verbs = [t for t in span if t.pos_ == "VERB" and not (span.start <= t.head.i < span.end and t.head.pos_ == "VERB" and t.head.i != t.i)]
    if not verbs:
        if frame.nouns_allowed and any(t.pos_ == "NOUN" for t in span):
            reading = Reading(span[0], span.root, frame.modality, frame.action)
            return [Found(reading, frame.actor, None, span)]
        return []
    top = verbs[0]
    if "Inf" in top.morph.get("VerbForm") and not _blocked(top):
        readings = _chain(top) or [Reading(top, top, frame.modality, _action(top))]
        return [Found(Reading(r.anchor, r.leaf, max(frame.modality, r.modality, key=PRECEDENCE.index), r.action),
                      frame.actor, _beneficiary(r, frame.actor, paragraph, state), span) for r in readings]
    found: list[Found] = []
    for verb in _verbs(span):
        found += _read_verb(verb, paragraph, state, local + found, frame, has_money)
    return found


def _paragraph(paragraph: Paragraph, doc: Doc, state: DocState, frame: Frame | None) -> tuple[list[Found], Frame | None]:
    money = [a for a in state.amounts_of.get(paragraph.paragraph_id, ())]
    intro, items = _list_items(doc)
    local: list[Found] = []
    if frame is not None and paragraph.kind == ParagraphKind.LIST_ITEM:
        local += _item(doc[:], frame, paragraph, state, local, bool(money))
        return local, frame
    for sentence in doc.sents:
        if sentence.start >= intro.end:
            break
        clipped = doc[sentence.start : min(sentence.end, intro.end)]
        has_money = any(_inside(a, clipped, paragraph) for a in money)
        before = len(local)
        for verb in _verbs(clipped):
            local += _read_verb(verb, paragraph, state, local, None, has_money)
        if len(local) == before and has_money:
            local += _funding_nouns(clipped, paragraph, state, local, [a for a in money if _inside(a, clipped, paragraph)])
    new_frame = _frame_of(local, intro, paragraph, state)
    if new_frame is not None and items and local and local[-1].reading.leaf.i == local[-1].reading.anchor.i:
        local.pop()  # "décide :" is said by its items
    for item in items:
        if new_frame is None:
            break
        has_money = any(_inside(a, item, paragraph) for a in money)
        found = _item(item, new_frame, paragraph, state, local, has_money)
        local += found
        if item.text.rstrip().endswith(":") and found:
            break  # nested list: its items are not this frame's
    return local, new_frame


def _inside(amount: Amount | DateMention, span: Span, paragraph: Paragraph) -> bool:
    lo = paragraph.char_start + span.start_char
    hi = paragraph.char_start + span.end_char
    return lo <= amount.char_start and amount.char_end <= hi


# --- records -----------------------------------------------------------------------


def _assign_amounts(found: list[Found], paragraph: Paragraph, state: DocState) -> list[tuple[Found, Amount | None]]:
    """One commitment per amount its action governs ("1M250€ ... et 2M€" are two)."""
    amounts = [a for a in state.amounts_of.get(paragraph.paragraph_id, ()) if a.kind in (AmountKind.MONEY, AmountKind.PERCENT)]
    owner: dict[str, int] = {}
    for amount in amounts:
        best: tuple[int, int] | None = None  # (depth, index)
        for index, item in enumerate(found):
            sentence = item.sentence
            if not _inside(amount, sentence, paragraph):
                continue
            doc_span = sentence.doc.char_span(amount.char_start - paragraph.char_start,
                                              amount.char_end - paragraph.char_start, alignment_mode="expand")
            if doc_span is None:
                continue
            leaf = item.reading.leaf
            in_subtree = leaf.left_edge.i <= doc_span.root.i <= leaf.right_edge.i
            depth = 0 if in_subtree else 1000
            if in_subtree:
                depth = sum(1 for _ in doc_span.root.ancestors) * -1  # the deepest owning leaf wins
            rank = (depth, index)
            if best is None or rank < best:
                best = rank
        if best is not None:
            same_sentence = [i for i, f in enumerate(found) if _inside(amount, f.sentence, paragraph)]
            if best[0] < 1000 or len(same_sentence) == 1:
                owner[amount.amount_id] = best[1] if best[0] < 1000 else same_sentence[0]
    pairs: list[tuple[Found, Amount | None]] = []
    for index, item in enumerate(found):
        owned = [a for a in amounts if owner.get(a.amount_id) == index]
        money = [a for a in owned if a.kind == AmountKind.MONEY] or owned
        pairs += [(item, a) for a in money] if money else [(item, None)]
    return pairs


def _date_in(span: Span, paragraph: Paragraph, state: DocState) -> str | None:
    for date in state.dates_of.get(paragraph.paragraph_id, ()):
        if _inside(date, span, paragraph):
            return date.date_id
    return None


def _record(item: Found, amount: Amount | None, paragraph: Paragraph, state: DocState) -> Commitment:
    source = state.source
    span = item.sentence
    start = paragraph.char_start + span.start_char
    end = paragraph.char_start + span.end_char
    actor = item.actor
    beneficiary = item.beneficiary
    return Commitment(
        commitment_id=ids.doc_scoped(source.doc_id, "c", len(state.found)),
        doc_id=source.doc_id,
        paragraph_id=paragraph.paragraph_id,
        policy_id=paragraph.policy_id,
        actor_mention_id=actor.mention_id if actor else None,
        actor_text=actor.text if actor else None,
        beneficiary_mention_id=beneficiary.mention_id if beneficiary else None,
        beneficiary_text=beneficiary.text if beneficiary else None,
        amount_id=amount.amount_id if amount else None,
        date_id=_date_in(span, paragraph, state),
        modality=item.reading.modality,
        action=item.reading.action,
        text=span.text,
        char_start=start,
        char_end=end,
        provenance=Provenance(source.doc_id, source.page_at(start), start, end, STAGE),
    )


# --- table rows ----------------------------------------------------------------------


UPPER_NAME = re.compile(r"\b[A-ZÀ-Ý][A-ZÀ-Ý'’&.-]+(?:\s+[A-ZÀ-Ý][A-ZÀ-Ý'’&.-]+)*\b")


def _table_row(index: int, paragraphs: Sequence[Paragraph], state: DocState) -> Commitment | None:
    """A row naming a firm and an amount under a contracts heading is a decision."""
    lex = _lexicon()
    row = paragraphs[index]
    money = [a for a in state.amounts_of.get(row.paragraph_id, ()) if a.kind == AmountKind.MONEY]
    if not money:
        return None
    context: list[Paragraph] = []
    for previous in reversed(paragraphs[:index]):
        if previous.policy_id != row.policy_id:
            break
        context.append(previous)
        if previous.kind == ParagraphKind.HEADING:
            break
    context_text = " ".join(p.text for p in context)
    if not lex.contract_words.search(context_text):
        return None
    orgs = [m for m in state.by_paragraph.get(row.paragraph_id, ())]
    beneficiary: Actor | None = _mention_actor(orgs[0], state) if orgs else None
    if beneficiary is None:
        name = UPPER_NAME.search(re.sub(r"\([^)]*\)", " ", row.text))
        if name is None:
            return None
        beneficiary = Actor(None, name.group(0).strip(), True)
    actor = _table_actor(index, paragraphs, context, state)
    start, end = row.char_start, row.char_end
    source = state.source
    return Commitment(
        commitment_id=ids.doc_scoped(source.doc_id, "c", len(state.found)),
        doc_id=source.doc_id,
        paragraph_id=row.paragraph_id,
        policy_id=row.policy_id,
        actor_mention_id=actor.mention_id if actor else None,
        actor_text=actor.text if actor else None,
        beneficiary_mention_id=beneficiary.mention_id,
        beneficiary_text=beneficiary.text,
        amount_id=money[0].amount_id,
        date_id=(state.dates_of.get(row.paragraph_id) or [None])[0].date_id if state.dates_of.get(row.paragraph_id) else None,
        modality=Modality.DECIDED,
        action="attribuer",
        text=row.text,
        char_start=start,
        char_end=end,
        provenance=Provenance(source.doc_id, source.page_at(start), start, end, STAGE),
    )


def _table_actor(index: int, paragraphs: Sequence[Paragraph], context: list[Paragraph], state: DocState) -> Actor | None:
    """The council when it decides on the table below it; else the chair acting under delegation."""
    lex = _lexicon()
    row = paragraphs[index]
    delegated = any(lex.delegation_words.search(p.text) for p in context)
    if not delegated:
        for later in paragraphs[index + 1 :]:
            if later.policy_id != row.policy_id or later.kind == ParagraphKind.HEADING:
                break
            decided = [c for c in state.found if c.paragraph_id == later.paragraph_id and c.modality == Modality.DECIDED]
            if decided:
                return Actor(decided[0].actor_mention_id, decided[0].actor_text, True)
            if later.kind != ParagraphKind.TABLE_ROW and re.search(r"\bd[ée]cid", later.text, re.IGNORECASE):
                return _body_actor(state, "Conseil") if state.body else None
    for paragraph in reversed(context):
        speaker = _speaker_actor(paragraph, state)
        if speaker is not None:
            return speaker
    return _speaker_actor(row, state)


# --- affiliations ---------------------------------------------------------------------


AFFILIATION_STOP = re.compile(r"\s(?:et|ainsi que|ou)\s|[.;:!?]")


def _affiliations(paragraphs: Sequence[Paragraph], state: DocState) -> dict[str, Actor]:
    """Person → organisation from "X, Directeur ..., Conseil Régional" or an attendance row."""
    found: dict[str, Actor] = {}
    for paragraph in paragraphs:
        mentions = sorted(state.by_paragraph.get(paragraph.paragraph_id, ()), key=lambda m: m.char_start)
        for i, person in enumerate(mentions):
            if person.entity_kind != EntityKind.PERSON or person.mention_id in found:
                continue
            after = paragraph.text[person.char_end - paragraph.char_start :]
            if not re.match(r"\**\s*,", after):
                continue
            stop = AFFILIATION_STOP.search(after)
            limit = person.char_end + min(stop.start() if stop else len(after), 160)
            orgs = [m for m in mentions[i + 1 :] if m.entity_kind == EntityKind.ORGANISATION and m.char_end <= limit]
            persons_between = [m for m in mentions[i + 1 :] if m.entity_kind == EntityKind.PERSON and m.char_start < limit]
            if orgs and not (persons_between and persons_between[0].char_start < orgs[-1].char_start):
                found[person.mention_id] = _mention_actor(orgs[-1], state)
    for mention in state.mentions.values():
        if mention.refers_to and mention.refers_to in found:
            found.setdefault(mention.mention_id, found[mention.refers_to])
    return found


# --- entry point ---------------------------------------------------------------------


def find_commitments(
    source: SourceDocument,
    paragraphs: Sequence[Paragraph],
    docs: Sequence[Doc | None],
    *,
    mentions: Sequence[Mention],
    interventions: Sequence[Intervention],
    amounts: Sequence[Amount],
    dates: Sequence[DateMention],
    body: str | None,
) -> list[Commitment]:
    """Every commitment in a document, in reading order."""
    state = DocState(
        source=source,
        body=body,
        mentions={m.mention_id: m for m in mentions},
        by_paragraph=_group(mentions, paragraphs),
        speaker_of={i.paragraph_id: i for i in interventions},
        amounts_of=_group(amounts, paragraphs),
        dates_of=_group(dates, paragraphs),
    )
    state.affiliation = _affiliations(paragraphs, state)
    frame: Frame | None = None
    pending_rows: list[int] = []
    for index, (paragraph, doc) in enumerate(zip(paragraphs, docs, strict=True)):
        if paragraph.kind == ParagraphKind.TABLE_ROW or (doc is None and paragraph.kind not in SKIPPED_KINDS):
            pending_rows.append(index)
            continue
        if paragraph.kind in SKIPPED_KINDS or doc is None:
            frame = None
            continue
        parent_frame = state.frames.get(paragraph.parent_id or "") or (frame if paragraph.kind == ParagraphKind.LIST_ITEM else None)
        found, new_frame = _paragraph(paragraph, doc, state, parent_frame)
        for item, amount in _assign_amounts(found, paragraph, state):
            state.found.append(_record(item, amount, paragraph, state))
            if item.actor is not None and item.actor.organisation and (item.actor.mention_id or item.actor.text == body_name(body)):
                state.last_org = item.actor
        if new_frame is not None:
            state.frames[paragraph.paragraph_id] = new_frame
        frame = new_frame if paragraph.kind != ParagraphKind.LIST_ITEM or new_frame else frame
        if paragraph.kind != ParagraphKind.LIST_ITEM and new_frame is None:
            frame = None
    # Rows are read last: their actor may be the council deciding below them.
    for index in pending_rows:
        row = _table_row(index, paragraphs, state)
        if row is not None:
            state.found.append(row)
    state.found.sort(key=lambda c: (c.char_start, c.commitment_id))
    return [_renumber(c, n, source.doc_id) for n, c in enumerate(state.found)]


def _renumber(commitment: Commitment, n: int, doc_id: str) -> Commitment:
    return replace(commitment, commitment_id=ids.doc_scoped(doc_id, "c", n))


def _group(items: Sequence, paragraphs: Sequence[Paragraph]) -> dict[str, list]:
    """Items by the paragraph holding them (by paragraph_id, else by offsets)."""
    grouped: dict[str, list] = {}
    spans = sorted(((p.char_start, p.char_end, p.paragraph_id) for p in paragraphs))
    for item in items:
        paragraph_id = getattr(item, "paragraph_id", None)
        if paragraph_id is None:
            paragraph_id = next((pid for lo, hi, pid in spans if lo <= item.char_start < hi), None)
        if paragraph_id is not None:
            grouped.setdefault(paragraph_id, []).append(item)
    return grouped
