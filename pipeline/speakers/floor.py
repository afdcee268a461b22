"""The floor and its rules: paragraphs that carry no speech or end a turn
(recitals, votes, decisions, stage notes), confidence by evidence, continuation in
verbatim minutes and in write-ups, who a turn is attributed to, speech acts that
depend on the turn before."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pipeline import ids
from pipeline.io import read_model_file
from pipeline.lexicon import (
    civility_of,
    role_of,
)
from pipeline.names import is_given_name, parse_person_name
from pipeline.records import (
    Intervention,
    InterventionCue,
    Mention,
    Paragraph,
    SpeechAct,
)
from pipeline.speakers.cues import (
    PROPOSED,
    Speaker,
    _civility,
    _Cue,
    _is_speaker_text,
    _patterns,
    _sentence_openers,
    _verb_acts,
)

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
