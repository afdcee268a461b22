"""Typed records that flow between stages.

Every stage takes and returns these frozen dataclasses; DataFrames exist only
where tables are written or read (``pipeline.export`` and ``pipeline.io``).
Every extracted fact carries a :class:`Provenance`.

Character offsets (``char_start``/``char_end``) always index
``Document.text``, the normalised text that paragraphs are cut from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ParagraphKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    FOOTNOTE = "footnote"
    ATTENDANCE = "attendance"
    TABLE_ROW = "table_row"
    ANNEX = "annex"
    HEADER = "header"


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    EXCUSED = "excused"
    ABSENT = "absent"
    REPRESENTED = "represented"


class SpeechAct(StrEnum):
    STATEMENT = "statement"
    QUESTION = "question"
    ANSWER = "answer"
    PROPOSAL = "proposal"
    DECISION = "decision"


class EntityKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"


class AmountKind(StrEnum):
    MONEY = "money"
    PERCENT = "percent"


class Granularity(StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    MINUTE = "minute"


class Modality(StrEnum):
    DECIDED = "decided"
    PLANNED = "planned"
    INTENDED = "intended"
    PROPOSED = "proposed"
    REFUSED = "refused"


class PageMethod(StrEnum):
    """How a page's text was read."""

    TEXT = "text"  # a text or markdown file
    PDF = "pdf"  # a PDF text layer
    OCR = "ocr"  # Tesseract on the rendered page


class HintKind(StrEnum):
    """Layout hints ingest leaves over spans of the text."""

    BOLD = "bold"
    ITALIC = "italic"
    HEADING = "heading"
    TABLE_ROW = "table_row"
    FOOTNOTE = "footnote"


class InterventionCue(StrEnum):
    """The evidence a paragraph's speaker rests on."""

    NONE = ""  # no speaker
    DIRECT = "direct"  # "NAME : ..." opens the paragraph
    REPORTED = "reported"  # "NAME expose que ..."
    ATTRIBUTION = "attribution"  # "Selon NAME, ..."
    ROLE = "role"  # "Monsieur le Maire indique ...", resolved to the role's holder when known
    CONTINUATION = "continuation"  # the previous turn goes on ("Il ajoute ...", a paragraph without cue)
    PRESENTER = "presenter"  # the rapporteur of the agenda item
    BODY = "body"  # the assembly speaks ("Le conseil décide ..."): no person
    CORRECTION = "correction"  # set by a reviewer's corrections file


class VoteResult(StrEnum):
    ADOPTED = "adopted"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a fact comes from: document, page, span and the stage that made it."""

    doc_id: str
    page: int
    char_start: int
    char_end: int
    stage: str  # registered name with version, e.g. "minutes.amounts.v1"

    @classmethod
    def within(cls, source: SourceDocument, start: int, end: int, stage: str) -> Provenance:
        """A fact at offsets [start, end) of ``source.text``, on the page that holds its start."""
        return cls(source.doc_id, source.page_at(start), start, end, stage)

    @classmethod
    def in_paragraph(cls, paragraph: Paragraph, start: int, end: int, stage: str) -> Provenance:
        """A fact at document offsets [start, end) inside ``paragraph``, on the paragraph's page."""
        return cls(paragraph.doc_id, paragraph.page, start, end, stage)


# --- ingest ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Page:
    number: int  # 1-based
    char_start: int
    char_end: int
    method: PageMethod


@dataclass(frozen=True, slots=True)
class Hint:
    """A layout hint over a span of Document.text (bold, heading level, ...)."""

    kind: HintKind
    char_start: int
    char_end: int


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """Text extracted from one source file, before any structure is found.

    Paragraphs in ``text`` are separated by blank lines; single newlines are
    line breaks kept from the source.
    """

    doc_id: str  # sha256 of the file bytes
    source: str  # path as given
    text: str
    pages: tuple[Page, ...]
    hints: tuple[Hint, ...] = ()
    # Front matter of markdown files (title, date, ...), removed from ``text``.
    metadata: tuple[tuple[str, str], ...] = ()

    @property
    def extraction(self) -> str:
        methods = sorted({p.method for p in self.pages})
        if "ocr" in methods and len(methods) > 1:
            ocr = [str(p.number) for p in self.pages if p.method == "ocr"]
            return "mixed:ocr=" + ",".join(ocr)
        return "+".join(methods) if methods else "empty"

    def page_at(self, offset: int) -> int:
        for page in self.pages:
            if offset < page.char_end:
                return page.number
        return self.pages[-1].number if self.pages else 1


@dataclass(frozen=True, slots=True)
class SourceError:
    source: str
    stage: str
    message: str
    doc_id: str | None = None


# --- structure ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Meeting:
    doc_id: str
    title: str | None
    body: str | None
    meeting_date: str | None  # ISO 8601
    provenance: Provenance | None = None


