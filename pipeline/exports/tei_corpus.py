"""The corpus-level files of the ParlaMint TEI export: the ``teiCorpus`` root,
``listPerson``, ``listOrg`` and the taxonomies its pointers resolve into; and
the XML helpers the meeting files (``tei.py``) share with them."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
from lxml import etree

from pipeline.exports.common import Meeting, affiliation_role, affiliation_spans, clean_text, gender, name_parts, records

TEI_NS = "http://www.tei-c.org/ns/1.0"
XI_NS = "http://www.w3.org/2001/XInclude"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {None: TEI_NS}
CC_BY = "http://creativecommons.org/licenses/by/4.0/"
EDITION = "4.0"

TAXONOMIES = {
    "speaker_types": (
        "Types of speakers",
        [
            ("chair", "Chairperson", "the person chairing the sitting"),
            ("regular", "Regular", "a member or other regular speaker at the sitting"),
            ("guest", "Guest", "a guest speaker at the sitting"),
        ],
    ),
    "parla.legislature": (
        "Units of a deliberative body's work",
        [("parla.sitting", "Sitting", "one meeting of the body, recorded in one set of minutes")],
    ),
    "subcorpus": (
        "Subcorpora",
        [("reference", "Reference", "minutes as published by the body")],
    ),
}


def q(tag: str) -> str:
    return f"{{{TEI_NS}}}{tag}"


def el(parent: etree._Element | None, tag: str, text: str | None = None, **attrs: Any) -> etree._Element:
    """A TEI element; ``id`` and ``lang`` keyword arguments become xml:id and xml:lang."""
    attributes = {}
    for key, val in attrs.items():
        if val is None:
            continue
        name = {"id": f"{{{XML_NS}}}id", "lang": f"{{{XML_NS}}}lang"}.get(key, key)
        attributes[name] = str(val)
    element = etree.Element(q(tag), attributes, nsmap=NSMAP) if parent is None else etree.SubElement(parent, q(tag), attributes)
    if text is not None:
        element.text = text
    return element


def write_xml(root: etree._Element, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    etree.ElementTree(root).write(str(path), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return path


# --- lists and taxonomies -----------------------------------------------------------------------


def list_person(tables: dict[str, pd.DataFrame], persons: dict[str, dict[str, Any]], corpus: str) -> etree._Element:
    root = el(None, "listPerson", id=f"{corpus}-listPerson", lang="fr")
    spans: dict[str, list] = {}
    for span in affiliation_spans(tables["affiliations"]):
        spans.setdefault(span.person_id, []).append(span)
    known_orgs = set(tables["organisations"]["org_id"].dropna())
    for person_id in sorted(persons):
        person = persons[person_id]
        element = el(root, "person", id=person_id)
        name = el(element, "persName")
        forename, surname = name_parts(person)
        if surname:
            el(name, "surname", surname)
            if forename:
                el(name, "forename", forename)
        else:
            # Named only by a role, or by a first name alone (associations' minutes):
            # ParlaMint keeps such names whole, in term.
            el(name, "term", clean_text(person["name"]) or person_id)
        sex = gender(person["variants"])
        if sex:
            el(element, "sex", value=sex)
        for span in spans.get(person_id, []):
            affiliation = el(
                element, "affiliation",
                role=affiliation_role(span.role),
                ref=f"#{span.org_id}" if span.org_id in known_orgs else None,
                **{"from": span.first, "to": span.last},
            )
            if span.role:
                el(affiliation, "roleName", clean_text(span.role), lang="fr")
    return root


def list_org(tables: dict[str, pd.DataFrame], bodies: dict[str, str], corpus: str) -> etree._Element:
    root = el(None, "listOrg", id=f"{corpus}-listOrg", lang="fr")
    body_ids = {org_id: name for name, org_id in bodies.items()}
    seen = set()
    for row in sorted(records(tables["organisations"]), key=lambda r: r["org_id"]):
        org = el(root, "org", id=row["org_id"], role="parliament" if row["org_id"] in body_ids else "institution")
        el(org, "orgName", clean_text(row["name"]), full="yes", lang="fr")
        if row["acronym"]:
            el(org, "orgName", clean_text(row["acronym"]), full="abb", lang="fr")
        seen.add(row["org_id"])
    for org_id, name in sorted(body_ids.items()):
        if org_id not in seen:
            org = el(root, "org", id=org_id, role="parliament")
            el(org, "orgName", clean_text(name), full="yes", lang="fr")
    return root


def taxonomy(name: str, corpus: str) -> etree._Element:
    description, categories = TAXONOMIES[name]
    root = el(None, "taxonomy", id=f"{corpus}-taxonomy-{name}", lang="en")
    desc = el(root, "desc", lang="en")
    el(desc, "term", description)
    for cat_id, term, gloss in categories:
        category = el(root, "category", id=cat_id)
        cat_desc = el(category, "catDesc", lang="en")
        el(cat_desc, "term", term).tail = f": {gloss}"
    return root


def corpus_root(corpus: str, all_meetings: list[Meeting], components: list[str], totals: Counter, today: str) -> etree._Element:
    nsmap = {None: TEI_NS, "xi": XI_NS}
    root = etree.Element(q("teiCorpus"), {f"{{{XML_NS}}}id": corpus, f"{{{XML_NS}}}lang": "fr"}, nsmap=nsmap)
    header = el(root, "teiHeader")
    file_desc = el(header, "fileDesc")
    title_stmt = el(file_desc, "titleStmt")
    el(title_stmt, "title", "Minutes corpus", type="main", lang="en")
    dates = sorted(m.date for m in all_meetings if m.date)
    span = f"{dates[0]} – {dates[-1]}" if dates else "undated"
    el(title_stmt, "title", f"{len(all_meetings)} meetings, {span}", type="sub", lang="en")
    el(title_stmt, "meeting", f"{len(all_meetings)} sittings", ana="#parla.sitting", n=str(len(all_meetings)))
    edition_extent_publication(file_desc, totals, today)
    bibl = el(el(file_desc, "sourceDesc"), "bibl")
    el(bibl, "title", "Minutes of the meetings listed below", type="main", lang="en")
    encoding = el(header, "encodingDesc")
    el(el(encoding, "projectDesc"), "p", "Minutes of meetings read by the minutes pipeline and encoded after the ParlaMint conventions.", lang="en")
    class_decl = el(encoding, "classDecl")
    for name in TAXONOMIES:
        etree.SubElement(class_decl, f"{{{XI_NS}}}include", href=f"{corpus}-taxonomy-{name}.xml")
    profile = el(header, "profileDesc")
    setting = el(el(profile, "settingDesc"), "setting")
    el(setting, "name", "France", type="country", key="FR")
    if dates:
        el(setting, "date", span, **{"from": dates[0], "to": dates[-1]})
    partic = el(profile, "particDesc")
    etree.SubElement(partic, f"{{{XI_NS}}}include", href=f"{corpus}-listOrg.xml")
    etree.SubElement(partic, f"{{{XI_NS}}}include", href=f"{corpus}-listPerson.xml")
    for component in components:
        etree.SubElement(root, f"{{{XI_NS}}}include", href=component)
    return root


def edition_extent_publication(file_desc: etree._Element, counts: dict[str, int], today: str) -> None:
    """The editionStmt, extent (speeches, words) and publicationStmt a ParlaMint
    file description holds, for a meeting's TEI file and for the corpus root alike."""
    el(el(file_desc, "editionStmt"), "edition", EDITION)
    extent = el(file_desc, "extent")
    el(extent, "measure", f"{counts['u']} speeches", unit="speeches", quantity=counts["u"], lang="en")
    el(extent, "measure", f"{counts['words']} words", unit="words", quantity=counts["words"], lang="en")
    publication = el(file_desc, "publicationStmt")
    el(publication, "publisher", "minutes")
    availability = el(publication, "availability", status="free")
    el(availability, "licence", CC_BY)
    el(availability, "p", "This work is licensed under the Creative Commons Attribution 4.0 International License.", lang="en")
    el(publication, "date", today, when=today)
