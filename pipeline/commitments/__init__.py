"""Commitments: what an actor decided, plans, intends, proposes or refuses.

- ``extract``: the stage, paragraph by paragraph over the parsed sentences;
- ``grammar``: readings of a sentence (commitment verb, modality, negation);
- ``actors``: who commits (subject, speaker, the body that meets, an organ);
- ``tables``: rows of procurement and subsidy tables, which name the actor once;
- ``vocabulary``: the commitment lexicon, read once.
"""

from pipeline.commitments.extract import body_name, find_commitments, run_stage
from pipeline.commitments.reading import STAGE

__all__ = ["STAGE", "body_name", "find_commitments", "run_stage"]
