"""What the preamble adds to the lists: proxies given in sentences, the chair and
the secretary, the body members belong to, and the header counts; the rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from pipeline import ids
from pipeline.attendance.items import (
    PROXY_SENTENCE,
    STAGE,
    AttendanceResult,
    _Item,
    _Pending,
)
from pipeline.attendance.segments import _listed_name, _person_item
from pipeline.lexicon import (
    attendance_status,
    fold,
    member_bodies_re,
    member_roles,
    role_form_at_start,
)
from pipeline.lexicon import structure_patterns as patterns
from pipeline.names import is_given_name, parse_person_name
from pipeline.records import (
    AttendanceEntry,
    AttendanceStatus,
    EntityKind,
    HeaderCount,
    Mention,
    Paragraph,
    ParagraphKind,
    Provenance,
    SourceDocument,
)


def _add_proxies(source: SourceDocument, preamble: Sequence[Paragraph], pending: list[_Pending]) -> list[_Pending]:
    for paragraph in preamble:
        if paragraph.kind == ParagraphKind.ATTENDANCE and attendance_status(paragraph.text) == AttendanceStatus.REPRESENTED:
            continue  # already read as a list
        for match in PROXY_SENTENCE.finditer(paragraph.text):
            giver = _person_item(_Item(paragraph.char_start + match.start("from"), paragraph.char_start + match.end("from"), match.group("from")))
            holder = _person_item(_Item(paragraph.char_start + match.start("to"), paragraph.char_start + match.end("to"), match.group("to")))
            if giver and holder:
                pending.append(
                    _Pending(giver.item, giver.civility_start, AttendanceStatus.REPRESENTED, proxy=holder.item, proxy_start=holder.civility_start)
                )
    return pending


def _add_officers(source: SourceDocument, preamble: Sequence[Paragraph], pending: list[_Pending]) -> list[_Pending]:
    """The chair and the secretary named in the preamble are present, with their role."""
    p = patterns()
    officer_patterns = [(role, pattern) for role, group in (p.chair, p.secretary) for pattern in group]
    for paragraph in preamble:
        for default_role, pattern in officer_patterns:
            for match in pattern.finditer(paragraph.text):
                start = paragraph.char_start + match.start("name")
                person = _person_item(_Item(start, paragraph.char_start + match.end("name"), match.group("name")))
                if person is None:
                    continue
                role = (match.groupdict().get("role") or "").strip() or default_role
                name = parse_person_name(person.item.text, allow_bare_family=True)
                same = [
                    e for e in pending
                    if name and name.family and _family_of(e.name_item.text) == fold(name.family)
                    and e.status == AttendanceStatus.PRESENT
                ]
                if same:
                    entry = same[0]
                    entry.role = entry.role or role
                    if person.item.start != entry.name_item.start:
                        entry.also.append((person.item, person.civility_start))
                elif not any(
                    name and name.family and _family_of(e.name_item.text) == fold(name.family)
                    for e in pending
                ):
                    pending.append(_Pending(person.item, person.civility_start, AttendanceStatus.PRESENT, role=role))
    return pending


def _family_of(text: str) -> str:
    name = _listed_name(text)
    return fold(name.family or "") if name else ""


def _add_member_body(source: SourceDocument, pending: list[_Pending], body: str | None) -> None:
    """A councillor listed without an organisation belongs to the commune that meets."""
    if not body or not member_bodies_re().match(body):
        return
    start = source.text.find(body)
    if start < 0:
        return
    item = _Item(start, start + len(body), body)
    members = member_roles()
    for entry in pending:
        form = role_form_at_start(entry.role) if entry.role else None
        if entry.organisation is None and form and fold(form.role) in members:
            entry.organisation = item


def _emit(source: SourceDocument, pending: list[_Pending], result: AttendanceResult) -> None:
    counter = 0

    def mention(item: _Item, kind: EntityKind, start: int) -> Mention:
        nonlocal counter
        mention_id = ids.doc_scoped(source.doc_id, "ma", counter)
        counter += 1
        text = source.text[start : item.end].replace("\n", " ")
        name = _listed_name(item.text) if kind == EntityKind.PERSON else None
        return Mention(
            mention_id=mention_id,
            doc_id=source.doc_id,
            paragraph_id=None,
            entity_kind=kind,
            text=" ".join(text.split()),
            char_start=start,
            char_end=item.end,
            provenance=Provenance.within(source, start, item.end, STAGE),
            given_name=name.given if name else None,
            family_name=name.family if name else None,
            civility=name.civility if name else None,
        )

    for entry in pending:
        if entry.is_org:
            result.mentions.append(mention(entry.name_item, EntityKind.ORGANISATION, entry.name_item.start))
            continue
        person = mention(entry.name_item, EntityKind.PERSON, entry.civility_start)
        again = [mention(item, EntityKind.PERSON, civility_start) for item, civility_start in entry.also]
        # A fuller naming completes the listed one: the "KERVELLA" listed is Chantal.
        given = next((m.given_name for m in again if m.given_name), None)
        if given and not person.given_name:
            person = replace(person, given_name=given)
        result.mentions.append(person)
        result.mentions.extend(replace(m, refers_to=person.mention_id) for m in again)
        org = None
        if entry.organisation:
            org = mention(entry.organisation, EntityKind.ORGANISATION, entry.organisation.start)
            result.mentions.append(org)
        proxy = None
        if entry.proxy:
            proxy = mention(entry.proxy, EntityKind.PERSON, entry.proxy_start if entry.proxy_start is not None else entry.proxy.start)
            result.mentions.append(proxy)
        notes = list(entry.notes)
        family, given = person.family_name, person.given_name
        if family is None and given and not person.civility:
            # One name only (associations list members by first name or nickname): it is
            # the row's key, so it stands as the family name, as the gold format counts it.
            family, given = given, None
            if not is_given_name(family):
                notes.append("one name only, not a known given name: a person because it is listed")
        result.attendance.append(
            AttendanceEntry(
                doc_id=source.doc_id,
                person_mention_id=person.mention_id,
                name=person.text,
                family_name=family,
                given_name=given,
                status=AttendanceStatus(entry.status),
                role=entry.role,
                organisation=org.text if org else None,
                org_mention_id=org.mention_id if org else None,
                proxy_mention_id=proxy.mention_id if proxy else None,
                provenance=person.provenance,
                confidence=_confidence(notes),
                note="; ".join(notes) or None,
            )
        )


# What each doubt costs; doubts multiply.
DOUBT = 0.8
DISAGREEMENT = 0.6


def _confidence(notes: Sequence[str]) -> float:
    return round(DOUBT ** len(notes), 3)


def check_counts(result: AttendanceResult) -> None:
    """The header counts as a check on the list: rows of a list that disagrees with
    them get a lower confidence and a note that says what disagrees."""
    stated = {c.label: c.value for c in result.header_counts}
    listed = {status: sum(1 for e in result.attendance if e.status == status) for status in AttendanceStatus}
    checks = [
        ("présents", (AttendanceStatus.PRESENT,), "present"),
        ("procurations", (AttendanceStatus.REPRESENTED,), "represented"),
        ("votants", (AttendanceStatus.PRESENT, AttendanceStatus.REPRESENTED), "present or represented"),
    ]
    doubts: dict[AttendanceStatus, list[str]] = {status: [] for status in AttendanceStatus}
    for label, statuses, said in checks:
        count = sum(listed[s] for s in statuses)
        if label in stated and count and count != stated[label]:
            for status in statuses:
                doubts[status].append(f"the list gives {count} {said}, the header says {label} {stated[label]}")
    total = sum(listed.values())
    if "en exercice" in stated and total > stated["en exercice"]:
        for status in AttendanceStatus:
            doubts[status].append(f"the list names {total} members, the header says {stated['en exercice']} en exercice")
    for k, entry in enumerate(result.attendance):
        extra = doubts[AttendanceStatus(entry.status)]
        if extra:
            notes = [n for n in (entry.note or "").split("; ") if n] + extra
            result.attendance[k] = replace(entry, confidence=round(entry.confidence * DISAGREEMENT, 3), note="; ".join(notes))


def _header_counts(source: SourceDocument, preamble: Sequence[Paragraph]) -> list[HeaderCount]:
    counts: list[HeaderCount] = []
    seen: set[str] = set()
    for paragraph in preamble:
        for label, pattern in patterns().header_counts:
            if label in seen:
                continue
            match = pattern.search(paragraph.text)
            if match:
                seen.add(label)
                start = paragraph.char_start + match.start()
                end = paragraph.char_start + match.end()
                counts.append(HeaderCount(source.doc_id, label, int(match.group("value")), Provenance.in_paragraph(paragraph, start, end, STAGE)))
    return counts
