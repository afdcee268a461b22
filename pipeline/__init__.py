"""minutes: French meeting minutes into a normalised, traceable dataset."""

__version__ = "0.1.0"
