"""Policy domains of a run's agenda items: ACTES class and matter, as columns.

Called by ``export`` when the policies table is built, over all the run's
items at once (matters link items across documents).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pipeline import actes
from pipeline.matters import MatterItem, link_matters


def policy_domains(policies: Sequence[Mapping], meeting_dates: Mapping[str, str | None]) -> dict[str, dict]:
    """policy_id -> the actes_code, actes_name, actes_confidence and matter_id columns."""
    classes = {p["policy_id"]: actes.classify(p["label"] or "") for p in policies}
    matters = link_matters(
        (MatterItem(p["policy_id"], p["doc_id"], p["label"] or "", meeting_dates.get(p["doc_id"])) for p in policies),
        classes=classes,
    )
    return {
        policy_id: {
            "actes_code": found.code if found else None,
            "actes_name": found.scdl_name if found else None,
            "actes_confidence": found.confidence if found else None,
            "matter_id": matters.get(policy_id),
        }
        for policy_id, found in classes.items()
    }
