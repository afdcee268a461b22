"""Matters across meetings: the same project followed over months, and nothing more."""

from __future__ import annotations

import pandas as pd

from pipeline.matters import MatterItem, key_words, link_matters


def item(pid: str, doc: str, label: str, date: str = "2021-01-01") -> MatterItem:
    return MatterItem(policy_id=pid, doc_id=doc, label=label, meeting_date=date)


def test_one_contract_followed_over_meetings_is_one_matter() -> None:
    items = [
        item("a1", "d1", "Restaurant scolaire : avenant n°2 au marché", "2021-03-04"),
        item("b1", "d2", "Restaurant scolaire – choix du prestataire", "2021-06-10"),
        item("c1", "d3", "Restauration scolaire : bilan de la rentrée", "2021-09-30"),
    ]
    matters = link_matters(items)
    assert matters["a1"] == matters["b1"]
    assert "c1" not in matters  # another wording of a neighbouring topic: not linked


def test_different_matters_of_one_domain_are_not_linked() -> None:
    items = [
        item("a1", "d1", "Subvention à l'association sportive du collège"),
        item("b1", "d2", "Subvention à l'association des parents d'élèves"),
        item("a2", "d1", "Acquisition de la parcelle ZA 12"),
        item("b2", "d2", "Acquisition de la parcelle ZA 47"),
        item("a3", "d1", "Budget primitif 2021"),
        item("b3", "d2", "Budget primitif 2022"),
    ]
    assert link_matters(items) == {}


def test_items_of_one_document_are_never_linked() -> None:
    items = [
        item("a1", "d1", "Rénovation de la salle polyvalente : plan de financement"),
        item("a2", "d1", "Rénovation de la salle polyvalente : demande de subvention"),
    ]
    assert link_matters(items) == {}


def test_a_matter_never_holds_two_items_of_one_document() -> None:
    items = [
        item("a1", "d1", "Extension de la station d'épuration des Noues : attribution du marché, lot 1", "2020-01-01"),
        item("a2", "d1", "Extension de la station d'épuration des Noues : attribution du marché, lot 2", "2020-01-01"),
        item("b1", "d2", "Extension de la station d'épuration des Noues : avenant n°1 au marché", "2020-05-01"),
    ]
    matters = link_matters(items)
    assert "b1" in matters
    linked = [pid for pid in ("a1", "a2") if matters.get(pid) == matters["b1"]]
    assert len(linked) == 1


def test_matter_ids_are_stable_and_independent_of_input_order() -> None:
    items = [
        item("a1", "d1", "Aménagement de la place de l'Église : choix de l'entreprise", "2019-02-01"),
        item("b1", "d2", "Aménagement de la place de l'Église : avenant n°1 au marché", "2019-09-01"),
    ]
    first = link_matters(items)
    assert first and first == link_matters(list(reversed(items)))
    assert first["a1"].startswith("m_")


def test_key_words_drop_procedure_dates_and_numbers() -> None:
    assert key_words("Délibération n°2021-45 du 3 mars 2021 : approbation de l'avenant n°1 à la convention "
                     "de la crèche des Tilleuls") == ("creche", "tilleuls")


def test_policies_table_carries_actes_and_matter_columns(tmp_path) -> None:
    """A tiny run of two invented meetings: the policies table is filled."""
    from pipeline.config import Config
    from pipeline.run import run

    march = tmp_path / "cm-2021-03-04.txt"
    june = tmp_path / "cm-2021-06-10.txt"
    march.write_text(
        "COMMUNE DE SAINT-EXEMPLE\nCompte rendu du conseil municipal du 4 mars 2021\n\n"
        "1. Budget primitif 2021\n\nLe conseil adopte le budget primitif à l'unanimité.\n\n"
        "2. Restaurant scolaire : avenant n°2 au marché\n\nLe conseil approuve l'avenant.\n\n"
        "3. Questions diverses\n\nAucune question.\n",
        encoding="utf-8",
    )
    june.write_text(
        "COMMUNE DE SAINT-EXEMPLE\nCompte rendu du conseil municipal du 10 juin 2021\n\n"
        "1. Subvention à l'association des parents d'élèves\n\nLe conseil attribue 300 euros.\n\n"
        "2. Restaurant scolaire : choix du prestataire\n\nLe conseil retient l'offre la mieux disante.\n",
        encoding="utf-8",
    )
    policies = run([str(march), str(june)], Config(entities=False, commitments=False)).tables["policies"]
    by_label = {row.label: row for row in policies.itertuples()}
    assert by_label["Budget primitif 2021"].actes_code == "7.1"
    assert by_label["Budget primitif 2021"].actes_name == "finances locales/décisions budgétaires"
    assert by_label["Subvention à l'association des parents d'élèves"].actes_code == "7.5"
    assert by_label["Questions diverses"].actes_code is pd.NA or by_label["Questions diverses"].actes_code is None
    contract = [row for label, row in by_label.items() if label.startswith("Restaurant scolaire")]
    assert len(contract) == 2 and contract[0].matter_id == contract[1].matter_id and contract[0].matter_id
    assert policies["actes_confidence"].dropna().between(0.5, 1.0).all()
