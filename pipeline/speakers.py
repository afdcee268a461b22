"""Speakers: who says what in each paragraph, and the speech act.

French minutes report speech in several ways, each a *cue*:

- ``reported``: a person then a speech verb ("M. Dupont précise que", "Par
  ailleurs, Olivier X rappelle", "Monsieur le Maire, rapporteur, expose :");
- ``attribution``: "Selon X, ...", "Pour X, ...";
- ``direct``: "M. DUPONT : ...";
- ``role``: any of the above with a role ("Monsieur le Maire", "le
  Président") resolved to the person who holds it in this meeting;
- ``continuation``: "Il"/"Elle" + verb, or a paragraph with no cue inside a
  speaker's turn, continues that speaker;
- ``presenter``: inside a presentation ("PRÉSENTATION ... par X", "X,
  rapporteur, expose :"), paragraphs with no cue belong to the presenter;
- ``body``: a deciding body ("Le Conseil municipal décide") has no person
  speaker; the row is a decision.

Only the first sentence is searched for a cue, so names merely mentioned
later are never taken for speakers; names after "si", "que", "à", "par",
"de" are mentions, not speakers.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from pipeline import ids
from pipeline.agenda import assign_discussion_items
from pipeline.attendance import role_of
from pipeline.io import read_model_file
from pipeline.names import is_given_name, parse_person_name
from pipeline.records import (
    AttendanceEntry,
    EntityKind,
    Intervention,
    Mention,
    Paragraph,
    ParagraphKind,
    Policy,
    Provenance,
    SourceDocument,
    SpeechAct,
)
from pipeline.structure import patterns as structure_patterns

STAGE = "minutes.speakers.v1"
FIRST_SENTENCE_CHARS = 400

NAME_TOKEN = r"[A-ZÀ-Ý][\w’'\-]*\.?"
LOWER_GIVEN = r"[a-zà-ÿ][a-zà-ÿ\-]+"  # "olivier LLUANSI": a given name typed in lower case
CIVILITY = r"(?:Monsieur|Madame|Mademoiselle|M\.|Mme|Mlle|MM\.|Mr\.?|Me|Dr|Pr)"
NAME = rf"(?:{CIVILITY}\s+)?(?:{NAME_TOKEN}|{LOWER_GIVEN}(?=\s+[A-ZÀ-Ý]{{2,}}))(?:\s+(?:d[eu]\s+|de\s+la\s+|l[ea]\s+)?{NAME_TOKEN}){{0,3}}"


@dataclass(frozen=True, slots=True)
class Speaker:
    mention_id: str
    text: str
    gender: str | None


@dataclass(slots=True)
class SpeakerResult:
    interventions: list[Intervention] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Cue:
    kind: str  # reported, attribution, direct, role, continuation, body
    start: int  # offset of the speaker's name in the paragraph text
    end: int
    who: str
    verb: str | None


# --- lexicon and patterns --------------------------------------------------------


@functools.cache
def _lexicon() -> dict:
    return read_model_file("lexicons/speech.yaml")


def _alternation(forms) -> str:
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(set(forms), key=len, reverse=True))


@functools.cache
def _verb_acts() -> dict[str, str]:
    table: dict[str, str] = {}
    for act, forms in _lexicon()["speech_verbs"].items():
        for form in forms:
            table.setdefault(ids.fold(form), act)
    return table


@dataclass(frozen=True, slots=True)
class _Patterns:
    reported: re.Pattern[str]
    role_reported: re.Pattern[str]
    attribution: re.Pattern[str]
    direct: re.Pattern[str]
    pronoun: re.Pattern[str]
    body: re.Pattern[str]
    passive: re.Pattern[str]
    proposal: re.Pattern[str]
    question: re.Pattern[str]
    presentation_verbs: re.Pattern[str]


@functools.cache
def _patterns() -> _Patterns:
    lex = _lexicon()
    verbs = _alternation(f for forms in lex["speech_verbs"].values() for f in forms)
    decisions = _alternation(lex["decision_verbs"])
    bodies = _alternation(lex["deciding_bodies"])
    roles = _alternation(form for entry in read_model_file("lexicons/persons.yaml")["roles"] for form in entry["forms"])
    markers = _alternation(lex["attribution_markers"])
    role = (
        rf"(?:(?:{CIVILITY}|Monsieur|Madame)\s+)?(?i:l[ea]\s+|l['’]\s*)(?i:{roles})"
        rf"(?:\s+(?:de\s+l['’]|de\s+la\s+|du\s+|des\s+|aux?\s+|à\s+la\s+|chargée?\s+(?:de\s+|des\s+|du\s+))[\wÀ-ÿ'’\-]+(?:\s+[\wÀ-ÿ'’\-]+)?)?"
    )
    # "X, rapporteur, expose" and "X, Délégué Général de Y ouvre": the closing comma is often left out.
    apposition = r"(?:\s*,\s*[^,.;:]{1,90}?,?)?"
    verb_tail = rf"(?P<verb>(?i:{verbs}))(?:-t-(?:il|elle))?(?![\wÀ-ÿ])"
    return _Patterns(
        reported=re.compile(rf"(?<![\wÀ-ÿ'’\-])(?P<who>{NAME}){apposition}\s+(?:lui-même\s+|elle-même\s+|également\s+|ensuite\s+|alors\s+|aussi\s+|enfin\s+|donc\s+)?{verb_tail}"),
        role_reported=re.compile(rf"(?<![\wÀ-ÿ'’\-])(?P<who>{role}){apposition}\s+(?:également\s+|ensuite\s+|alors\s+|aussi\s+|enfin\s+|donc\s+)?{verb_tail}"),
        attribution=re.compile(rf"(?:^|,\s*|^[^,]{{0,60}},\s*)(?i:{markers})\s+(?P<who>{NAME}|{role})\s*,"),
        direct=re.compile(rf"^(?P<who>{NAME}|{role})\s*(?:\([^)]{{1,60}}\))?\s*:\s*\S"),
        pronoun=re.compile(rf"^(?:[^,]{{1,80}},\s*)?(?P<who>Il|Elle|il|elle)\s+(?:[\wÀ-ÿ'’]+\s+){{0,2}}?{verb_tail}"),
        body=re.compile(
            rf"^(?:[^.]{{0,80}},\s*)?(?i:l[ea]s?\s+|l['’]\s*)(?i:{bodies})\b[^.]*?\b(?i:{decisions})\b",
        ),
        passive=re.compile(rf"\b(?:est|sont|a\s+été|ont\s+été)\s+(?:{_alternation(lex['passive_decisions'])})\b", re.IGNORECASE),
        proposal=re.compile(rf"(?<![\wÀ-ÿ])(?:{_alternation(lex['proposal_phrases'])})(?![\wÀ-ÿ])", re.IGNORECASE),
        question=re.compile(rf"(?<![\wÀ-ÿ])(?:{_alternation(lex['speech_verbs']['question'])})(?![\wÀ-ÿ])", re.IGNORECASE),
        presentation_verbs=re.compile(rf"^(?:{_alternation(lex['presentation_verbs'])})$", re.IGNORECASE),
    )


# Words before a name that make it a mention, not a speaker.
MENTION_CONTEXT = re.compile(r"(?:\b(?:si|que|qu['’]|à|par|de|d['’]|avec|et|ou|pour|chez|auprès\s+de|son|sa|ses)\s*)$", re.IGNORECASE)


# A full stop ends a sentence unless it ends a civility or an initial ("M. X", "J.-P. X").
SENTENCE_END = re.compile(r"(?<!\bM)(?<!\bMM)(?<!\bMr)(?<!\b[A-Z])[.!?](?:\s|$)(?=[A-ZÀ-Ý«\"])")


def _first_sentence(text: str) -> str:
    head = text[:FIRST_SENTENCE_CHARS]
    match = SENTENCE_END.search(head)
    return head[: match.start() + 1] if match else head


def find_cue(text: str) -> _Cue | None:
    """The way the paragraph names its speaker, if it does."""
    p = _patterns()
    sentence = _first_sentence(text)
    body = p.body.search(sentence)
    if body:
        return _Cue("body", body.start(), body.end(), "", None)
    direct = p.direct.match(sentence)
    if direct and _is_speaker_text(direct.group("who")):
        return _Cue("direct", direct.start("who"), direct.end("who"), direct.group("who"), None)
    attribution = p.attribution.search(sentence)
    candidates: list[_Cue] = []
    for pattern in (p.reported, p.role_reported):
        position = 0
        while match := pattern.search(sentence, position):
            # A rejected candidate ("Cependant, X souligne" read as an apposition) must not
            # hide the name that follows it: search again from the end of that candidate.
            position = match.end("who")
            before = sentence[: match.start("who")]
            if MENTION_CONTEXT.search(before) and not before.rstrip().endswith(","):
                continue
            if not _is_speaker_text(match.group("who")):
                continue
            candidates.append(_Cue("reported", match.start("who"), match.end("who"), match.group("who"), match.group("verb")))
            break
    if attribution and _is_speaker_text(attribution.group("who")):
        candidates.append(_Cue("attribution", attribution.start("who"), attribution.end("who"), attribution.group("who"), None))
    if candidates:
        return min(candidates, key=lambda cue: cue.start)
    pronoun = p.pronoun.match(sentence)
    if pronoun:
        return _Cue("continuation", pronoun.start("who"), pronoun.end("who"), pronoun.group("who"), pronoun.group("verb"))
    # "Pas d'observations. Le compte-rendu est adopté.": an outcome, stated without a person.
    head = text[:FIRST_SENTENCE_CHARS]
    outcome = p.body.search(head) or p.passive.search(head)
    if outcome:
        return _Cue("body", outcome.start(), outcome.end(), "", None)
    return None


def _is_speaker_text(who: str) -> bool:
    who = who.strip()
    if role_of(re.sub(rf"^{CIVILITY}\s+", "", who).removeprefix("le ").removeprefix("la ").removeprefix("Le ").removeprefix("La ").removeprefix("l'").removeprefix("L'")):
        return True
    name = parse_person_name(who, allow_bare_family=bool(re.match(CIVILITY, who)))
    if name is not None and name.family is not None:
        return True
    # "Yves présente le budget": minutes among colleagues name people by first name.
    return bool(re.fullmatch(r"[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?", who)) and is_given_name(who)


def _act(cue: _Cue | None, text: str, previous: Intervention | None, speaker_changed: bool, *, reply: bool = False) -> SpeechAct:
    """The speech act from the verb, the punctuation and the previous turn.

    ``reply``: a turn taken in the same paragraph right after another
    speaker's answers it, unless its verb says otherwise.
    """
    if cue and cue.kind == "body":
        return SpeechAct.DECISION
    verb_act = _verb_acts().get(ids.fold(cue.verb)) if cue and cue.verb else None
    if verb_act == "question" or "?" in text or _patterns().question.search(text):
        # A turn that asks anywhere ("Si tel est le cas, il s'interroge sur ...") is a question.
        return SpeechAct.QUESTION
    if verb_act == "answer" or (reply and verb_act in (None, "statement")):
        return SpeechAct.ANSWER
    if previous is not None and previous.act == SpeechAct.QUESTION and speaker_changed and cue and cue.kind in ("reported", "attribution", "direct", "role"):
        return SpeechAct.ANSWER
    if verb_act == "proposal" or _patterns().proposal.search(text):
        return SpeechAct.PROPOSAL
    return SpeechAct.STATEMENT


# --- the stage --------------------------------------------------------------------


def turns(text: str) -> list[tuple[int, int, _Cue | None]]:
    """Split a paragraph where another person takes the floor mid-paragraph.

    "M. X fait remarquer que ... Monsieur le Maire explique que ..." holds
    two turns; a later sentence that opens with a named speaker starts a new
    one. Returns (start, end, cue) spans of the paragraph text.
    """
    spans: list[tuple[int, int, _Cue | None]] = []
    start = 0
    cue = find_cue(text)
    for boundary in SENTENCE_END.finditer(text):
        sentence_start = boundary.end()
        if sentence_start >= len(text):
            break
        later = find_cue(text[sentence_start:])
        if (
            later is not None
            and later.kind in ("reported", "attribution", "direct")
            and later.start <= 60
            and (cue is None or ids.fold(later.who) != ids.fold(cue.who))
        ):
            spans.append((start, sentence_start, cue))
            start, cue = sentence_start, later
    spans.append((start, len(text), cue))
    return spans


@dataclass(slots=True)
class _Floor:
    """Who has the floor: the last speaker, and the presenter of a section or item."""

    last: Speaker | None = None
    presenter: Speaker | None = None
    scope: str = ""  # "section" (a presentation heading) or "item" (a rapporteur's exposé)

    def close_item(self) -> None:
        self.last = None
        if self.scope == "item":
            self.presenter, self.scope = None, ""


def find_speakers(
    source: SourceDocument,
    paragraphs: Sequence[Paragraph],
    *,
    attendance: Sequence[AttendanceEntry] = (),
    policies: Sequence[Policy] = (),
) -> SpeakerResult:
    result = SpeakerResult()
    presenters: set[str] = set()
    holders = _role_holders(attendance)
    children: dict[str, list[Paragraph]] = {}
    for paragraph in paragraphs:
        if paragraph.parent_id:
            children.setdefault(paragraph.parent_id, []).append(paragraph)
    floor = _Floor()
    presentation = structure_patterns().presentation

    def new_mention(paragraph: Paragraph, start: int, end: int, who: str, refers_to: str | None) -> Speaker:
        mention_id = ids.doc_scoped(source.doc_id, "ms", len(result.mentions))
        doc_start, doc_end = paragraph.char_start + start, paragraph.char_start + end
        bare = re.sub(rf"^{CIVILITY}\s+", "", who)
        name = parse_person_name(who, allow_bare_family=bare != who)
        gender = name.gender if name else _role_gender(who)
        result.mentions.append(
            Mention(
                mention_id=mention_id,
                doc_id=source.doc_id,
                paragraph_id=paragraph.paragraph_id,
                entity_kind=EntityKind.PERSON,
                text=" ".join(who.split()),
                char_start=doc_start,
                char_end=doc_end,
                provenance=Provenance(source.doc_id, paragraph.page, doc_start, doc_end, STAGE),
                given_name=name.given if name and refers_to is None else None,
                family_name=name.family if name and refers_to is None else None,
                civility=name.civility if name else None,
                role=_role_name(who) if refers_to or not (name and name.family) else None,
                refers_to=refers_to,
            )
        )
        return Speaker(mention_id, who, gender)

    for paragraph in paragraphs:
        if paragraph.kind == ParagraphKind.HEADING:
            floor.last = None
            match = presentation.match(paragraph.text.strip())
            if match and _is_speaker_text(match.group("name")):
                offset = paragraph.text.find(match.group("name"))
                floor.presenter = new_mention(paragraph, offset, offset + len(match.group("name")), match.group("name"), None)
                floor.scope = "section"
                presenters.add(floor.presenter.mention_id)
            elif floor.scope == "item":
                floor.presenter, floor.scope = None, ""
            continue
        if paragraph.kind != ParagraphKind.PARAGRAPH:
            continue

        spans = turns(paragraph.text)
        for index, (start, end, cue) in enumerate(spans):
            speaker, kind = _attribute(
                cue,
                floor,
                lambda c, p=paragraph, s=start: _named_speaker(c, p, s, holders, new_mention),
                paragraph.text[start:end],
            )
            if cue is not None and cue.kind not in ("body", "continuation") and speaker is not None:
                if (
                    cue.verb
                    and _patterns().presentation_verbs.match(cue.verb)
                    and paragraph.text[start:end].rstrip().endswith(":")
                    and floor.scope != "section"
                ):
                    floor.presenter, floor.scope = speaker, "item"
            if kind == "body":
                floor.close_item()
            elif speaker is not None:
                floor.last = speaker
            if speaker is None and kind != "body":
                continue
            last_span = index == len(spans) - 1
            parts = [paragraph, *children.get(paragraph.paragraph_id, [])] if last_span else [paragraph]
            text = paragraph.text[start:end].strip()
            if last_span and len(parts) > 1:
                text = " ".join([text, *(part.text for part in parts[1:])])
            doc_start = paragraph.char_start + start
            doc_end = parts[-1].char_end if last_span else paragraph.char_start + end
            previous = result.interventions[-1] if result.interventions else None
            changed = previous is None or previous.speaker_mention_id != (speaker.mention_id if speaker else None)
            result.interventions.append(
                Intervention(
                    intervention_id=ids.doc_scoped(source.doc_id, "i", len(result.interventions)),
                    doc_id=source.doc_id,
                    seq=len(result.interventions),
                    paragraph_id=paragraph.paragraph_id,
                    speaker_mention_id=speaker.mention_id if speaker else None,
                    speaker_text=speaker.text if speaker else _body_text(text),
                    text=text,
                    act=_act(cue, text, previous, changed, reply=index > 0 and changed),
                    policy_id=paragraph.policy_id,
                    cue=kind,
                    provenance=Provenance(source.doc_id, paragraph.page, doc_start, doc_end, STAGE),
                )
            )
    result.interventions = _proposals_before_decisions(result.interventions)
    same_person = {m.mention_id: _person_key(m) for m in result.mentions}
    result.interventions = assign_discussion_items(
        result.interventions, policies, presenter_mentions=frozenset(presenters), same_person=same_person
    )
    return result


def _proposals_before_decisions(interventions: list[Intervention]) -> list[Intervention]:
    """A statement the assembly decides on right after is what was proposed to it."""
    result = list(interventions)
    for index in range(len(result) - 1):
        current, following = result[index], result[index + 1]
        if (
            current.act == SpeechAct.STATEMENT
            and current.speaker_mention_id is not None
            and following.act == SpeechAct.DECISION
            and following.policy_id == current.policy_id
        ):
            result[index] = replace(current, act=SpeechAct.PROPOSAL)
    return result


def _person_key(mention: Mention) -> str:
    """Mentions of one person in one document share this key."""
    return ids.fold(mention.refers_to or mention.family_name or mention.role or mention.text)


def _is_sentence(text: str) -> bool:
    """Running text rather than a line of names or titles ("Le Maire   Les Conseillers")."""
    words = re.findall(r"[\wÀ-ÿ'’-]+", text)
    lower = sum(1 for w in words if w[:1].islower())
    return len(words) >= 4 and lower / len(words) >= 0.3


def _attribute(cue: _Cue | None, floor: _Floor, named, text: str = "") -> tuple[Speaker | None, str]:
    """The speaker of one turn, and how it was found."""
    if cue is None:
        if not _is_sentence(text):
            return None, ""  # a signature line or a stray label carries no speech
        if floor.last:
            return floor.last, "continuation"
        if floor.presenter:
            return floor.presenter, "presenter"
        return None, ""
    if cue.kind == "body":
        return None, "body"
    if cue.kind == "continuation":
        candidate = floor.last or floor.presenter
        if candidate and _gender_agrees(cue.who, candidate.gender):
            return candidate, "continuation"
        return None, ""
    return named(cue)


def _named_speaker(cue: _Cue, paragraph: Paragraph, offset: int, holders: dict[str, str], new_mention) -> tuple[Speaker, str]:
    role = _role_name(cue.who)
    is_role = role is not None and not _named(cue.who)
    speaker = new_mention(paragraph, offset + cue.start, offset + cue.end, cue.who, holders.get(role or "") if is_role else None)
    return speaker, "role" if is_role else cue.kind


def _named(who: str) -> bool:
    name = parse_person_name(who)
    return bool(name and name.family and name.given)


def _role_name(who: str) -> str | None:
    bare = re.sub(rf"^{CIVILITY}\s+", "", who.strip())
    bare = re.sub(r"^(?i:l[ea]\s+|l['’]\s*)", "", bare)
    folded = ids.fold(bare)
    for form, role in _role_forms():
        if folded == form or folded.startswith(form + " "):
            return role
    return None


@functools.cache
def _role_forms() -> tuple[tuple[str, str], ...]:
    """(folded form, canonical role), in lexicon order: the first role that matches wins."""
    return tuple(
        (ids.fold(form), entry["role"]) for entry in read_model_file("lexicons/persons.yaml")["roles"] for form in entry["forms"]
    )


def _role_gender(who: str) -> str | None:
    if re.match(r"^(?:Madame|Mme|Mlle|Mademoiselle|la\b|La\b)", who.strip()):
        return "f"
    if re.match(r"^(?:Monsieur|M\.|le\b|Le\b)", who.strip()):
        return "m"
    return None


def _gender_agrees(pronoun: str, gender: str | None) -> bool:
    if gender is None:
        return True
    return (pronoun.lower() == "il") == (gender == "m")


def _role_holders(attendance: Sequence[AttendanceEntry]) -> dict[str, str]:
    """Canonical role -> the attendance mention of its single holder."""
    holders: dict[str, list[str]] = {}
    for entry in attendance:
        if entry.role:
            canonical = _role_name(entry.role)
            if canonical:
                holders.setdefault(canonical, []).append(entry.person_mention_id)
    return {role: mentions[0] for role, mentions in holders.items() if len(mentions) == 1}


def _body_text(text: str) -> str | None:
    match = re.search(r"(?i:l[ea]s?\s+|l['’]\s*)(?:membres\s+d[ue]\s+(?:l['’])?)?[\wÀ-ÿ'’]+(?:\s+(?:municipal|communautaire|syndical|régional|général|d['’]administration|générale))?", text[:200])
    return match.group(0) if match else None
