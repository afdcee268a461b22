"""Attendance segments: the text under each label ("Présents :", "Excusés :"),
each item of it read as a person with role, organisation and proxy. Where the
blocks are is :mod:`pipeline.attendance.blocks`."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.attendance.items import (
    PROXY,
    PROXY_TAIL,
    _Item,
    _one_per_line,
    _org_like,
    _Pending,
    _sentence_like,
    _split_items,
)
from pipeline.lexicon import (
    attendance_status,
    civility_prefix_re,
    is_plural_role,
    is_role,
    listed_role,
)
from pipeline.names import PersonName, civility_of, is_given_name, parse_person_name
from pipeline.records import AttendanceStatus

# --- attendance labels and segments --------------------------------------------


# "..., Ville de DOUAI DELATTRE Gervais, ...": OCR and some exports join the
# lines of a one-person-a-line list; "FAMILY Given," mid-line starts the next person.
NEXT_PERSON = re.compile(
    r"(?<=[\wÀ-ÿ)])[ \t]+(?=[A-ZÀ-Ý]{2,}(?:[-'][A-ZÀ-Ý]{2,})*[ \t]+[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ýa-zà-ÿ][a-zà-ÿ]+)?[ \t]*,)"
)


def _restore_line_breaks(text: str) -> str:
    """Line breaks put back before each "FAMILY Given," (same length: offsets hold)."""
    if not NEXT_PERSON.search(text):
        return text
    restored = NEXT_PERSON.sub(lambda m: "\n" + m.group()[1:], text)
    # Only a list that then reads one person a line was joined; a grouped list stays as it is.
    return restored if _one_per_line(restored) else text


LABEL_BOUNDARY = re.compile(r"\s+(?=[A-ZÀ-Ý])")
LABEL_COLON = re.compile(r"[^:\n]{0,45}:")


def _label_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A paragraph cut where a new status label opens mid-line:
    "Présents : A, B. Absents non excusés : C" holds two lists. Mid-line, a
    label must end with its colon, so a name is never taken for one."""
    cuts = [start]
    for match in LABEL_BOUNDARY.finditer(text, start, end):
        rest = text[match.end() : min(end, match.end() + 80)].split("\n")[0]
        if LABEL_COLON.match(rest) and attendance_status(rest):
            cuts.append(match.end())
    cuts.append(end)
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if text[a:b].strip()]


def _parse_segment(status: str, text: str, offset: int, *, by_line: bool, group: str | None = None) -> list[_Pending]:
    found = _parse_items(status, text, offset, by_line=by_line)
    if group:
        for entry in found:
            entry.role = entry.role or group
    return found


def _parse_items(status: str, text: str, offset: int, *, by_line: bool) -> list[_Pending]:
    found: list[_Pending] = []
    for line in _split_items(text, offset, by_line=by_line):
        group: list[_Pending] = []
        for index, item in enumerate(line):
            last_in_line = index == len(line) - 1
            item, aside = _parenthesis(item)
            for piece in _split_and(item):
                tail = PROXY_TAIL.match(piece.text)
                if tail and group:
                    holder = _person_item(_Item(piece.start + tail.start("to"), piece.end, tail.group("to")))
                    if holder:
                        group[-1].status = AttendanceStatus.REPRESENTED
                        group[-1].proxy = holder.item
                        group[-1].proxy_start = holder.civility_start
                        continue
                if status == AttendanceStatus.REPRESENTED or PROXY.search(piece.text):
                    proxy = _split_proxy(piece)
                    if proxy:
                        found.append(proxy)
                        continue
                person = _person_item(piece)
                if by_line and group and not (person and person.given_only and _family_only(group[-1])) and not (
                    person and civility_prefix_re().match(piece.text)
                ):
                    # One person a line: what follows the name is role and organisation,
                    # unless a civility opens another person joined onto the line.
                    person = None
                if person and not is_role(piece.text):
                    if group and group[-1].organisation is None and group[-1].role is None and person.given_only and _family_only(group[-1]):
                        # "VASSEUR, Christophe": the given name after a comma.
                        last = group[-1]
                        last.name_item = _Item(last.name_item.start, piece.end, last.name_item.text + ", " + piece.text)
                        continue
                    entry = _Pending(name_item=person.item, civility_start=person.civility_start, status=status, role=person.role)
                    group.append(entry)
                    found.append(entry)
                    proxy_tail = PROXY_TAIL.match(aside.text) if aside else None
                    holder = proxy_tail and _person_item(
                        _Item(aside.start + proxy_tail.start("to"), aside.end, proxy_tail.group("to"))
                    )
                    if holder:  # "Mme X (pouvoir à M. Y)"
                        entry.status, entry.proxy, entry.proxy_start = AttendanceStatus.REPRESENTED, holder.item, holder.civility_start
                elif group and not by_line and _lone(group[-1]) and _org_like(ARTICLE.sub("", piece.text)):
                    # "Excusé.e.s : Zélinda, l'association X": in a list of first names a body is
                    # listed for itself, not as someone's organisation.
                    entry = _Pending(name_item=piece, civility_start=piece.start, status=status, is_org=True)
                    found.append(entry)
                elif group:
                    _attach(group if not by_line else group[-1:], piece, last_in_line=last_in_line)
        if by_line:
            continue
    return found


