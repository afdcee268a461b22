"""Corrections: what a person reviewing the output says is wrong, applied on the next run.

A corrections file generalises the alias file (``--aliases``): an alias file is
a valid corrections file. It is YAML::

    speakers:                      # this paragraph's speaker is X / has none
      - paragraph: 3fa2c0d1e4b5a6f7-p0012
        speaker: Jeanne MARTIN
      - paragraph: 3fa2c0d1e4b5a6f7-p0015
        speaker: null              # nobody speaks here
      - intervention: 3fa2c0d1e4b5a6f7-i0007   # one turn of a paragraph that has two
        speaker: le Maire
    persons:
      merge: [["J. MARTIN", "Jeanne MARTIN"]]          # these forms are one person
      split: [["Paul DURAND", "Paule DURAND"]]          # these forms are never the same
    organisations:
      merge: [["CDC", "Caisse des dépôts et consignations"]]
    not_amount: [3fa2c0d1e4b5a6f7-$0003]               # this amount is not an amount
    not_date: [3fa2c0d1e4b5a6f7-d0007]                 # this date is not a date

The ids are those of the output tables, shown on the review pages
(``minutes review``). The file is checked before any work: a YAML error or a
wrong shape is refused with its line and column. Ids that no document of the
run holds are reported after the run (an ``errors`` row of stage
``corrections``), since they only show then.

What a correction changes carries the stage ``minutes.corrections.v1``; a
corrected speaker has the cue ``correction``. Speakers, amounts and dates are
corrected right after the rule-based stages, so that the model-based ones
(commitments take their actor from the speaker, their amount and date from
those stages) see the corrected records. Merges and splits are handed to
reconciliation with the alias file's (forms are matched against every
mention, as in the alias file).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from pipeline import ids, io
from pipeline.lexicon import role_of, strip_civility_and_article
from pipeline.names import parse_person_name
from pipeline.records import (
    DocumentResult,
    EntityKind,
    Intervention,
    InterventionCue,
    Mention,
    Paragraph,
    Provenance,
    SourceError,
    SpeechAct,
)

STAGE = "minutes.corrections.v1"
CUE = InterventionCue.CORRECTION

# Ids as pipeline.ids.doc_scoped writes them: 16 hex digits of the doc id, a prefix, a number.
_ID = {
    "paragraph": re.compile(r"^[0-9a-f]{16}-p\d+$"),
    "intervention": re.compile(r"^[0-9a-f]{16}-i[a-z]?\d+$"),
    "not_amount": re.compile(r"^[0-9a-f]{16}-\$\d+$"),
    "not_date": re.compile(r"^[0-9a-f]{16}-d\d+$"),
}
_TOP_KEYS = ("version", "speakers", "persons", "organisations", "not_amount", "not_date", "merge", "split")


class CorrectionsError(io.SettingsError, ValueError):
    """A corrections file that cannot be used; the message names the file, line and column."""


@dataclass(frozen=True, slots=True)
class SpeakerFix:
    target: str  # a paragraph id or an intervention id
    speaker: str | None  # None: nobody speaks there
    line: int  # 1-based line in the file, for messages


@dataclass(frozen=True, slots=True)
class Corrections:
    source: str | None = None
    speakers: tuple[SpeakerFix, ...] = ()
    merge: tuple[tuple[str, ...], ...] = ()
    split: tuple[tuple[str, ...], ...] = ()
    not_amount: frozenset[str] = frozenset()
    not_date: frozenset[str] = frozenset()

    @property
    def ids(self) -> frozenset[str]:
        """Every record id the file names."""
        return frozenset(f.target for f in self.speakers) | self.not_amount | self.not_date


# --- reading and checking ------------------------------------------------------------------


def load_corrections(path: str | Path | None) -> Corrections:
    """The corrections file, parsed and checked; an empty ``Corrections`` when no file is given."""
    if path is None:
        return Corrections()
    try:
        text = io.read_corrections(path)
    except OSError as exc:
        raise CorrectionsError(f"{path}: cannot read the corrections file: {exc.strerror or exc}") from exc
    return parse_corrections(text, source=str(path))


def parse_corrections(text: str, *, source: str = "<corrections>") -> Corrections:
    """Parse a corrections file's text; every mistake is reported with its line and column."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
        raise CorrectionsError(f"{where}: not valid YAML: {exc.problem or exc.context}") from exc
    if root is None:
        return Corrections(source=source)
    checker = _Checker(source)
    top = checker.mapping(root, "the file")
    for key in top:
        if key not in _TOP_KEYS:
            checker.fail(top[key][0], f"unknown key {key!r} (expected one of {', '.join(_TOP_KEYS)})")
    if "version" in top:
        version = top["version"][1]
        if not isinstance(version, yaml.ScalarNode) or version.value != "1":
            checker.fail(version, "version must be 1 (the only corrections format there is)")
    merge: list[tuple[str, ...]] = []
    split: list[tuple[str, ...]] = []
    # Top-level merge/split: the alias file's form, kept so an alias file is a corrections file.
    for key, target in (("merge", merge), ("split", split)):
        if key in top:
            target.extend(checker.groups(top[key][1], key))
    for section in ("persons", "organisations"):
        if section in top:
            entries = checker.mapping(top[section][1], section)
            for key in entries:
                if key not in ("merge", "split"):
                    checker.fail(entries[key][0], f"{section}: unknown key {key!r} (expected merge or split)")
            merge.extend(checker.groups(entries["merge"][1], f"{section}.merge") if "merge" in entries else ())
            split.extend(checker.groups(entries["split"][1], f"{section}.split") if "split" in entries else ())
    speakers = checker.speakers(top["speakers"][1]) if "speakers" in top else ()
    not_amount = checker.ids(top["not_amount"][1], "not_amount") if "not_amount" in top else frozenset()
    not_date = checker.ids(top["not_date"][1], "not_date") if "not_date" in top else frozenset()
    return Corrections(source, speakers, tuple(merge), tuple(split), not_amount, not_date)


