"""The speakers stage: turns, the floor (who holds it, who presents the item),
attribution of each paragraph, role holders from the attendance list."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pipeline import ids
from pipeline.io import read_model_file
from pipeline.agenda import assign_discussion_items
from pipeline.lexicon import (
    civility_of,
    role_of,
    structure_patterns,
)
from pipeline.names import is_given_name, parse_person_name
from pipeline.records import (
    AttendanceEntry,
    EntityKind,
    Intervention,
    InterventionCue,
    Mention,
    Paragraph,
    ParagraphKind,
    Policy,
    Provenance,
    SourceDocument,
    SpeechAct,
)
from pipeline.speakers.cues import (
    SENTENCE_END,
    STAGE,
    DocumentNames,
    NameTest,
    Speaker,
    SpeakerResult,
    _act,
    _civility,
    _Cue,
    _is_speaker_text,
    PROPOSED,
    _patterns,
    _sentence_openers,
    _verb_acts,
    common_name_words,
    find_cue,
)
from pipeline.speakers.holders import LISTED, find_holders

# --- the stage --------------------------------------------------------------------


def turns(text: str, names: NameTest | None = None) -> list[tuple[int, int, _Cue | None]]:
    """Split a paragraph where another person takes the floor mid-paragraph.

    "M. X fait remarquer que ... Monsieur le Maire explique que ..." holds
    two turns; a later sentence that opens with a named speaker starts a new
    one, and so does one that opens with two people or with an unknown
    subject of a speech verb (a turn without a speaker: the earlier speaker's
    words end there). Returns (start, end, cue) spans of the paragraph text.
    """
    spans: list[tuple[int, int, _Cue | None]] = []
    start = 0
    cue = find_cue(text, names)
    for boundary in SENTENCE_END.finditer(text):
        sentence_start = boundary.end()
        if sentence_start >= len(text):
            break
        later = find_cue(text[sentence_start:], names)
        if (
            later is not None
            and later.kind in ("reported", "attribution", "direct", "joint", "other")
            and later.start <= 60
            and (cue is None or ids.fold(later.who) != ids.fold(cue.who))
        ):
            spans.append((start, sentence_start, cue))
            start, cue = sentence_start, later
    spans.append((start, len(text), cue))
    return spans


# --- paragraphs that carry no speech, or end a turn -----------------------------------

# Recitals of a deliberation ("Vu le code ...", "Considérant que ..."): the
# formula of the act, nobody's words. Serves deliberation extracts and councils.
RECITAL = re.compile(r"^\s*(?:Vu|Considérant|Considerant|Attendu|Entendu)\b", re.IGNORECASE)
# "DM1 approuvée : Vote : 14 pour / 0 contre": a vote recorded inside a line of notes.
VOTE_RECORD = re.compile(r"(?i)\bvote\s*:\s*\d+\s+(?:pour|voix)")
# Vote lines and outcomes ("Pour : 12", "Vote : unanimité", "Adopté à l'unanimité.",
# "Ont été élus :"): a record of the vote, which ends the turn before it.
VOTE_LINE = re.compile(
    r"^\s*(?:(?:Votes?|Résultats?(?:\s+d[ue]s?\s+votes?)?|Scrutin|Pour|Contre|Abstentions?|Votants|Suffrages(?:\s+exprimés)?"
    r"|Exprimés|Nuls?|Blancs?(?:\s+et\s+nuls)?|Ont\s+voté(?:\s+pour|\s+contre)?|[ÉE]lections?|Majorité(?:\s+absolue)?)\s*(?::|\d)"
    r"|(?:Adopté|Adoptée|Adoptés|Adoptées|Approuvé|Approuvée|Rejeté|Rejetée|Refusé|Refusée)(?:\s+(?:à|par)\b|\s*[.,;!]|\s*$)"
    r"|(?:A|À|Ont|Ont\s+donc|A\s+donc)\s+été\s+(?:élu|élue|élus|élues|désigné|désignée|désignés|désignées)\b"
    r"|(?:A|À)\s+l['’]unanimité\b"
    r"|Adoption\s+(?:à|par)\b|\d+\s+(?:voix\s+)?(?:contre|pour|abstentions?)\b)",
    re.IGNORECASE,
)
# First- and second-person words: the paragraph is someone's own words (verbatim minutes).
FIRST_PERSON = re.compile(r"(?<![\wÀ-ÿ])(?:je|j['’]|me|m['’]|moi|mon|ma|mes)(?![\wÀ-ÿ])", re.IGNORECASE)
ADDRESS = re.compile(r"(?<![\wÀ-ÿ])(?:je|j['’]|me|m['’]|moi|mon|ma|mes|nous|notre|nos|vous|votre|vos)(?![\wÀ-ÿ])", re.IGNORECASE)
# "Nous évoquons ...", "On rappelle ...": a write-up in the body's voice.
COLLECTIVE = re.compile(r"^(?:[^,]{0,40},\s*)?(?:Nous|On)\s", re.IGNORECASE)
# "Il est souligné que ...", "Il a été rappelé ...": an impersonal record.
IMPERSONAL = re.compile(r"^(?:[^,]{0,40},\s*)?Il\s+(?:est|a\s+été|sera|serait|était)\s+(?:\w+\s+)?\w+(?:é|ée|és|ées)\b", re.IGNORECASE)
# An organisation as the subject ("L'ADEM nous invite", "La Région a accordé").
ORG_SUBJECT = re.compile(r"^(?:L['’]\s*|Les?\s+|La\s+)?[A-ZÀ-Ý]{2,}\b|^(?:L['’]\s*|Les?\s+|La\s+)[A-ZÀ-Ý][a-zà-ÿ]+")
# "décide de présenter le rapport des activités", "donne lecture du bilan": a report follows.
REPORT = re.compile(
    r"(?i)(?:présente[rz]?|expose[rz]?|présentation|lecture|lire)\s+(?:d[eu]s?\s+|l[ea]\s+|les\s+|son\s+|sa\s+|ses\s+)?"
    r"(?:rapports?|bilans?|comptes?|budgets?|projets?)\b"
)
# What verbatim minutes note of the room ("Applaudissements dans la salle.", "(Rires)")
# and the closing formula ("Plus rien n'étant à délibérer, la séance est levée"): nobody's words.
STAGE_NOTE = re.compile(
    r"(?i)^[(\[]?\s*(?:applaudissements|rires|brouhaha|protestations|exclamations|murmures|huées|silence|"
    r"(?:suspension|interruption|reprise)\s+de\s+(?:la\s+)?séance)\b"
    r"|(?:la\s+)?séance\s+est\s+(?:levée|close|suspendue|reprise)\b"
)
# "Rapporteur : M. X" in a heading or a line of its own.
RAPPORTEUR = re.compile(r"(?i:rapporteure?s?)\s*:\s*(?P<who>[^\n;]{3,80}?)\s*$")

# Confidence of an attribution, by its evidence (see README, interventions.confidence).
CONFIDENCE = {
    "direct": 0.95,  # "NAME : ..." opens the paragraph
    "reported": 0.9,  # "NAME expose que ..."
    "attribution": 0.85,  # "Selon NAME, ..."
    "role_listed": 0.85,  # a role whose holder the document states (chair, list)
    "role_stated": 0.75,  # ... names in an apposition or a signature only
    "role": 0.5,  # a role nobody is named for
    "label": 0.9,  # a line naming who speaks next
    "presenter": 0.7,  # the rapporteur of the item, for a paragraph without cue
    "pronoun": 0.75,  # "Il ajoute ..."
    "continuation": 0.7,  # a paragraph without cue after a named turn
    "verbatim": 0.8,  # ... in minutes that label every turn ("NAME : ...")
}
CONTINUATION_DECAY = 0.1  # per paragraph since the speaker was last named
CONTINUATION_FLOOR = 0.3
# Below this, a continuation without any cue is left without speaker: the
# evidence is too weak to put words in someone's mouth.
MIN_CONTINUATION = 0.4
VERBATIM_TURNS = 3  # "NAME : ..." turns that make minutes verbatim


@dataclass(slots=True)
class _Floor:
    """Who has the floor: the last speaker, and the presenter of a section or item."""

    last: Speaker | None = None
    last_confidence: float = 0.0
    since: int = 0  # paragraphs since ``last`` was named
    last_act: SpeechAct | None = None
    presenter: Speaker | None = None
    presenter_confidence: float = 0.0
    scope: str = ""  # "section" (a presentation heading) or "item" (a rapporteur's exposé)
    policy: str | None = None  # the agenda item the presenter presents
    item_style: str | None = None  # how the current item's heading is numbered ("digits", "roman", "letter")

    def close_item(self) -> None:
        self.last = None
        if self.scope == "item":
            self.presenter, self.scope = None, ""

    def take(self, speaker: Speaker, confidence: float) -> None:
        self.last, self.last_confidence, self.since, self.last_act = speaker, confidence, 0, None


def find_speakers(
    source: SourceDocument,
    paragraphs: Sequence[Paragraph],
    *,
    attendance: Sequence[AttendanceEntry] = (),
    policies: Sequence[Policy] = (),
) -> SpeakerResult:
    result = SpeakerResult()
    presenters: set[str] = set()
    names = DocumentNames.of(source.text, [n for e in attendance for n in (e.family_name, e.given_name) if n])
    holders = find_holders(source.text, attendance)
    holder_mentions: dict[str, str] = {}
    children: dict[str, list[Paragraph]] = {}
    for paragraph in paragraphs:
        if paragraph.parent_id:
            children.setdefault(paragraph.parent_id, []).append(paragraph)
    floor = _Floor()
    presentation = structure_patterns().presentation
    p = _patterns()
    spans_of = {
        paragraph.paragraph_id: turns(paragraph.text, names)
        for paragraph in paragraphs
        if paragraph.kind == ParagraphKind.PARAGRAPH
    }
    verbatim = sum(1 for spans in spans_of.values() if spans[0][2] is not None and spans[0][2].kind == "direct") >= VERBATIM_TURNS

    def new_mention(paragraph: Paragraph, start: int, end: int, who: str, refers_to: str | None) -> Speaker:
        mention_id = ids.doc_scoped(source.doc_id, "ms", len(result.mentions))
        doc_start, doc_end = paragraph.char_start + start, paragraph.char_start + end
        bare = re.sub(rf"^{_civility()}\s+", "", who)
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
                provenance=Provenance.in_paragraph(paragraph, doc_start, doc_end, STAGE),
                given_name=name.given if name and refers_to is None else None,
                family_name=name.family if name and refers_to is None else None,
                civility=name.civility if name else None,
                role=role_of(who) if refers_to or not (name and name.family) else None,
                refers_to=refers_to,
            )
        )
        return Speaker(mention_id, who, gender)

    def holder_of(role: str | None) -> tuple[str | None, float]:
        """The mention a role resolves to in this document, and the confidence it gives."""
        if role == "Rapporteur" and floor.presenter is not None:
            return floor.presenter.mention_id, CONFIDENCE["role_listed"]
        holder = holders.get(role or "")
        if holder is None:
            return None, CONFIDENCE["role"]
        confidence = CONFIDENCE["role_listed"] if holder.strength >= LISTED else CONFIDENCE["role_stated"]
        if holder.mention_id:
            return holder.mention_id, confidence
        if role not in holder_mentions:
            where = next((q for q in paragraphs if q.char_start <= holder.start < q.char_end), None)
            if where is None:
                return None, CONFIDENCE["role"]
            speaker = new_mention(where, holder.start - where.char_start, holder.end - where.char_start, holder.name, None)
            holder_mentions[role or ""] = speaker.mention_id
        return holder_mentions[role or ""], confidence

    def named(cue: _Cue, paragraph: Paragraph, offset: int) -> tuple[Speaker, str, float]:
        role = role_of(cue.who)
        is_role = role is not None and not _named(cue.who)
        if is_role:
            refers_to, confidence = holder_of(role)
            speaker = new_mention(paragraph, offset + cue.start, offset + cue.end, cue.who, refers_to)
            return speaker, "role", confidence
        speaker = new_mention(paragraph, offset + cue.start, offset + cue.end, cue.who, None)
        return speaker, cue.kind, CONFIDENCE.get(cue.kind, 0.5)

    def label_speaker(paragraph: Paragraph, match: re.Match[str], *, resolved_only: bool = False) -> tuple[Speaker, float] | None:
        """The speaker a label names; with ``resolved_only``, None for a role nobody is named for."""
        who = match.group("who").strip()
        if not _is_speaker_text(who, names) or common_name_words(who, names):
            return None
        role = role_of(who)
        if resolved_only and role is not None and not _named(who) and holder_of(role)[0] is None:
            return None
        start = match.start("who")
        cue = _Cue("direct", start, start + len(who), who, None)
        speaker, _, confidence = named(cue, paragraph, 0)
        return speaker, confidence

    for paragraph in paragraphs:
        text = paragraph.text.strip()
        if paragraph.kind == ParagraphKind.HEADING:
            floor.last = None
            style = _numbering(text)
            if floor.scope == "item":
                # "I) BAZINCIPES" or "BAZINCIPES :" under "7- Frais de déplacement": the same exposé goes on;
                # a heading numbered like the item's opens the next item.
                sub_heading = floor.item_style is not None and style != floor.item_style
                if not sub_heading and (paragraph.policy_id != floor.policy or style is not None):
                    floor.presenter, floor.scope, floor.item_style = None, "", style
            elif style is not None:
                floor.item_style = style
            match = presentation.match(text)
            label = p.role_label_end.search(paragraph.text) or p.name_label_end.search(paragraph.text) or RAPPORTEUR.search(paragraph.text)
            if match and _is_speaker_text(match.group("name"), names):
                offset = paragraph.text.find(match.group("name"))
                floor.presenter = new_mention(paragraph, offset, offset + len(match.group("name")), match.group("name"), None)
                floor.presenter_confidence = CONFIDENCE["presenter"]
                floor.scope, floor.policy = "section", paragraph.policy_id
                presenters.add(floor.presenter.mention_id)
            elif label and (found := label_speaker(paragraph, label, resolved_only=True)):
                # "1- Budget  Monsieur le Maire:": the written report under the heading is the rapporteur's.
                floor.presenter, floor.presenter_confidence = found[0], min(found[1], CONFIDENCE["presenter"])
                floor.scope, floor.policy = "item", paragraph.policy_id
            continue
        if paragraph.kind != ParagraphKind.PARAGRAPH:
            if VOTE_LINE.match(text):
                floor.close_item()
            if paragraph.kind == ParagraphKind.HEADER:
                # A margin label set on the line of a vote record ("Pour : 54  3- Budget  Monsieur le Maire:").
                label = p.role_label_end.search(paragraph.text) or p.name_label_end.search(paragraph.text)
                if label and (found := label_speaker(paragraph, label, resolved_only=True)):
                    floor.last = None
                    floor.presenter, floor.presenter_confidence = found[0], min(found[1], CONFIDENCE["presenter"])
                    floor.scope, floor.policy = "item", paragraph.policy_id
            continue

        label = p.label.match(paragraph.text) or RAPPORTEUR.fullmatch(text)
        if label and not (text.endswith(":") or role_of(label.group("who"))):
            label = None  # "Divers", "SES": a lone word without a colon labels nothing
        if label and (found := label_speaker(paragraph, label)):
            # "Monsieur le Maire :" on its own line: the next paragraphs are that person's.
            floor.take(*found)
            if text.endswith(":") and found[1] > CONFIDENCE["role"]:
                # An exposé follows a label that names someone; "Le responsable des actions :" in a
                # plan's list of roles names nobody, and opens nothing.
                floor.presenter, floor.presenter_confidence = found[0], min(found[1], CONFIDENCE["presenter"])
                floor.scope, floor.policy = "item", paragraph.policy_id
            continue

        spans = spans_of[paragraph.paragraph_id]
        if floor.last is None and floor.presenter is None:
            spans = _exposé_then_request(paragraph.text, spans)
        for index, (start, end, cue) in enumerate(spans):
            turn_text = paragraph.text[start:end]
            speaker, kind, confidence = _attribute(cue, floor, turn_text, paragraph, start, named, verbatim=verbatim, first=index == 0)
            if cue is not None and cue.kind not in ("body", "continuation", "joint", "other") and speaker is not None:
                if (cue.verb and p.presentation_verbs.match(cue.verb) or REPORT.search(_first_words(turn_text, 25))) and floor.scope != "section":
                    # "X, rapporteur, expose :", "X présente le projet de budget": the exposé that
                    # follows, to the next heading, is X's.
                    floor.presenter, floor.scope, floor.policy = speaker, "item", paragraph.policy_id
                    floor.presenter_confidence = CONFIDENCE["presenter"]
            if kind == "body":
                floor.close_item()
            elif kind == "break":
                floor.last = None
            elif speaker is not None and kind not in ("continuation", "presenter"):
                floor.take(speaker, confidence)
                if index > 0 and not verbatim:
                    # "... . Harmonie se propose pour ...": a turn the writer set inside a paragraph
                    # about something else ends with that paragraph.
                    floor.last_confidence = 0.0
            elif kind in ("continuation", "skip"):
                floor.since += 1
            if speaker is None and kind != "body":
                continue
            last_span = index == len(spans) - 1
            parts = [paragraph, *children.get(paragraph.paragraph_id, [])] if last_span else [paragraph]
            whole = turn_text.strip()
            if last_span and len(parts) > 1:
                whole = " ".join([whole, *(part.text for part in parts[1:])])
            doc_start = paragraph.char_start + start
            doc_end = parts[-1].char_end if last_span else paragraph.char_start + end
            previous = result.interventions[-1] if result.interventions else None
            changed = previous is None or previous.speaker_mention_id != (speaker.mention_id if speaker else None)
            act = _act(cue, whole, previous, changed, reply=index > 0 and changed and _replies(kind, previous))
            if kind in ("continuation", "presenter") and act == SpeechAct.STATEMENT and floor.last_act == SpeechAct.ANSWER:
                act = SpeechAct.ANSWER  # an answer goes on over the paragraphs of its turn
            if kind == "chair_decision" or (speaker is not None and _vote_call(whole)):
                act = SpeechAct.DECISION
            elif act in (SpeechAct.STATEMENT, SpeechAct.PROPOSAL) and speaker is not None and changed and _addresses(whole, result.interventions[-4:], result.mentions, speaker):
                act = SpeechAct.ANSWER  # "Merci, Madame X. ..." right after X spoke: the reply to X
            if speaker is not None:
                floor.last_act = act
            result.interventions.append(
                Intervention(
                    intervention_id=ids.doc_scoped(source.doc_id, "i", len(result.interventions)),
                    doc_id=source.doc_id,
                    seq=len(result.interventions),
                    paragraph_id=paragraph.paragraph_id,
                    speaker_mention_id=speaker.mention_id if speaker else None,
                    speaker_text=speaker.text if speaker else _body_text(whole),
                    text=whole,
                    act=act,
                    policy_id=paragraph.policy_id,
                    cue=InterventionCue("continuation" if kind == "chair_decision" else kind),
                    provenance=Provenance.in_paragraph(paragraph, doc_start, doc_end, STAGE),
                    confidence=round(confidence, 2) if speaker is not None else None,
                )
            )
    result.interventions = _proposals_before_decisions(result.interventions)
    same_person = {m.mention_id: _person_key(m) for m in result.mentions}
    result.interventions = assign_discussion_items(
        result.interventions, policies, presenter_mentions=frozenset(presenters), same_person=same_person
    )
    return result


# "Je mets aux voix", "Qui est contre ?", "Adopté": the chair puts to the vote or
# proclaims the outcome. Serves verbatim council minutes.
VOTE_CALL = re.compile(
    r"(?i)(?<![\wÀ-ÿ])(?:je\s+(?:mets|met|soumets)\s+aux\s+voix|je\s+fais\s+voter|passons\s+au\s+vote|qui\s+est\s+contre|"
    r"qui\s+s['’]abstient|des\s+abstentions\s*\?|avis\s+contraires?|(?:il|elle)\s+est\s+(?:adopté|adoptée)|"
    r"(?:^|[.?!]\s+)(?:adopté|adoptée)\b|^résultats?\b|suffrages\s+exprimés)"
)


NUMBERING = re.compile(r"^\s*(?:(?P<digits>\d+(?:[./]\d+)*)|(?P<roman>[IVXLC]+)|(?P<letter>[A-Za-z]))\s*(?:[-–.)°]|/\d)")


def _numbering(heading: str) -> str | None:
    """How a heading is numbered: "7- Budget" digits, "II) Principes" roman, "A) Repas" letter."""
    match = NUMBERING.match(heading)
    return match.lastgroup if match else None


def _replies(kind: str, previous: Intervention | None) -> bool:
    """A turn taken inside a paragraph replies to the one before it when that one asked,
    or when the chair takes the floor after a member ("M. X fait remarquer ... Monsieur le
    Maire explique ..."); peers speaking in turn in a working group's notes do not reply."""
    return previous is not None and (previous.act == SpeechAct.QUESTION or kind == "role")


def _vote_call(text: str) -> bool:
    return bool(VOTE_CALL.search(text))


GIVES_FLOOR = re.compile(r"(?i)\b(?:passe|donne|cède|laisse)\s+la\s+parole\b|\bvous\s+avez\s+la\s+parole\b")


def _addresses(text: str, recent: Sequence[Intervention], mentions: Sequence[Mention], speaker: Speaker) -> bool:
    """The turn opens by addressing one of the last speakers by name ("Merci, Madame X",
    "Madame X, premier point, ..."): a reply to them."""
    by_id = {m.mention_id: m for m in mentions}
    opening = _first_words(text, 12)
    if GIVES_FLOOR.search(opening):
        return False  # "Je passe la parole à Monsieur X": the chair gives the floor, it replies to nobody
    for previous in recent:
        mention = by_id.get(previous.speaker_mention_id or "")
        family = mention.family_name if mention else None
        if not family or ids.fold(family) in ids.fold(speaker.text):
            continue
        if re.search(rf"(?:{_civility()}|Monsieur|Madame)\s+(?:[A-ZÀ-Ý][\w’'-]+\s+)?{re.escape(family)}\b", opening):
            return True
    return False


def _first_words(text: str, count: int) -> str:
    return " ".join(text.split()[:count])


def _proposals_before_decisions(interventions: list[Intervention]) -> list[Intervention]:
    """A statement the assembly decides on right after is what was proposed to it,
    unless a reporting verb says what it is ("Monsieur le Maire expose que ...",
    "rend compte des décisions": a report, which the vote does not make a proposal)."""
    result = list(interventions)
    for index in range(len(result) - 1):
        current, following = result[index], result[index + 1]
        if (
            current.act == SpeechAct.STATEMENT
            and current.speaker_mention_id is not None
            and current.cue in (InterventionCue.PRESENTER, InterventionCue.CONTINUATION)
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


def _attribute(
    cue: _Cue | None, floor: _Floor, text: str, paragraph: Paragraph, offset: int, named, *, verbatim: bool, first: bool
) -> tuple[Speaker | None, str, float]:
    """The speaker of one turn, how it was found and how far it can be trusted.

    Kinds besides the cue's: ``continuation`` and ``presenter`` (no cue, the
    floor gives the speaker), ``chair_decision`` (the speaker proclaims an
    outcome), ``break`` (no speaker, and the turn before ends here), ``body``
    (the assembly decides) and ``""`` (nothing to attribute).
    """
    stripped = text.strip()
    if cue is None:
        if not _is_sentence(text):
            return None, "", 0.0  # a signature line or a stray label carries no speech
        if first and (
            RECITAL.match(stripped) or VOTE_LINE.match(stripped) or STAGE_NOTE.search(stripped[:200]) or VOTE_RECORD.search(stripped[:200])
        ):
            if RECITAL.match(stripped) and floor.scope == "item":
                floor.presenter, floor.scope = None, ""  # the act's formula follows the exposé
            return None, "break", 0.0
        if first and _named_note(stripped, floor):
            return None, "break", 0.0
        if floor.presenter and (floor.last is None or _same_person(floor.last, floor.presenter)):
            return floor.presenter, "presenter", floor.presenter_confidence
        if floor.last and not _continues(stripped, verbatim):
            return None, "skip", 0.0  # someone else spoke last: the presenter does not take it back
        if floor.last:
            if verbatim:
                # Verbatim minutes label every turn: a paragraph without label is the same speaker's.
                confidence = max(0.5, min(floor.last_confidence, CONFIDENCE["verbatim"]) - 0.02 * floor.since)
            else:
                confidence = max(CONTINUATION_FLOOR, min(floor.last_confidence, CONFIDENCE["continuation"]) - CONTINUATION_DECAY * floor.since)
            if floor.last_confidence == 0.0:
                confidence = 0.0  # the last turn was set inside a paragraph about something else
            if confidence >= MIN_CONTINUATION:
                return floor.last, "continuation", confidence
            return None, "break", 0.0  # too far from the naming: nobody's, not the presenter's either
        if floor.presenter:
            return floor.presenter, "presenter", floor.presenter_confidence
        return None, "", 0.0
    if cue.kind == "body":
        # "Qui est contre ? ... Il est adopté, je vous en remercie": the chair proclaims, in verbatim minutes.
        if verbatim and floor.last and FIRST_PERSON.search(text) and cue.start > 0:
            return floor.last, "chair_decision", max(CONTINUATION_FLOOR, floor.last_confidence - CONTINUATION_DECAY)
        return None, "body", 0.0
    if cue.kind in ("joint", "other"):
        return None, "break", 0.0  # a new turn whose speaker is nobody single or known
    if cue.kind == "continuation":
        candidate = floor.last or floor.presenter
        if candidate and _gender_agrees(cue.who, candidate.gender):
            base = floor.last_confidence if floor.last else floor.presenter_confidence
            base = base or CONFIDENCE["pronoun"]  # the pronoun is its own evidence after a turn set mid-paragraph
            return candidate, "continuation", max(CONTINUATION_FLOOR, min(base, CONFIDENCE["pronoun"]) - CONTINUATION_DECAY * floor.since)
        return None, "break", 0.0
    return named(cue, paragraph, offset)


def _exposé_then_request(text: str, spans: list[tuple[int, int, _Cue | None]]) -> list[tuple[int, int, _Cue | None]]:
    """ "Les lots doivent faire l'objet d'une délibération. Il est proposé d'offrir ... M. X
    demande l'autorisation d'acheter ces lots.": in deliberation write-ups an impersonal
    exposé of a proposal that ends with the person who makes the request is that person's.
    Only when nobody has the floor, the exposé states the proposal and the request is the
    paragraph's last turn."""
    if len(spans) != 2 or spans[0][2] is not None or spans[1][2] is None:
        return spans
    cue = spans[1][2]
    if cue.kind not in ("reported", "role") or not cue.verb or _verb_acts().get(ids.fold(cue.verb)) != "proposal":
        return spans
    exposé = text[spans[0][0] : spans[0][1]]
    if not (_patterns().proposal.search(exposé) or PROPOSED.search(exposé)):
        return spans
    offset = spans[1][0]
    return [(spans[0][0], spans[1][1], replace(cue, start=cue.start + offset, end=cue.end + offset))]


def _same_person(a: Speaker, b: Speaker) -> bool:
    """Two speaker mentions of one person ("Olivier LEGRAND", "M. LEGRAND")."""
    if a is b or ids.fold(a.text) == ids.fold(b.text):
        return True
    name_a, name_b = parse_person_name(a.text, allow_bare_family=True), parse_person_name(b.text, allow_bare_family=True)
    return bool(name_a and name_b and name_a.family and name_b.family and ids.fold(name_a.family) == ids.fold(name_b.family))


def _named_note(text: str, floor: _Floor) -> bool:
    """A sentence whose subject is a person but reports no speech ("Madame X entre en séance")."""
    match = _patterns().named_note.match(text)
    if not match or FIRST_PERSON.search(text[:200]):
        return False
    who = match.group("who")
    if ids.fold(who.split()[0]) in _sentence_openers():
        return False  # "Cette DM s'équilibre"
    return _is_speaker_text(who) and not role_of(who) or bool(re.fullmatch(r"[A-ZÀ-Ý][a-zà-ÿ]+", who) and is_given_name(who))


def _continues(text: str, verbatim: bool) -> bool:
    """A paragraph without cue may go on with the last speaker's words: not when
    an organisation is its subject and nothing marks it as someone's own words."""
    if verbatim:
        return True
    if ORG_SUBJECT.match(text) and not ADDRESS.search(text[:200]):
        return False
    # In a write-up, "Nous évoquons ..." is the body's voice and "Il est souligné ..." nobody's;
    # a paragraph of narration goes on with the last speaker only when it reads as speech:
    # quoted, or addressed ("vous", "je").
    if COLLECTIVE.match(text) or IMPERSONAL.match(text) and not ADDRESS.search(text[:200]):
        return False
    return text.startswith(("«", '"', "“")) or bool(ADDRESS.search(text[:300])) or bool(_openings().match(text))


@functools.cache
def _openings() -> re.Pattern[str]:
    """Connectives that carry the discourse on ("Par ailleurs, ...", "Dans ce domaine, ...")."""
    forms = sorted(read_model_file("lexicons/speech.yaml")["openings"], key=len, reverse=True)
    alternatives = "|".join(re.escape(f).replace(r"\ ", r"\s+").replace("'", "['’]") for f in forms)
    return re.compile(rf"^(?:{alternatives})\b", re.IGNORECASE)


def _named(who: str) -> bool:
    name = parse_person_name(who)
    return bool(name and name.family and name.given)


def _role_gender(who: str) -> str | None:
    """The gender a civility or an article gives a role ("Madame la Présidente")."""
    first = who.strip().split(maxsplit=1)[:1]
    if not first:
        return None
    civility = civility_of(first[0])
    if civility is not None:
        return civility.get("gender")
    return {"la": "f", "le": "m"}.get(first[0].casefold())


def _gender_agrees(pronoun: str, gender: str | None) -> bool:
    if gender is None:
        return True
    return (pronoun.lower() == "il") == (gender == "m")


def _body_text(text: str) -> str | None:
    match = re.search(r"(?i:l[ea]s?\s+|l['’]\s*)(?:membres\s+d[ue]\s+(?:l['’])?)?[\wÀ-ÿ'’]+(?:\s+(?:municipal|communautaire|syndical|régional|général|d['’]administration|générale))?", text[:200])
    return match.group(0) if match else None


def run_stage(
    *, source: SourceDocument, paragraphs: Sequence[Paragraph], attendance: Sequence[AttendanceEntry], policies: Sequence[Policy]
) -> SpeakerResult:
    """The speakers stage as the pipeline declares it (see :mod:`pipeline.run`)."""
    return find_speakers(source, paragraphs, attendance=attendance, policies=policies)