ARTICLE = re.compile(r"^(?i:l['’]\s*|la\s+|le\s+|les\s+)")


def _lone(entry: _Pending) -> bool:
    """A person listed by one name, without civility ("Zélinda")."""
    name = _listed_name(entry.name_item.text)
    return bool(name and not name.civility and bool(name.given) != bool(name.family) and len(entry.name_item.text.split()) == 1)


def _parenthesis(item: _Item) -> tuple[_Item, _Item | None]:
    """"Mathieu FIGINI (pas de pouvoir donné)" -> the name, and what the parenthesis says."""
    open_at = item.text.find("(")
    if open_at <= 0:
        return item, None
    close_at = item.text.find(")", open_at)
    inner_end = close_at if close_at > 0 else len(item.text)
    head = item.text[:open_at].rstrip()
    aside = _Item(item.start + open_at + 1, item.start + inner_end, item.text[open_at + 1 : inner_end].strip())
    return _Item(item.start, item.start + len(head), head), aside


# Initials as OCR and typists leave them: "F DUPUIS" (no dot), "N.ZIANE" (no space), "À. X".
BARE_INITIAL = re.compile(r"(?<![\w.'’-])([A-ZÀ-Ý])(?=\s+[A-ZÀ-Ý]{2})")
GLUED_INITIAL = re.compile(r"(?<![\w.])((?:[A-ZÀ-Ý]\.-?){1,3})(?=[A-ZÀ-Ý]{2})")
OCR_JUNK = re.compile(r"(?<=[A-Z])[$§£€|](?=\.)")


def _name_text(text: str) -> str:
    """The text of a listed name as the name parser reads it (initials repaired)."""
    text = OCR_JUNK.sub("", text)
    text = GLUED_INITIAL.sub(r"\1 ", text)
    text = re.sub(r"(?<![\w.])À\.", "A.", text)
    text = re.sub(r"(?<![\w.])([A-ZÀ-Ý]) \.(?=\s)", r"\1.", text)  # "A . HNAT"
    return BARE_INITIAL.sub(r"\1.", text)


def _listed_name(text: str) -> PersonName | None:
    """A name as a list gives it; a lone known first name ("Yves") is a given name."""
    name = parse_person_name(_name_text(text), allow_bare_family=True)
    lone = name is not None and name.family and not name.given and not name.civility and len(name.family.split()) == 1
    # Lists write family names in capitals: a lone "Nelly" is a first name, known or not.
    if lone and not name.family.isupper() and (is_given_name(name.family) or "-" not in name.family):
        return replace(name, given=name.family, family=None)
    return name


def _family_only(entry: _Pending) -> bool:
    """A family name alone, in capitals: "VASSEUR" waiting for its ", Christophe"."""
    name = parse_person_name(entry.name_item.text, allow_bare_family=True)
    return bool(name and name.family and not name.given and name.family.isupper())


@dataclass(slots=True)
class _PersonItem:
    item: _Item
    civility_start: int
    given_only: bool
    role: str | None = None  # a role written after the name without a comma


