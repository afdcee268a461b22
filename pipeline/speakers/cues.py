"""Speaker cues: how a paragraph says who speaks ("NAME :", "NAME expose que",
"Selon NAME,", "Monsieur le Maire indique", "Il ajoute", the assembly
deciding), the speech verbs and patterns they rest on, and the speech act."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pipeline import ids
from pipeline.io import read_model_file
from pipeline.lexicon import (
    civility_alternation,
    civility_of,
    fold,
    not_names,
    role_alternation,
    role_of,
)
from pipeline.names import is_given_name, parse_person_name
from pipeline.records import (
    Intervention,
    Mention,
    SpeechAct,
)

STAGE = "minutes.speakers.v1"
FIRST_SENTENCE_CHARS = 400

NAME_TOKEN = r"[A-ZÀ-Ý][\w’'\-]*\.?"
LOWER_GIVEN = r"[a-zà-ÿ][a-zà-ÿ\-]+"  # "olivier LEGRAND": a given name typed in lower case


def _civility() -> str:
    """Every civility of the lexicon, as one regex group (case as written)."""
    return f"(?:{civility_alternation()})"


def _name() -> str:
    return rf"(?:{_civility()}\s+)?(?:{NAME_TOKEN}|{LOWER_GIVEN}(?=\s+[A-ZÀ-Ý]{{2,}}))(?:\s+(?:d[eu]\s+|de\s+la\s+|l[ea]\s+)?{NAME_TOKEN}){{0,3}}"


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
    # Spaces match any run, and an apostrophe either typing ("n'a", "n’a").
    # A form ending with an elided "d" or "qu" ("il est nécessaire d") takes its apostrophe.
    return "|".join(
        re.escape(f).replace(r"\ ", r"\s+").replace("'", "['’]") + (r"(?:e|['’][\wÀ-ÿ]+)" if re.search(r"\s(?:d|qu)$", f) else "")
        for f in sorted(set(forms), key=len, reverse=True)
    )


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
    joint: re.Pattern[str]
    named_subject: re.Pattern[str]
    label: re.Pattern[str]
    role_label_end: re.Pattern[str]
    name_label_end: re.Pattern[str]
    named_note: re.Pattern[str]
    proposal: re.Pattern[str]
    question: re.Pattern[str]
    presentation_verbs: re.Pattern[str]


@functools.cache
def _patterns() -> _Patterns:
    lex = _lexicon()
    verbs = _alternation(f for forms in lex["speech_verbs"].values() for f in forms)
    decisions = _alternation(lex["decision_verbs"])
    bodies = _alternation(lex["deciding_bodies"])
    roles = role_alternation()
    NAME = _name()  # noqa: N806 - the name pattern, as the regexes below read it
    markers = _alternation(lex["attribution_markers"])
    role = (
        rf"(?:(?:{_civility()}|Monsieur|Madame)\s+)?(?i:l[ea]\s+|l['’]\s*)(?i:{roles})"
        rf"(?:\s+(?:de\s+l['’]|de\s+la\s+|du\s+|des\s+|aux?\s+|à\s+la\s+|chargée?\s+(?:de\s+|des\s+|du\s+))[\wÀ-ÿ'’\-]+(?:\s+[\wÀ-ÿ'’\-]+)?)?"
    )
    # "X, rapporteur, expose" and "X, Délégué Général de Y ouvre": the closing comma is often left out.
    apposition = r"(?:\s*,\s*[^,.;:]{1,90}?,?)?"
    verb_tail = rf"(?P<verb>(?i:{verbs}))(?:-t-(?:il|elle))?(?![\wÀ-ÿ])"
    return _Patterns(
        reported=re.compile(rf"(?<![\wÀ-ÿ'’\-])(?P<who>{NAME}){apposition},?\s+(?:lui-même\s+|elle-même\s+|également\s+|ensuite\s+|alors\s+|aussi\s+|enfin\s+|donc\s+)?{verb_tail}"),
        role_reported=re.compile(rf"(?<![\wÀ-ÿ'’\-])(?P<who>{role}){apposition}\s+(?:également\s+|ensuite\s+|alors\s+|aussi\s+|enfin\s+|donc\s+)?{verb_tail}"),
        attribution=re.compile(rf"(?:^|,\s*|^[^,]{{0,60}},\s*)(?i:{markers})\s+(?P<who>{NAME}|{role})\s*[,:]"),
        direct=re.compile(rf"^(?P<who>{NAME}|{role})\s*(?:\([^)]{{1,60}}\))?\s*:\s*\S"),
        pronoun=re.compile(rf"^(?:[^,]{{1,80}},\s*)?(?P<who>Il|Elle|il|elle)\s+(?:[\wÀ-ÿ'’]+\s+){{0,2}}?{verb_tail}"),
        # "Les 29 élus ont pris acte": a count may stand between the article and the body.
        body=re.compile(
            rf"^(?:[^.]{{0,80}}[,:]\s*)?(?i:l[ea]s?\s+|l['’]\s*)(?:\d+\s+)?(?i:{bodies})\b[^.]*?\b(?i:{decisions})(?![\wÀ-ÿ])",
        ),
        # "Mme Anne MARTIN et M. Paul DURAND présentent": two speakers named together, no single one.
        joint=re.compile(rf"^(?:[^,]{{0,60}},\s*)?(?P<who>{NAME}(?:\s*,\s*{NAME})*\s+(?:et|&)\s+{NAME}){apposition},?\s+{verb_tail}"),
        # A paragraph that only names who speaks next ("Monsieur le Maire :", "Max DURAND:").
        label=re.compile(rf"^\s*(?P<who>{NAME}|{role})\s*(?:\([^)]{{1,60}}\))?\s*:?\s*$"),
        # A heading that ends with its rapporteur ("3- Budget  Monsieur le Maire:").
        role_label_end=re.compile(rf"(?:^|\s)(?P<who>{role})\s*:\s*$"),
        name_label_end=re.compile(rf"(?:^|\s{{2,}}|[-–:]\s+)(?P<who>{NAME})\s*:\s*$"),
        # "Madame X entre en séance.", "Lucile rejoint la réunion.": a person as the subject of a
        # sentence that reports no speech.
        named_note=re.compile(rf"^(?P<who>{NAME})\s+(?=[a-zà-ÿ])"),
        # "Dupont fait plusieurs remarques": a capitalised subject with a speech verb opens a turn, whoever it is.
        named_subject=re.compile(rf"^(?:[^,]{{0,60}},\s*)?(?P<who>{NAME}){apposition},?\s+{verb_tail}"),
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


@dataclass(frozen=True, slots=True)
class DocumentNames:
    """What one document says about bare capitalised words.

    Minutes among colleagues name people by one word ("Halter souligne",
    "Lucile rejoint la réunion"): such a word names a person when the
    document lists it alone (attendance lists of first names, a family name
    on the attendance list); a word the document also writes in lower case
    is a common word ("Budget présente un excédent").
    """

    listed: frozenset[str] = frozenset()  # folded
    lowercase: frozenset[str] = frozenset()  # folded words written in lower case

    def __call__(self, word: str) -> bool:
        return fold(word) in self.listed and fold(word) not in self.lowercase

    def common_word(self, word: str) -> bool:
        return fold(word) in self.lowercase

    @classmethod
    def of(cls, text: str, attendance_names: Iterable[str] = ()) -> DocumentNames:
        lowercase = frozenset(fold(w) for w in re.findall(r"(?<![\wÀ-ÿ'’-])[a-zà-ÿ][\wà-ÿ'’-]+", text))
        listed = {fold(n) for n in attendance_names if n}
        # A list item holding one capitalised word (a list of first names, "- Halter").
        for match in re.finditer(r"(?m)^[ \t]*[-*•·+][ \t]*([A-ZÀ-Ý][\wÀ-ÿ'’-]+)[ \t]*,?[ \t]*$", text):
            word = fold(match.group(1))
            if word not in not_names() and not role_of(match.group(1)):
                listed.add(word)
        return cls(frozenset(listed), lowercase)


NameTest = Callable[[str], bool]


def find_cue(text: str, names: NameTest | None = None) -> _Cue | None:
    """The way the paragraph names its speaker, if it does.

    ``names`` says whether a single capitalised word names a person in this
    document (a first name or a family name its attendance list gives).
    Kinds: ``direct``, ``reported``, ``attribution``, ``continuation`` (a
    pronoun), ``body`` (the assembly decides), ``joint`` (two people named
    together: no single speaker) and ``other`` (a capitalised subject with a
    speech verb that names nobody known: a new turn without a speaker).
    """
    p = _patterns()
    sentence = _first_sentence(text)
    body = p.body.search(sentence)
    if body:
        return _Cue("body", body.start(), body.end(), "", None)
    direct = p.direct.match(sentence)
    if (
        direct
        and _is_speaker_text(direct.group("who"), names)
        and not _bare_role(direct.group("who"))
        and (fold(direct.group("who").split()[0]) not in _sentence_openers() or civility_of(direct.group("who").split()[0]))
        and not common_name_words(direct.group("who"), names)
    ):
        return _Cue("direct", direct.start("who"), direct.end("who"), direct.group("who"), None)
    joint = p.joint.match(sentence)
    if joint and not MENTION_CONTEXT.search(sentence[: joint.start("who")]):
        return _Cue("joint", joint.start("who"), joint.end("who"), joint.group("who"), joint.group("verb"))
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
            if not _is_speaker_text(match.group("who"), names):
                continue
            candidates.append(_Cue("reported", match.start("who"), match.end("who"), match.group("who"), match.group("verb")))
            break
    if (
        attribution
        and _is_speaker_text(attribution.group("who"), names)
        # "Pour Jean DUPONT, Président de l'office, ...": the person described, not their view.
        and not role_of(sentence[attribution.end() :].lstrip(" ,"))
    ):
        candidates.append(_Cue("attribution", attribution.start("who"), attribution.end("who"), attribution.group("who"), None))
    if candidates:
        return min(candidates, key=lambda cue: cue.start)
    other = p.named_subject.match(sentence)
    if other and _names_someone(other.group("who"), names):
        return _Cue("other", other.start("who"), other.end("who"), other.group("who"), other.group("verb"))
    pronoun = p.pronoun.match(sentence)
    if pronoun:
        return _Cue("continuation", pronoun.start("who"), pronoun.end("who"), pronoun.group("who"), pronoun.group("verb"))
    # "Pas d'observations. Le compte-rendu est adopté.": an outcome, stated without a person.
    head = text[:FIRST_SENTENCE_CHARS]
    outcome = p.body.search(head) or p.passive.search(head)
    if outcome:
        return _Cue("body", outcome.start(), outcome.end(), "", None)
    return None


def common_name_words(who: str, names: NameTest | None) -> bool:
    """A "name" whose capitalised words the document also writes in lower case names a
    budget line or a service, not a person ("CRPA Investissement Recettes :",
    "Direction Architecture Immobilier:"). Words in capitals and given names are exempt."""
    if role_of(who):
        return False
    # "CRPP Fonctionnement Recettes": without a civility, two given names that no list knows.
    name = parse_person_name(who)
    if name is not None and name.civility is None and name.given:
        given = name.given.split()
        if len(given) >= 2 and not any(is_given_name(w) or re.fullmatch(r"[A-ZÀ-Ý]\.?(?:-[A-ZÀ-Ý]\.?)?", w) for w in given):
            return True
    common = getattr(names, "common_word", None)
    if common is None:
        return False
    words = [w for w in re.findall(r"[\wÀ-ÿ'’-]+", who) if not w.isupper() and not civility_of(w) and not civility_of(w + ".")]
    return any(common(w) and not is_given_name(w) for w in words)


def _bare_role(who: str) -> bool:
    """ "Président : X" labels a field (a commission's composition); a role that
    speaks is written with its article ("Le Président : ...", "Monsieur le Maire :")."""
    if not role_of(who) or parse_person_name(who) is not None and parse_person_name(who).family:
        return False
    return not re.search(r"(?i)(?<![\wÀ-ÿ])(?:l[ea]|l['’])(?![\wÀ-ÿ])|^l['’]", who)


def _names_someone(who: str, names: NameTest | None) -> bool:
    """A capitalised subject that may name a person: not a role, not a word
    that opens sentences ("Le", "Ce"), not a word list; a single word only
    when the document never writes it in lower case ("Budget" it does)."""
    words = who.split()
    if role_of(who) or fold(words[0]) in _sentence_openers():
        return False
    if any(fold(w) in not_names() for w in words):
        return False
    if len(words) == 1 and not re.fullmatch(r"[A-ZÀ-Ý]{2,}", words[0]):
        common = getattr(names, "common_word", None)
        return common is not None and not common(words[0])
    return True


@functools.cache
def _sentence_openers() -> frozenset[str]:
    """Determiners, pronouns and the like that open a sentence capitalised."""
    return frozenset(fold(w) for w in _lexicon().get("sentence_openers", ()))


def _is_speaker_text(who: str, names: NameTest | None = None) -> bool:
    who = who.strip()
    if role_of(who):
        return True
    first = who.split()[0] if who.split() else ""
    if fold(first) in _sentence_openers() and not civility_of(first):
        return False  # "Le GT Friches", "Certains ESFU": a group, not a person
    name = parse_person_name(who, allow_bare_family=bool(re.match(_civility(), who)))
    if name is not None and name.family is not None:
        return True
    # "Yves présente le budget": minutes among colleagues name people by first name.
    single = bool(re.fullmatch(r"[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?", who))
    if single and is_given_name(who):
        return True
    # "Halter souligne": a bare name the document lists among its members.
    return bool(names and re.fullmatch(r"[A-ZÀ-Ý][\wÀ-ÿ'’\-]+", who) and names(who))


PROJECT = re.compile(r"(?i)\b(?:le|un|son|du)\s+projet\b")
# "Il est en conséquence proposé au Conseil", "il vous est donc demandé de": the formula of a proposal.
PROPOSED = re.compile(r"(?i)\bil\s+(?:vous\s+)?est\s+(?:[\wÀ-ÿ]+\s+){0,3}?(?:proposé|demandé)\b")
# "Je vous propose la candidature de ...": a proposal said first, whatever is asked after it.
OPENING_PROPOSAL = re.compile(r"(?i)\b(?:je|nous)\s+vous\s+(?:propose|proposons|proposerai|soumets)\b")
# The chair opening the floor ("Quelqu'un souhaite-t-il s'exprimer ?", "Y a-t-il des questions ?"):
# a question nobody answers as such; the next turn says what it is by itself.
FLOOR_CALL = re.compile(
    r"(?i)(?:souhaite(?:nt)?-t-(?:il|elle|on)|veut-on|voulez-vous|souhaitez-vous)\s+(?:s['’]exprimer|prendre\s+la\s+parole|intervenir)"
    r"|y\s+a-t-il\s+(?:des|d['’]autres)\s+(?:questions?|interventions?|observations?|remarques?|avis|candidat)"
    r"|des\s+(?:questions|observations|remarques)\s*\?"
)
SUBSTANTIVE_BEFORE_CALL = 40  # characters of content before a floor call that make the turn a statement


def _asks(text: str) -> bool:
    """The turn asks a question of its own: a question mark outside the chair's
    floor calls, unless the turn is little more than the call."""
    sentences = re.split(r"(?<=[.!?])\s+", text)
    for index, sentence in enumerate(sentences):
        if "?" not in sentence:
            continue
        if not FLOOR_CALL.search(sentence):
            return True
        if len(" ".join(sentences[:index])) < SUBSTANTIVE_BEFORE_CALL:
            return True
    return False


def _later_request(text: str) -> bool:
    """A later sentence of the same turn makes the request ("... Monsieur le Maire demande
    au Conseil de se prononcer.", "Il propose de ..."): the turn proposes."""
    for boundary in SENTENCE_END.finditer(text[:2000]):
        later = find_cue(text[boundary.end() :])
        if (
            later is not None
            and later.kind in ("reported", "continuation")
            and later.start <= 60
            and later.verb
            and _verb_acts().get(ids.fold(later.verb)) == "proposal"
        ):
            return True
    return False


def _act(cue: _Cue | None, text: str, previous: Intervention | None, speaker_changed: bool, *, reply: bool = False) -> SpeechAct:
    """The speech act from the verb, the punctuation and the previous turn.

    ``reply``: a turn taken in the same paragraph right after another
    speaker's answers it, unless its verb says otherwise. A turn that follows
    the chair's call for speakers answers nobody.
    """
    if cue and cue.kind == "body":
        return SpeechAct.DECISION
    if cue and cue.kind == "direct":
        text = text[cue.end :].lstrip(" :")  # the words, without their "NAME :" label
    verb_act = _verb_acts().get(ids.fold(cue.verb)) if cue and cue.verb else None
    if verb_act == "decision":
        return SpeechAct.DECISION
    if verb_act == "proposal" or OPENING_PROPOSAL.search(_first_sentence(text)):
        return SpeechAct.PROPOSAL
    if verb_act == "question" or _asks(text) or _patterns().question.search(text):
        # A turn that asks anywhere ("Si tel est le cas, il s'interroge sur ...") is a question.
        return SpeechAct.QUESTION
    if verb_act == "answer" or (reply and verb_act in (None, "statement")):
        return SpeechAct.ANSWER
    if (
        previous is not None
        and previous.act == SpeechAct.QUESTION
        and not FLOOR_CALL.search(previous.text)
        and speaker_changed
        and cue
        and cue.kind in ("reported", "attribution", "direct", "role")
    ):
        return SpeechAct.ANSWER
    if _patterns().proposal.search(text) or PROPOSED.search(text) or _later_request(text):
        return SpeechAct.PROPOSAL
    # "Monsieur le Maire présente aux membres le projet de budget": a draft put to the assembly.
    if cue and cue.verb and _patterns().presentation_verbs.match(cue.verb) and PROJECT.search(_first_sentence(text)):
        return SpeechAct.PROPOSAL
    return SpeechAct.STATEMENT