class _Checker:
    """Checks the composed YAML nodes, so that every message can say where."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        raise CorrectionsError(f"{self.source}:{mark.line + 1}:{mark.column + 1}: {message}")

    def mapping(self, node: yaml.Node, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, f"{what} must be a mapping (key: value)")
        found: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key, value in node.value:
            name = self.string(key, f"a key of {what}")
            if name in found:
                self.fail(key, f"{name!r} is given twice in {what}")
            found[name] = (key, value)
        return found

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, f"{what} must be a list")
        return list(node.value)

    def string(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str" or not node.value.strip():
            self.fail(node, f"{what} must be a non-empty text")
        return node.value.strip()

    def is_null(self, node: yaml.Node) -> bool:
        return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"

    def groups(self, node: yaml.Node, what: str) -> list[tuple[str, ...]]:
        groups = []
        for entry in self.sequence(node, what):
            forms = [self.string(f, f"a form in {what}") for f in self.sequence(entry, f"each entry of {what}")]
            if len(forms) < 2:
                self.fail(entry, f"each entry of {what} must list two or more forms")
            groups.append(tuple(forms))
        return groups

    def ids(self, node: yaml.Node, what: str) -> frozenset[str]:
        found = set()
        for entry in self.sequence(node, what):
            value = self.string(entry, f"an id in {what}")
            if not _ID[what].match(value):
                self.fail(entry, f"{value!r} is not an id of the {what.removeprefix('not_')}s table (like 3fa2c0d1e4b5a6f7-{'$' if what == 'not_amount' else 'd'}0003)")
            found.add(value)
        return frozenset(found)

    def speakers(self, node: yaml.Node) -> tuple[SpeakerFix, ...]:
        fixes: list[SpeakerFix] = []
        seen: set[str] = set()
        for entry in self.sequence(node, "speakers"):
            fields = self.mapping(entry, "each entry of speakers")
            for key in fields:
                if key not in ("paragraph", "intervention", "speaker"):
                    self.fail(fields[key][0], f"speakers: unknown key {key!r} (expected paragraph or intervention, and speaker)")
            targets = [k for k in ("paragraph", "intervention") if k in fields]
            if len(targets) != 1:
                self.fail(entry, "each entry of speakers needs exactly one of paragraph: or intervention:")
            if "speaker" not in fields:
                self.fail(entry, "each entry of speakers needs speaker: (a name, or null for nobody)")
            kind = targets[0]
            target = self.string(fields[kind][1], kind)
            if not _ID[kind].match(target):
                self.fail(fields[kind][1], f"{target!r} is not a {kind} id (like 3fa2c0d1e4b5a6f7-{kind[0]}0012)")
            if target in seen:
                self.fail(fields[kind][1], f"{target} is corrected twice")
            seen.add(target)
            value = fields["speaker"][1]
            speaker = None if self.is_null(value) else self.string(value, "speaker (a name, or null for nobody)")
            fixes.append(SpeakerFix(target, speaker, entry.start_mark.line + 1))
        return tuple(fixes)


# --- applying -----------------------------------------------------------------------------------


def apply_to_document(result: DocumentResult, corrections: Corrections) -> set[str]:
    """Apply the file's speaker, amount and date corrections to one document, in place.

    Returns the ids of the file that this document holds, so that the ids no
    document holds can be reported after the run (``unapplied``).
    """
    if not corrections.ids:
        return set()
    applied: set[str] = set()
    kept = [a for a in result.amounts if a.amount_id not in corrections.not_amount]
    applied |= {a.amount_id for a in result.amounts} & corrections.not_amount
    result.amounts[:] = kept
    kept_dates = [d for d in result.dates if d.date_id not in corrections.not_date]
    applied |= {d.date_id for d in result.dates} & corrections.not_date
    result.dates[:] = kept_dates
    paragraphs = {p.paragraph_id: p for p in result.paragraphs}
    for fix in corrections.speakers:
        if fix.target in paragraphs:
            _fix_paragraph(result, paragraphs[fix.target], fix.speaker)
            applied.add(fix.target)
        elif any(i.intervention_id == fix.target for i in result.interventions):
            index = next(n for n, i in enumerate(result.interventions) if i.intervention_id == fix.target)
            result.interventions[index] = _fix_intervention(result, result.interventions[index], fix.speaker)
            applied.add(fix.target)
    return applied


def unapplied(corrections: Corrections, applied: Iterable[str]) -> list[SourceError]:
    """An error row for every id of the file that no document of the run holds."""
    missing = sorted(corrections.ids - set(applied))
    return [
        SourceError(
            corrections.source or "<corrections>",
            "corrections",
            f"{record_id} is in no document of this run; its correction was not applied",
        )
        for record_id in missing
    ]


def merged_aliases(aliases: Mapping[str, Any] | None, corrections: Corrections) -> dict[str, Any]:
    """The alias file's merges and splits with the corrections file's, for ``reconcile``."""
    aliases = dict(aliases or {})
    if not corrections.merge and not corrections.split:
        return aliases
    aliases["merge"] = [*(aliases.get("merge") or []), *(list(g) for g in corrections.merge)]
    aliases["split"] = [*(aliases.get("split") or []), *(list(g) for g in corrections.split)]
    return aliases


def _fix_paragraph(result: DocumentResult, paragraph: Paragraph, speaker: str | None) -> None:
    turns = [n for n, i in enumerate(result.interventions) if i.paragraph_id == paragraph.paragraph_id]
    for n in turns:
        result.interventions[n] = _fix_intervention(result, result.interventions[n], speaker)
    if turns or speaker is None:
        return
    # The speakers stage found no speech here: the correction makes the turn.
    doc_id = result.source.doc_id
    added = sum(1 for i in result.interventions if i.intervention_id[16:19] == "-ic")
    turn = Intervention(
        intervention_id=ids.doc_scoped(doc_id, "ic", added),
        doc_id=doc_id,
        seq=0,
        paragraph_id=paragraph.paragraph_id,
        speaker_mention_id=None,
        speaker_text=None,
        text=paragraph.text,
        act=SpeechAct.STATEMENT,
        policy_id=paragraph.policy_id,
        cue=CUE,
        provenance=Provenance(doc_id, paragraph.page, paragraph.char_start, paragraph.char_end, STAGE),
    )
    # seq is the reading order: the added turn goes before the first turn after it
    # (the others keep their order and ids) and seq is counted again.
    at = next((n for n, i in enumerate(result.interventions) if i.provenance.char_start > paragraph.char_start), len(result.interventions))
    result.interventions.insert(at, _fix_intervention(result, turn, speaker))
    result.interventions[:] = [replace(i, seq=n) for n, i in enumerate(result.interventions)]


def _fix_intervention(result: DocumentResult, intervention: Intervention, speaker: str | None) -> Intervention:
    provenance = replace(intervention.provenance, stage=STAGE)
    if speaker is None:
        return replace(intervention, speaker_mention_id=None, speaker_text=None, cue=CUE, provenance=provenance)
    mention = _speaker_mention(result, intervention, speaker)
    result.mentions.append(mention)
    return replace(intervention, speaker_mention_id=mention.mention_id, speaker_text=speaker, cue=CUE, provenance=provenance)


def _speaker_mention(result: DocumentResult, intervention: Intervention, speaker: str) -> Mention:
    """The corrected speaker as a mention, so that reconciliation finds the person.

    The name is not read in the text, so the mention is an empty span where
    the turn starts: it marks the place without covering words that the
    model-based stages look for mentions in.
    """
    doc_id = result.source.doc_id
    n = sum(1 for m in result.mentions if m.provenance.stage == STAGE)
    at = intervention.provenance.char_start
    name = parse_person_name(speaker, allow_bare_family=True)
    role = None if name and name.family else _role(speaker)
    # A role ("le Maire") is the one person the attendance list gives that role, as the speakers stage reads it.
    holders = {e.person_mention_id for e in result.attendance if role and e.role and ids.fold(e.role) == ids.fold(role)}
    return Mention(
        mention_id=ids.doc_scoped(doc_id, "mc", n),
        doc_id=doc_id,
        paragraph_id=intervention.paragraph_id,
        entity_kind=EntityKind.PERSON,
        text=" ".join(speaker.split()),
        char_start=at,
        char_end=at,
        provenance=Provenance(doc_id, intervention.provenance.page, at, at, STAGE),
        given_name=name.given if name else None,
        family_name=name.family if name else None,
        civility=name.civility if name else None,
        role=role,
        refers_to=next(iter(holders)) if len(holders) == 1 else None,
    )


def _role(text: str) -> str:
    """The canonical role of "Monsieur le Maire" (Maire), from the one roles lexicon; else the text."""
    return role_of(text) or strip_civility_and_article(text) or text
