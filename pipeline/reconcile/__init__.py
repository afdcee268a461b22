"""Reconciliation: one person, one organisation across every document of a run.

Mentions are grouped with a union-find, in an order fixed by mention ids so
that the answer does not depend on the order mentions arrive in:

Persons
  * blocked by folded family name (case, accents, hyphens, spaces and
    apostrophes do not count), so cost grows with the size of a block, not
    with the square of the number of mentions;
  * inside a block, full names join when their given names agree: equal once
    folded, one an initial of the other ("J.-P." / "Jean-Pierre"), a later
    part shortened ("Marie-Jo" / "Marie-Josèphe") or a one-letter typo
    ("Oliver" / "Olivier"). Different given names never join ("Olivier
    MERCIER" / "Olivier LEGRAND" are in different blocks anyway; "Jean" /
    "Jeanne" DUPONT stay apart);
  * a family name alone ("Mme BONNEFOY") joins the one person of the same
    document with that family name (gender from civilities must not clash,
    a matching known gender breaks ties), else the one person of the run,
    else stays apart;
  * a given name alone ("Adrien") joins the one person of the document with
    that given name; a role alone ("le Maire") joins the one person of the
    document named with that role; otherwise both stay document-scoped;
  * a mention whose ``refers_to`` is set joins the entity of that mention.

Organisations
  * join on :func:`pipeline.names.org_key` (type abbreviations expanded,
    connectors dropped: "CA ARTOIS COMM" = "Communauté d'Agglomération de
    ARTOIS COMM"); a type alone ("Conseil Régional", "Région") is a
    reference to the document's own body and is keyed per document;
  * ``refers_to`` and a shared ``acronym`` inside one document join;
  * near-identical long names of one block (first word) join (ratio >= 92),
    and long all-capital names of one document one or two letters apart
    ("DIGIPORT" / "DIGIPOINT").

Ids are ``ids.entity_id("per"|"org", key)`` with a key built from the
canonical name, so they are stable across re-runs.

Alias file
----------
A YAML mapping read by ``pipeline.io.read_aliases`` and passed as ``aliases``::

    merge:            # each list: surface forms that name one entity
      - ["CDC", "Caisse des dépôts et consignations"]
      - ["J. DUPONT", "Jean DUPONT"]
    split:            # each list: surface forms that must name different entities
      - ["Olivier MERCIER", "Olivier LEGRAND"]

Forms are compared folded (case, accents, hyphens and a leading civility do
not count) with each mention's text. Merges are applied first; a split list
forbids any grouping, forced merges included, that would put two of its
forms in one entity.

- ``groups``: union-find with cannot-link constraints, and the aliases;
- ``persons`` and ``organisations``: who is whom;
- ``stage``: entities built from the groups.
"""

from pipeline.reconcile.groups import STAGE
from pipeline.reconcile.persons import given_compatible
from pipeline.reconcile.stage import reconcile

__all__ = ["STAGE", "given_compatible", "reconcile"]
