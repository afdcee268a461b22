"""OCR post-processing, without Tesseract: its word table (TSV) into words with
boxes and sizes, and the misreadings mended. Real OCR runs in test_ingest."""

from __future__ import annotations

import pytest

from pipeline.ingest.ocr import fix_misreads, parse_tsv

HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def tsv(*rows: tuple) -> str:
    """Rows of (block, par, line, word, left, top, width, height, conf, text) at level 5."""
    lines = [HEADER, "1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t"]
    for block, par, line, word, left, top, width, height, conf, text in rows:
        lines.append(f"5\t1\t{block}\t{par}\t{line}\t{word}\t{left}\t{top}\t{width}\t{height}\t{conf}\t{text}")
    return "\n".join(lines) + "\n"


def test_words_keep_their_boxes_scaled_to_points() -> None:
    words = parse_tsv(tsv((1, 1, 1, 1, 100, 200, 150, 40, 96.0, "Maire")), scale=0.24)
    (word,) = words
    assert word.text == "Maire"
    assert (word.x0, word.x1, word.top, word.bottom) == pytest.approx((24.0, 60.0, 48.0, 57.6))


def test_words_of_a_line_share_one_size() -> None:
    words = parse_tsv(
        tsv((1, 1, 1, 1, 100, 200, 150, 42, 95.0, "Maire"), (1, 1, 1, 2, 270, 212, 90, 30, 95.0, "une")),
        scale=0.24,
    )
    assert len({w.size for w in words}) == 1


def test_low_confidence_speckle_is_dropped_but_low_confidence_words_are_kept() -> None:
    words = parse_tsv(
        tsv(
            (1, 1, 1, 1, 100, 200, 150, 40, 95.0, "Budget"),
            (1, 1, 1, 2, 300, 200, 10, 10, 5.0, "~"),
            (1, 1, 1, 3, 320, 200, 80, 40, 12.0, "2021"),
        ),
        scale=0.24,
    )
    assert [w.text for w in words] == ["Budget", "2021"]


def test_accent_between_two_figures_is_mended() -> None:
    words = parse_tsv(
        tsv((1, 1, 1, 1, 100, 200, 20, 40, 90.0, "6"), (1, 1, 1, 2, 130, 200, 40, 40, 90.0, "où"), (1, 1, 1, 3, 180, 200, 20, 40, 90.0, "7")),
        scale=0.24,
    )
    assert [w.text for w in words] == ["6", "ou", "7"]


def test_où_elsewhere_is_kept() -> None:
    words = parse_tsv(tsv((1, 1, 1, 1, 100, 200, 60, 40, 90.0, "salle"), (1, 1, 1, 2, 170, 200, 40, 40, 90.0, "où")), scale=0.24)
    assert [w.text for w in words] == ["salle", "où"]


@pytest.mark.parametrize(
    ("word", "mended"),
    [
        ("12ME", "12M€"),  # a euro sign read as E after a magnitude
        ("5kE", "5k€"),
        ("10à12", "10 à 12"),  # a range glued into one word
        ("de2019", "de 2019"),  # a preposition glued to a figure
        ("Euro", "Euro"),
        ("2021", "2021"),
    ],
)
def test_misreads(word: str, mended: str) -> None:
    assert fix_misreads(word) == mended


def test_empty_table_gives_no_words() -> None:
    assert parse_tsv(HEADER + "\n", scale=1.0) == []