def _person_item(item: _Item) -> _PersonItem | None:
    text = item.text
    civ = civility_prefix_re().match(text)
    bare = text[civ.end():] if civ else text
    if not bare.strip():
        return None
    role = None
    name = parse_person_name(_name_text(bare), allow_bare_family=True)
    if name is None:
        # "MME Régine FAUCHER Conseillère municipale": the comma before the role left out.
        bare, role = _trailing_role(bare)
        name = parse_person_name(bare, allow_bare_family=True) if role else None
    if name is None:
        return None
    start = item.start + (civ.end() if civ else 0)
    # "M. MMES Virginie X" lists the civilities of a whole group, and a plural civility
    # ("MMES", "Messieurs") is never one person's: the name starts after them.
    civility_start = start if civ and (len(civ.group().split()) > 1 or _plural_civility(civ.group())) else item.start
    given_only = civ is None and name.family is None or (
        civ is None and len(bare.split()) == 1 and bare[:1].isupper() and not bare.isupper()
    )
    return _PersonItem(_Item(start, start + len(bare.rstrip()), bare.strip()), civility_start, given_only, role)


def _trailing_role(text: str) -> tuple[str, str | None]:
    words = text.split()
    for k in range(1, len(words)):
        tail = " ".join(words[k:])
        if is_role(tail) and tail[:1].isupper():
            return " ".join(words[:k]), listed_role(tail)
    return text, None


def _plural_civility(civilities: str) -> bool:
    return (civility_of(civilities.split()[-1]) or {}).get("number") == "plur"


def _split_and(item: _Item) -> list[_Item]:
    """"Philippe KERVELLA et Christine RINALDI" -> two items, when both are names."""
    parts = list(re.finditer(r"\s+et\s+", item.text))
    if not parts:
        return [item]
    pieces, last = [], 0
    for match in parts:
        pieces.append((last, match.start()))
        last = match.end()
    pieces.append((last, len(item.text)))
    items = [_Item(item.start + s, item.start + e, item.text[s:e]) for s, e in pieces]
    if all(_person_item(it) or PROXY.search(it.text) for it in items):
        return items
    return [item]


def _split_proxy(item: _Item) -> _Pending | None:
    match = PROXY.search(item.text)
    if not match:
        return None
    giver = _person_item(_Item(item.start, item.start + match.start(), item.text[: match.start()]))
    holder = _person_item(_Item(item.start + match.end(), item.end, item.text[match.end():]))
    if not giver or not holder:
        return None
    return _Pending(
        name_item=giver.item,
        civility_start=giver.civility_start,
        status=AttendanceStatus.REPRESENTED,
        proxy=holder.item,
        proxy_start=holder.civility_start,
    )


def _attach(group: list[_Pending], item: _Item, *, last_in_line: bool) -> None:
    """A role or an organisation item applies to the names before it."""
    text = item.text.strip(" .")
    if _sentence_like(text):
        return  # "Le secrétaire de mairie était présent également": prose after the list
    targets = [entry for entry in group if entry.role is None and entry.organisation is None] or group[-1:]
    role = listed_role(text)
    if role and is_plural_role(text):  # a plural role for the whole group
        for entry in targets:
            entry.role = entry.role or role
        return
    if targets[-1].role is None and (role or _starts_like_role(text)):
        role_text, org_item = _split_role_org(item) if last_in_line else (item.text.strip(" ."), None)
        for entry in targets:
            entry.role = role_text
            if org_item:
                entry.organisation = org_item
        return
    for entry in targets:
        if entry.organisation is None:
            entry.organisation = item
        elif entry.role is None:
            # "Directeur, Ville de X" read in order: the first item was the role.
            entry.role, entry.organisation = entry.organisation.text, item
        else:
            entry.role = f"{entry.role}, {entry.organisation.text}"
            entry.organisation = item


def _starts_like_role(text: str) -> bool:
    """A title written in lower case words (Directeur, Chargée de ...) and not a body."""
    words = text.split()
    return bool(words) and words[0][:1].isupper() and not words[0].isupper() and is_role(words[0])


def _split_role_org(item: _Item) -> tuple[str, _Item | None]:
    """"Chargé des TIC à la DATAR" -> role and organisation; "Délégué Général ARCADE" too."""
    text = item.text
    match = re.search(r"\s+(?:à\s+la|à\s+l['’]|au|aux|de\s+la|du)\s+(?=[A-ZÀ-Ý]{2,})", text)
    if not match:
        match = re.search(r"\s+(?=[A-ZÀ-Ý0-9&-]{2,}(?:\s+[A-ZÀ-Ý0-9&-]{2,})*$)", text)
    if match and match.start() > 0:
        org_start = item.start + match.end()
        return text[: match.start()].strip(), _Item(org_start, item.end, text[match.end():].strip())
    return text.strip(" ."), None
