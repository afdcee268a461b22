"""Attendance given as a table (markdown pipe tables; PDF tables, whose rows the
structure stage writes as cells joined by " | ").

Two layouts are read, told apart by the heading row:
- one column per status ("Présents | Excusés | Absents"): every name in a
  column has that status;
- one row per person, with columns that say more of them ("Absents | Ni
  pouvoir | Suppléant | Pouvoir donné à", "Nom | Fonction | Organisme"): the
  person's status is their column's (or the label before the table's), a
  filled proxy cell makes them represented, and a substitute is present.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.attendance.items import _Item, _Pending
from pipeline.attendance.segments import _person_item
from pipeline.lexicon import attendance_status, attendance_table_columns
from pipeline.records import AttendanceStatus, Paragraph, SourceDocument

SEPARATOR_CELL = re.compile(r"^:?-{2,}:?$")
# How far before a table a label still governs it ("Présents :" then the table).
LABEL_REACH = 3


def _cells(text: str, offset: int) -> list[_Item] | None:
    """The cells of one table line, or None when the line is no table row."""
    if "|" not in text or not re.search(r"\S[ \t]*\||\|[ \t]*\S", text):
        return None
    cells, position = [], 0
    for part in text.split("|"):
        stripped = part.strip()
        start = offset + position + (len(part) - len(part.lstrip()))
        cells.append(_Item(start, start + len(stripped), stripped))
        position += len(part) + 1
    if text.strip().startswith("|"):
        cells = cells[1:]
    if text.strip().endswith("|"):
        cells = cells[:-1]
    return cells


def _unflattened(cells: list[_Item]) -> list[list[_Item]]:
    """Rows of a markdown table whose lines were joined into one ("| a | b | |---|---| | c | d |"):
    the separator row gives the column count, and each row ends on an empty cell."""
    marks = [k for k, c in enumerate(cells) if SEPARATOR_CELL.match(c.text)]
    if not marks:
        return [cells]
    width = 1
    while marks[0] + width < len(cells) and SEPARATOR_CELL.match(cells[marks[0] + width].text):
        width += 1
    if len(cells) <= width + 1:
        return [cells]
    step = width + 1
    start = marks[0] % step
    rows = [cells[k : k + width] for k in range(start, len(cells), step)]
    return [r for r in rows if any(c.text for c in r)]


def _tables(source: SourceDocument, paragraphs: Sequence[Paragraph]) -> list[tuple[int, list[list[_Item]]]]:
    """(index of the first paragraph, rows) of every table, separator rows left out."""
    tables: list[tuple[int, list[list[_Item]]]] = []
    current: list[list[_Item]] = []
    first = -1
    for index, paragraph in enumerate(paragraphs):
        raw = source.text[paragraph.char_start : paragraph.char_end]
        rows, position = [], paragraph.char_start
        for line in raw.split("\n"):
            cells = _cells(line, position)
            position += len(line) + 1
            if cells is None:
                rows = None if line.strip() else rows
                if rows is None:
                    break
                continue
            for row in _unflattened(cells):
                if not all(SEPARATOR_CELL.match(c.text) for c in row if c.text):
                    rows.append(row)
        if rows:
            if not current:
                first = index
            current.extend(rows)
        elif current:
            tables.append((first, current))
            current = []
    if current:
        tables.append((first, current))
    return tables


def _column_kind(text: str) -> str | None:
    for kind, pattern in attendance_table_columns():
        if pattern.search(text):
            return kind
    status = attendance_status(text.rstrip(" :") + " :")
    return f"status:{status}" if status else None


def _label_before(source: SourceDocument, paragraphs: Sequence[Paragraph], index: int) -> str | None:
    for paragraph in reversed(paragraphs[max(0, index - LABEL_REACH) : index]):
        status = attendance_status(source.text[paragraph.char_start : paragraph.char_end].strip().split("\n")[0])
        if status:
            return status
    return None


def table_attendance(source: SourceDocument, paragraphs: Sequence[Paragraph]) -> list[_Pending]:
    found: list[_Pending] = []
    for index, rows in _tables(source, paragraphs):
        heading, body = rows[0], rows[1:]
        kinds = [_column_kind(cell.text) for cell in heading]
        statuses = [k.split(":", 1)[1] if k and k.startswith("status:") else None for k in kinds]
        per_person = any(k in ("proxy", "substitute", "no_proxy", "name", "role", "organisation") for k in kinds)
        label = _label_before(source, paragraphs, index)
        if not any(statuses) and not (per_person and "name" in kinds and label):
            continue  # no attendance table: votes, budgets, counts
        for row in body:
            if per_person:
                found += _person_row(row, kinds, statuses, label)
            else:
                for cell, status in zip(row, statuses):
                    if status and cell.text:
                        found += _names_in(cell, status)
    return found


def _names_in(cell: _Item, status: str) -> list[_Pending]:
    entries = []
    for match in re.finditer(r"[^,;\n]+", cell.text):
        piece = match.group().strip()
        start = cell.start + match.start() + (len(match.group()) - len(match.group().lstrip()))
        person = _person_item(_Item(start, start + len(piece), piece)) if piece else None
        if person:
            entries.append(_Pending(person.item, person.civility_start, status))
    return entries


def _person_row(row: list[_Item], kinds: list[str | None], statuses: list[str | None], label: str | None) -> list[_Pending]:
    cell = {kind: row[k] for k, kind in enumerate(kinds) if kind and k < len(row) and row[k].text}
    names = [(row[k], statuses[k]) for k in range(min(len(row), len(kinds))) if (statuses[k] or kinds[k] == "name") and row[k].text]
    if not names:
        return []
    name_cell, status = names[0]
    person = _person_item(name_cell)
    if person is None or not (status or label):
        return []
    entry = _Pending(person.item, person.civility_start, status or label)
    if "role" in cell:
        entry.role = cell["role"].text
    if "organisation" in cell:
        entry.organisation = cell["organisation"]
    entries = [entry]
    holder = _person_item(cell["proxy"]) if "proxy" in cell else None
    if holder:
        entry.status, entry.proxy, entry.proxy_start = AttendanceStatus.REPRESENTED, holder.item, holder.civility_start
    substitute = _person_item(cell["substitute"]) if "substitute" in cell else None
    if substitute:
        # A substitute sits in the member's place: present, as their substitute.
        entries.append(_Pending(substitute.item, substitute.civility_start, AttendanceStatus.PRESENT, role="Suppléant"))
    return entries
