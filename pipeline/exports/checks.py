"""Checks of written exports, read back from disk: what the test suite and
``bench/export_check.py`` assert. Each returns the counts read back and a list
of problems (empty when the export is sound).

``jsonschema`` and ``frictionless`` are test dependencies: they are imported
only by the checks that need them.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from pipeline.io import MODELS_DIR

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
POINTER_ATTRIBUTES = ("who", "ana", "ref", "corresp")
SPEAKER_TYPES = {"#chair", "#regular", "#guest"}
DIV_TYPES = {"debateSection", "commentSection"}
MEASURE_UNITS = {"speeches", "words", "tokens"}
AFFILIATION_ROLES = {"member", "head", "deputyHead", "secretary"}
ORG_ROLES = {"parliament", "institution"}
CC_BY = "http://creativecommons.org/licenses/by/4.0/"
POPOLO_SCHEMA = MODELS_DIR / "schemas" / "popolo-1.0.1.json"
SCDL_SCHEMA = MODELS_DIR / "schemas" / "scdl-deliberations-2.1.json"
POPOLO_TYPES = {
    "persons": "person", "organizations": "organization", "memberships": "membership",
    "events": "event", "motions": "motion", "vote_events": "vote_event",
}


@dataclass(slots=True)
class CheckResult:
    counts: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)


def _t(tag: str) -> str:
    return f"{{{TEI_NS}}}{tag}"


def check_tei(directory: Path, corpus: str = "Minutes") -> CheckResult:
    """Parse the corpus with its XIncludes resolved, then check the ParlaMint
    names and values and that every ``#id`` pointer resolves."""
    result = CheckResult()
    root_path = directory / f"{corpus}.xml"
    tree = etree.parse(str(root_path))
    tree.xinclude()
    root = tree.getroot()
    if root.tag != _t("teiCorpus"):
        result.problems.append(f"root is {root.tag}, not teiCorpus")
    all_ids = [e.get(XML_ID) for e in root.iter() if isinstance(e.tag, str) and e.get(XML_ID)]
    ids = set(all_ids)
    result.problems += [f"xml:id {i} is not unique" for i, n in Counter(all_ids).items() if n > 1]
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag.startswith("{http://www.w3.org/2001/XInclude}"):
            result.problems.append(f"unresolved XInclude {element.get('href')}")
        for attribute in POINTER_ATTRIBUTES:
            for token in (element.get(attribute) or "").split():
                if token.startswith("#") and token[1:] not in ids:
                    result.problems.append(f"{etree.QName(element).localname}/@{attribute} {token} resolves to nothing")

    texts = root.findall(_t("TEI"))
    result.counts["meetings"] = len(texts)
    for tei in texts:
        tid = tei.get(XML_ID)
        if not tei.get("ana") or tei.get("{http://www.w3.org/XML/1998/namespace}lang") != "fr":
            result.problems.append(f"{tid}: TEI lacks @ana or @xml:lang")
        header = tei.find(_t("teiHeader"))
        units = {m.get("unit"): int(m.get("quantity")) for m in header.iter(_t("measure"))}
        if not set(units) <= MEASURE_UNITS or "speeches" not in units or "words" not in units:
            result.problems.append(f"{tid}: extent units {sorted(units)}")
        availability = header.find(f".//{_t('availability')}")
        if availability is None or availability.get("status") != "free" or availability.findtext(_t("licence")) != CC_BY:
            result.problems.append(f"{tid}: availability is not free CC BY 4.0")
        if header.find(f"{_t('fileDesc')}/{_t('titleStmt')}/{_t('meeting')}") is None:
            result.problems.append(f"{tid}: no titleStmt/meeting")
        if header.find(f".//{_t('sourceDesc')}/{_t('bibl')}") is None:
            result.problems.append(f"{tid}: no sourceDesc/bibl")
        body = tei.find(f"{_t('text')}/{_t('body')}")
        utterances = body.findall(f".//{_t('u')}")
        if units.get("speeches") != len(utterances):
            result.problems.append(f"{tid}: extent says {units.get('speeches')} speeches, body has {len(utterances)}")
        usage = {t.get("gi"): int(t.get("occurs")) for t in header.iter(_t("tagUsage"))}
        actual = Counter(etree.QName(e).localname for e in tei.find(_t("text")).iter() if isinstance(e.tag, str))
        if usage != dict(actual):
            result.problems.append(f"{tid}: tagUsage {usage} differs from the text {dict(actual)}")
        for div in body:
            kind = div.get("type")
            if div.tag != _t("div") or kind not in DIV_TYPES:
                result.problems.append(f"{tid}: body child {div.tag} type {kind}")
                continue
            has_u = div.find(_t("u")) is not None
            if (kind == "debateSection") != has_u:
                result.problems.append(f"{div.get(XML_ID)}: {kind} {'with' if has_u else 'without'} utterances")
            if kind == "commentSection" and div.find(_t("note")) is None:
                result.problems.append(f"{div.get(XML_ID)}: commentSection without a note")
        for u in utterances:
            if u.get("ana") not in SPEAKER_TYPES:
                result.problems.append(f"{u.get(XML_ID)}: ana {u.get('ana')}")
            segs = u.findall(_t("seg"))
            if not segs or any(not (s.text or "").strip() or s.text != " ".join(s.text.split()) for s in segs):
                result.problems.append(f"{u.get(XML_ID)}: empty or unnormalised seg")
        result.counts["utterances"] += len(utterances)
        result.counts["chair_utterances"] += sum(1 for u in utterances if u.get("ana") == "#chair")

    persons = root.findall(f".//{_t('listPerson')}/{_t('person')}")
    result.counts["persons"] = len(persons)
    for person in persons:
        name = person.find(_t("persName"))
        if name is None or (name.find(_t("surname")) is None) == (name.find(_t("term")) is None):
            result.problems.append(f"{person.get(XML_ID)}: persName has neither surname nor term, or both")
        for affiliation in person.findall(_t("affiliation")):
            if affiliation.get("role") not in AFFILIATION_ROLES:
                result.problems.append(f"{person.get(XML_ID)}: affiliation role {affiliation.get('role')}")
    for org in root.findall(f".//{_t('listOrg')}/{_t('org')}"):
        if org.get("role") not in ORG_ROLES or org.find(_t("orgName")) is None:
            result.problems.append(f"{org.get(XML_ID)}: org role {org.get('role')} or no orgName")
    speaker_types = root.find(f".//{_t('taxonomy')}[@{XML_ID}='{corpus}-taxonomy-speaker_types']")
    if speaker_types is None or {c.get(XML_ID) for c in speaker_types.iter(_t("category"))} != {"chair", "regular", "guest"}:
        result.problems.append("speaker_types taxonomy missing or incomplete")

    for meta in sorted(directory.glob("*/*-meta.tsv")):
        with meta.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
        result.counts["meta_rows"] += len(rows)
        if any(value in ("", None) for row in rows for value in row.values()):
            result.problems.append(f"{meta.name}: empty cell (ParlaMint writes '-')")
    return result


