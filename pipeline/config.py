"""The run configuration: one typed object that the CLI and notebooks build alike."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Config:
    out_dir: Path = Path("outputs")
    # Documents processed together: one nlp.pipe call covers a batch.
    batch_size: int = 8
    # spaCy's own batch size, in paragraphs.
    nlp_batch_size: int = 64
    ocr: bool = True
    ocr_lang: str = "fra"
    max_mb: float = 200.0  # larger files become an error row, not a crash
    aliases: Path | None = None  # YAML of forced merges and splits for reconciliation
    corrections: Path | None = None  # YAML of reviewed corrections (pipeline.corrections), applied on this run
    entities: bool = True  # spaCy NER-based mentions (needs the model)
    commitments: bool = True  # dependency-based commitments (needs the model)
    progress: bool = False

    @property
    def max_bytes(self) -> int:
        return int(self.max_mb * 1_000_000)

    @property
    def needs_nlp(self) -> bool:
        return self.entities or self.commitments