@dataclass(frozen=True, slots=True)
class Policy:
    """An agenda item."""

    policy_id: str
    doc_id: str
    number: str | None
    label: str
    paragraph_id: str
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class Paragraph:
    paragraph_id: str
    doc_id: str
    seq: int
    page: int
    kind: ParagraphKind
    text: str
    char_start: int
    char_end: int
    policy_id: str | None
    bold_prefix: str | None = None  # bold run opening the paragraph, a speaker hint
    parent_id: str | None = None  # a list item's introducing paragraph


# --- entities -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mention:
    """A surface form naming a person or an organisation.

    ``key`` is the normalised form that reconciliation groups on; entity ids
    are given by reconciliation, over the whole run.
    """

    mention_id: str
    doc_id: str
    paragraph_id: str | None
    entity_kind: EntityKind
    text: str
    char_start: int
    char_end: int
    provenance: Provenance
    given_name: str | None = None
    family_name: str | None = None
    civility: str | None = None  # "M.", "Mme", ...
    role: str | None = None  # "Maire", "Président"
    acronym: str | None = None
    # For a role mention ("Monsieur le Maire") resolved to a named mention.
    refers_to: str | None = None


@dataclass(frozen=True, slots=True)
class Person:
    person_id: str
    name: str
    given_name: str | None
    family_name: str | None
    variants: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Organisation:
    org_id: str
    name: str
    acronym: str | None
    variants: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Resolution:
    """Reconciliation's answer: which entity each mention belongs to."""

    persons: tuple[Person, ...]
    organisations: tuple[Organisation, ...]
    entity_of: dict[str, str] = field(default_factory=dict)  # mention_id -> entity id


# --- attendance and speech -------------------------------------------------


@dataclass(frozen=True, slots=True)
class AttendanceEntry:
    doc_id: str
    person_mention_id: str
    name: str
    family_name: str | None
    given_name: str | None
    status: AttendanceStatus
    role: str | None
    organisation: str | None
    org_mention_id: str | None
    proxy_mention_id: str | None  # who holds the proxy, for "represented"
    provenance: Provenance
    confidence: float = 1.0  # below 1 when the list was hard to read or disagrees with the header counts
    note: str | None = None  # why the confidence is below 1


@dataclass(frozen=True, slots=True)
class HeaderCount:
    doc_id: str
    label: str  # "en exercice", "présents", "votants", ...
    value: int
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class Intervention:
    intervention_id: str
    doc_id: str
    seq: int
    paragraph_id: str
    speaker_mention_id: str | None
    speaker_text: str | None
    text: str
    act: SpeechAct
    policy_id: str | None
    cue: InterventionCue  # the evidence the speaker rests on
    provenance: Provenance
    # How far the speaker can be trusted, 0..1 (see pipeline.speakers.confidence);
    # None where no stage measured it.
    confidence: float | None = None


# --- amounts, dates -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Amount:
    amount_id: str
    doc_id: str
    paragraph_id: str
    text: str
    kind: AmountKind
    value: float
    value_max: float | None
    currency: str | None  # "EUR", "FRF" or None for percentages
    value_eur: float | None
    qualifiers: tuple[str, ...]  # "HT", "TTC", "par an", ...
    char_start: int
    char_end: int
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class DateMention:
    date_id: str
    doc_id: str
    paragraph_id: str
    text: str
    value: str  # ISO 8601 at the precision of the text
    value_end: str | None
    granularity: Granularity
    relative: bool  # resolved against the meeting date
    char_start: int
    char_end: int
    provenance: Provenance


# --- decisions ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Vote:
    vote_id: str
    doc_id: str
    paragraph_id: str
    policy_id: str | None
    votes_for: int | None
    votes_against: int | None
    abstentions: int | None
    unanimous: bool
    result: VoteResult
    text: str
    provenance: Provenance
    count_mismatch: bool = False


@dataclass(frozen=True, slots=True)
class Commitment:
    commitment_id: str
    doc_id: str
    paragraph_id: str
    policy_id: str | None
    actor_mention_id: str | None
    actor_text: str | None
    beneficiary_mention_id: str | None
    beneficiary_text: str | None
    amount_id: str | None
    date_id: str | None
    modality: Modality
    action: str  # lemma of the commitment verb
    text: str
    char_start: int
    char_end: int
    provenance: Provenance


# --- one processed document ------------------------------------------------


@dataclass(slots=True)
class DocumentResult:
    """Everything the per-document stages found in one document."""

    source: SourceDocument
    meeting: Meeting
    paragraphs: list[Paragraph] = field(default_factory=list)
    policies: list[Policy] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    attendance: list[AttendanceEntry] = field(default_factory=list)
    header_counts: list[HeaderCount] = field(default_factory=list)
    interventions: list[Intervention] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    votes: list[Vote] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)
    # Other paths at which the same bytes were found in the run; read once.
    duplicate_sources: list[str] = field(default_factory=list)