def check_popolo(directory: Path) -> CheckResult:
    """Every record of every NDJSON file against its definition in the JSON Schema; the whole file too."""
    import jsonschema

    result = CheckResult()
    schema = json.loads(POPOLO_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    whole = json.loads((directory / "popolo.json").read_text(encoding="utf-8"))
    result.problems += [f"popolo.json: {e.message}" for e in jsonschema.Draft7Validator(schema).iter_errors(whole)]
    for kind, definition in POPOLO_TYPES.items():
        validator = jsonschema.Draft7Validator({"$ref": f"#/definitions/{definition}", "definitions": schema["definitions"]})
        lines = (directory / f"{kind}.ndjson").read_text(encoding="utf-8").splitlines()
        records = [json.loads(line) for line in lines if line.strip()]
        result.counts[kind] = len(records)
        if records != whole.get(kind, []):
            result.problems.append(f"{kind}.ndjson differs from popolo.json")
        for record in records:
            result.problems += [f"{kind} {record.get('id')}: {e.message}" for e in validator.iter_errors(record)]
    ids = {kind: {r["id"] for r in whole[kind]} for kind in POPOLO_TYPES}
    for membership in whole["memberships"]:
        if membership["person_id"] not in ids["persons"] or membership["organization_id"] not in ids["organizations"]:
            result.problems.append(f"{membership['id']}: person or organization unknown")
    for vote_event in whole["vote_events"]:
        if vote_event["motion_id"] not in ids["motions"] or vote_event["legislative_session_id"] not in ids["events"]:
            result.problems.append(f"{vote_event['id']}: motion or event unknown")
    return result


def check_scdl(directory: Path) -> CheckResult:
    """The main CSV against the Table Schema with frictionless; the vote rules on every row of every file."""
    from frictionless import Resource, Schema

    from pipeline.exports.scdl import (
        COLUMNS,
        INCOMPLETE_FILE,
        MAIN_FILE,
        MISSING_COLUMN,
        UNCLASSIFIED_FILE,
        vote_rule_violations,
    )

    result = CheckResult()
    report = Resource(path=MAIN_FILE, basepath=str(directory), schema=Schema.from_descriptor(json.loads(SCDL_SCHEMA.read_text(encoding="utf-8")))).validate()
    result.problems += [f"{MAIN_FILE}: {error.message}" for task in report.tasks for error in task.errors]
    for name, columns in ((MAIN_FILE, COLUMNS), (UNCLASSIFIED_FILE, COLUMNS + [MISSING_COLUMN]), (INCOMPLETE_FILE, COLUMNS + [MISSING_COLUMN])):
        raw = (directory / name).read_bytes()
        if raw and not raw.endswith(b"\r\n"):
            result.problems.append(f"{name}: lines do not end in CRLF")
        with (directory / name).open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames != columns:
                result.problems.append(f"{name}: header {reader.fieldnames}")
            rows = list(reader)
        result.counts[name] = len(rows)
        for row in rows:
            result.problems += [f"{name} {row['DELIB_ID']}: {p}" for p in vote_rule_violations(row)]
            if name == UNCLASSIFIED_FILE and row["DELIB_MATIERE_CODE"]:
                result.problems.append(f"{name} {row['DELIB_ID']}: has a subject code")
        if name != MAIN_FILE:
            result.counts["classified" if name == INCOMPLETE_FILE else "unclassified"] += len(rows)
        else:
            result.counts["classified"] += len(rows)
    result.counts["deliberations"] = sum(result.counts[n] for n in (MAIN_FILE, UNCLASSIFIED_FILE, INCOMPLETE_FILE))
    return result
