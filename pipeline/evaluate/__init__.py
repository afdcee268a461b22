"""Score output tables against gold annotations, following corpus/gold/FORMAT.md.

Each source document is scored on its own against the gold file named after
its stem (``Path(source).name.split(".")[0]``): the text, PDF and scanned
renderings of one meeting are three rows. A gold section that is missing is
not scored (its metrics are absent); a metric whose denominator is empty is
``None`` and is left out of the mean over documents.

One module per gold section (``meeting``, ``attendance``, ``entities``,
``interventions``, ``amounts_dates``, ``votes``, ``commitments``), over
``text`` (snippet rules), ``extraction`` (one document's rows) and
``matching`` (one-to-one pairing, entity naming); ``report`` formats.

Matching rules that FORMAT.md leaves open, decided here:
- Snippets and texts are compared after ``normalise`` (markdown ``*``/``**``
  removed, non-breaking spaces and ``&nbsp;`` entities to spaces, whitespace
  folded).
- A gold intervention is located as the intervention containing its
  ``starts``, preferring one not yet taken and one whose text begins with it;
  gold entries with identical ``starts`` need distinct interventions.
- The paragraph "named by ``starts``" is every paragraph of the document
  containing it (repeated decisions share their wording); items are then
  matched one to one, so three gold votes need three extracted votes.
- An extracted amount or date is left out of precision when an ``*_ignore``
  span lies in its paragraph and one text holds the other's words.
- Amount values must agree within 0.5 % on ``value`` and, where the gold
  gives them, on ``value_max`` and ``value_eur``; dates on ``value`` and
  ``value_end``.
- Accuracies over matched items count a gold ``null`` right only when the
  extraction is empty too; an unknown unanimity flag counts as "not stated".
- Pairwise clustering precision/recall are ``None`` when no pair exists on
  that side; ``coverage`` is reported beside them.

Beyond FORMAT.md: each gold speech paragraph is also counted as
``unattributed`` (its intervention has no speaker, or its paragraph is in
no intervention) or ``wrong_speaker``;
``commitments.actor_id_accuracy`` scores the linked actor id alone. The
report gives the mean over bodies (``summary``: each body weighs once) and
the worst document of each metric.
"""

from pipeline.evaluate.report import format_report, report_as_json
from pipeline.evaluate.scores import LOWER_IS_BETTER, BodyScore, DocumentScore, EvalReport, Metric, Worst
from pipeline.evaluate.scoring import evaluate, gold_key, score_document
from pipeline.evaluate.text import normalise, plain, text_match

__all__ = [
    "LOWER_IS_BETTER",
    "BodyScore",
    "DocumentScore",
    "EvalReport",
    "Metric",
    "evaluate",
    "format_report",
    "gold_key",
    "normalise",
    "plain",
    "report_as_json",
    "score_document",
    "text_match",
    "Worst",
]
