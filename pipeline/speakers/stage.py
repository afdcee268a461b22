"""The speakers stage: turns, the floor (who holds it, who presents the item),
attribution of each paragraph, role holders from the attendance list."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pipeline import ids
from pipeline.agenda import assign_discussion_items
from pipeline.lexicon import (
    civility_of,
    role_of,
    structure_patterns,
)
from pipeline.names import parse_person_name
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
    Speaker,
    SpeakerResult,
    _act,
    _civility,
    _Cue,
    _is_speaker_text,
    _patterns,
    find_cue,
)

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
                    cue=InterventionCue(kind),
                    provenance=Provenance.in_paragraph(paragraph, doc_start, doc_end, STAGE),
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
    role = role_of(cue.who)
    is_role = role is not None and not _named(cue.who)
    speaker = new_mention(paragraph, offset + cue.start, offset + cue.end, cue.who, holders.get(role or "") if is_role else None)
    return speaker, "role" if is_role else cue.kind


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


def _role_holders(attendance: Sequence[AttendanceEntry]) -> dict[str, str]:
    """Canonical role -> the attendance mention of its single holder."""
    holders: dict[str, list[str]] = {}
    for entry in attendance:
        if entry.role:
            canonical = role_of(entry.role)
            if canonical:
                holders.setdefault(canonical, []).append(entry.person_mention_id)
    return {role: mentions[0] for role, mentions in holders.items() if len(mentions) == 1}


def _body_text(text: str) -> str | None:
    match = re.search(r"(?i:l[ea]s?\s+|l['’]\s*)(?:membres\s+d[ue]\s+(?:l['’])?)?[\wÀ-ÿ'’]+(?:\s+(?:municipal|communautaire|syndical|régional|général|d['’]administration|générale))?", text[:200])
    return match.group(0) if match else None


def run_stage(
    *, source: SourceDocument, paragraphs: Sequence[Paragraph], attendance: Sequence[AttendanceEntry], policies: Sequence[Policy]
) -> SpeakerResult:
    """The speakers stage as the pipeline declares it (see :mod:`pipeline.run`)."""
    return find_speakers(source, paragraphs, attendance=attendance, policies=policies)
