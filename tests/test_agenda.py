"""Agenda items of turns in an open discussion after the items (working groups,
boards whose minutes end with a general discussion that comes back to items)."""

from __future__ import annotations

from pipeline.agenda import assign_discussion_items
from pipeline.records import Intervention, InterventionCue, Policy, Provenance, SpeechAct

DOC = "d" * 64


def policy(n: int, label: str) -> Policy:
    return Policy(f"pol{n}", DOC, str(n), label, f"par{n}", Provenance(DOC, 1, 0, 1, "test"))


def turn(n: int, text: str, *, speaker: str | None, policy_id: str, act: SpeechAct = SpeechAct.STATEMENT) -> Intervention:
    return Intervention(
        f"i{n}", DOC, n, f"p{n}", speaker, speaker, text, act, policy_id,
        InterventionCue.REPORTED if speaker else InterventionCue.NONE, Provenance(DOC, 1, 0, 1, "test"),
    )


POLICIES = [
    policy(1, "Rénovation de la médiathèque"),
    policy(2, "Transport scolaire : nouveaux horaires"),
    policy(3, "Questions diverses"),
]


def test_a_discussion_turn_takes_the_item_it_comes_back_to() -> None:
    turns = [
        turn(0, "Le président présente les travaux de la médiathèque.", speaker="m1", policy_id="pol1"),
        turn(1, "Le bureau adopte les nouveaux horaires.", speaker=None, policy_id="pol2", act=SpeechAct.DECISION),
        turn(2, "La séance passe aux questions diverses.", speaker=None, policy_id="pol3", act=SpeechAct.DECISION),
        turn(3, "Concernant la médiathèque, Mme Roux demande la date de réouverture.", speaker="m2", policy_id="pol3"),
        turn(4, "Le président répond qu'elle rouvrira en juin.", speaker="m1", policy_id="pol3"),
        turn(5, "S'agissant des horaires du transport scolaire, M. Blanc signale un retard.", speaker="m3", policy_id="pol3"),
    ]
    assigned = assign_discussion_items(turns, POLICIES)
    assert [t.policy_id for t in assigned] == ["pol1", "pol2", "pol3", "pol1", "pol1", "pol2"]


def test_turns_before_the_discussion_keep_their_item() -> None:
    turns = [
        turn(0, "La médiathèque rouvrira en juin.", speaker="m1", policy_id="pol1"),
        turn(1, "Les horaires changent à la rentrée.", speaker="m1", policy_id="pol2"),
    ]
    assert assign_discussion_items(turns, POLICIES) == turns


def test_a_turn_naming_no_item_and_following_none_gets_none() -> None:
    turns = [
        turn(0, "Le bureau clôt l'ordre du jour.", speaker=None, policy_id="pol3", act=SpeechAct.DECISION),
        turn(1, "M. Blanc remercie les bénévoles de la fête.", speaker="m3", policy_id="pol3"),
    ]
    assert assign_discussion_items(turns, POLICIES)[1].policy_id is None


def test_with_a_presenter_the_discussion_starts_at_the_first_other_speaker() -> None:
    turns = [
        turn(0, "Mme Roux présente la médiathèque.", speaker="m2", policy_id="pol3"),
        turn(1, "Mme Roux présente les horaires du transport scolaire.", speaker="m2", policy_id="pol3"),
        turn(2, "Paul Blanc demande le coût de la médiathèque.", speaker="m3", policy_id="pol3"),
    ]
    assigned = assign_discussion_items(turns, POLICIES, presenter_mentions=frozenset({"m2"}))
    assert [t.policy_id for t in assigned] == ["pol3", "pol3", "pol1"]


def test_a_word_shared_by_two_headings_alone_decides_nothing() -> None:
    policies = [policy(1, "Travaux de voirie rue Haute"), policy(2, "Travaux de voirie rue Basse"), policy(3, "Divers")]
    turns = [
        turn(0, "Le conseil clôt l'ordre du jour.", speaker=None, policy_id="pol3", act=SpeechAct.DECISION),
        turn(1, "M. Blanc demande quand commencent les travaux de voirie.", speaker="m3", policy_id="pol3"),
    ]
    assert assign_discussion_items(turns, policies)[1].policy_id is None


def test_one_item_only_changes_nothing() -> None:
    turns = [turn(0, "Concernant la médiathèque, rien à signaler.", speaker="m1", policy_id="pol1")]
    assert assign_discussion_items(turns, POLICIES[:1]) == turns
