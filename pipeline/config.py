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
    # --- engine (pipeline.engines) ---
    # Worker processes; 1 runs in this process. The CLI defaults to the machine's cores.
    workers: int = 1
    engine: str = "local"  # "local" (processes on this machine) or "dask"
    scheduler: str | None = None  # a Dask scheduler address; None with engine="dask": a LocalCluster
    # Documents whose part holds error rows are redone only when asked (a broken
    # file fails the same way every time; a fixed stage changes the version anyway).
    retry_errors: bool = False

    @property
    def max_bytes(self) -> int:
        return int(self.max_mb * 1_000_000)

    @property
    def needs_nlp(self) -> bool:
        return self.entities or self.commitments
