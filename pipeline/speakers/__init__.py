"""Speakers: the speaker of each paragraph and its speech act.

- ``cues``: how a paragraph says who speaks, and the speech act;
- ``turns``: where each cue opens a turn within a paragraph;
- ``floor``: paragraphs that carry no speech, confidence, continuation, attribution;
- ``holders``: who holds each role in this meeting, from the document's own statements;
- ``stage``: the stage over one document.
"""

from pipeline.speakers.cues import STAGE, SpeakerResult, find_cue
from pipeline.speakers.stage import find_speakers, run_stage
from pipeline.speakers.turns import turns

__all__ = ["STAGE", "SpeakerResult", "find_cue", "find_speakers", "run_stage", "turns"]
