"""Speakers: the speaker of each paragraph and its speech act.

- ``cues``: how a paragraph says who speaks, and the speech act;
- ``stage``: turns, the floor, attribution and role holders.
"""

from pipeline.speakers.cues import STAGE, SpeakerResult, find_cue
from pipeline.speakers.stage import find_speakers, run_stage, turns

__all__ = ["STAGE", "SpeakerResult", "find_cue", "find_speakers", "run_stage", "turns"]
