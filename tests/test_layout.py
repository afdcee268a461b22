"""PDF layout, unit by unit: words placed by hand into lines, lines into blocks,
running lines across pages. The same geometry serves text layers and OCR."""

from __future__ import annotations

from pipeline.ingest.layout import Line, group_lines, lines_to_blocks, make_frame
from pipeline.ingest.pages import PageLayout, remove_running_lines
from pipeline.ingest.types import Word
from pipeline.records import HintKind, PageMethod

SIZE = 10.0
LEFT, RIGHT = 50.0, 550.0


def words_of(text: str, *, top: float, x0: float = LEFT, size: float = SIZE, bold: bool = False) -> list[Word]:
    """A line of words set at ``top``, one character 5 points wide, spaces 3 points."""
    out, x = [], x0
    for token in text.split():
        out.append(Word(token, x, x + 5 * len(token), top, top + size, size, bold=bold))
        x += 5 * len(token) + 3
    return out


def full_line(text: str, *, top: float) -> list[Word]:
    """A justified line: its last word reaches the right margin."""
    words = words_of(text, top=top)
    last = words[-1]
    return words[:-1] + [Word(last.text, RIGHT - (last.x1 - last.x0), RIGHT, last.top, last.bottom, last.size)]


def blocks(lines_words: list[list[Word]]) -> list[str]:
    lines = group_lines([w for ws in lines_words for w in ws])
    frame = make_frame(lines, body_size=SIZE, page_height=800.0)
    return [b.text for b in lines_to_blocks(lines, frame)]


def test_words_on_one_baseline_make_one_line_in_reading_order() -> None:
    shuffled = list(reversed(words_of("Le conseil approuve", top=100)))
    (line,) = group_lines(shuffled)
    assert line.text == "Le conseil approuve"


def test_lines_are_ordered_top_to_bottom() -> None:
    lines = group_lines(words_of("deuxième", top=130) + words_of("première", top=100))
    assert [ln.text for ln in lines] == ["première", "deuxième"]


def test_a_raised_small_figure_is_a_footnote_call() -> None:
    base = words_of("subvention", top=100)
    call = Word("1", base[-1].x1 + 0.5, base[-1].x1 + 3.5, 97.0, 103.0, 6.0)
    (line,) = group_lines(base + [call])
    assert line.text == "subvention¹"


def test_justified_lines_of_one_paragraph_are_one_block() -> None:
    text = blocks([
        full_line("Le conseil municipal examine le projet de", top=100),
        full_line("rénovation de la salle des fêtes et en", top=112),
        words_of("débat longuement.", top=124),
    ])
    assert text == ["Le conseil municipal examine le projet de rénovation de la salle des fêtes et en débat longuement."]


def test_a_vertical_gap_starts_a_new_block() -> None:
    text = blocks([words_of("Premier paragraphe.", top=100), words_of("Second paragraphe.", top=140)])
    assert text == ["Premier paragraphe.", "Second paragraphe."]


def test_a_short_line_ending_a_sentence_closes_its_paragraph() -> None:
    text = blocks([
        full_line("Le maire ouvre la séance et rappelle", top=100),
        words_of("l'ordre du jour.", top=112),
        full_line("Le conseil adopte ensuite le procès-verbal", top=124),
        words_of("de la séance précédente.", top=136),
    ])
    assert text == [
        "Le maire ouvre la séance et rappelle l'ordre du jour.",
        "Le conseil adopte ensuite le procès-verbal de la séance précédente.",
    ]


def test_list_items_are_lines_of_one_block() -> None:
    text = blocks([
        words_of("Sont désignés :", top=100),
        words_of("- Paul MARTIN", top=112, x0=60),
        words_of("- Anne DURAND", top=124, x0=60),
    ])
    assert text == ["Sont désignés :\n- Paul MARTIN\n- Anne DURAND"]


def test_a_line_is_cut_where_words_stand_far_apart() -> None:
    (line,) = group_lines(words_of("Pour", top=100) + words_of("12", top=100, x0=300))
    assert [s.text for s in line.segments()] == ["Pour", "12"]


def _page(number: int, body: str) -> PageLayout:
    lines = group_lines(
        words_of("Commune de Villeneuve - séance du 3 mars", top=20)
        + words_of(body, top=400)
        + words_of(f"Page {number} / 3", top=780)
    )
    return PageLayout(number, PageMethod.PDF, 600.0, 800.0, lines)


def test_running_header_and_page_number_are_removed_from_every_page() -> None:
    pages = [_page(n, f"Texte propre à la page {n}.") for n in (1, 2, 3)]
    remove_running_lines(pages)
    assert [[ln.text for ln in p.lines] for p in pages] == [[f"Texte propre à la page {n}."] for n in (1, 2, 3)]


def test_a_line_on_one_page_only_is_kept() -> None:
    pages = [_page(1, "Corps."), PageLayout(2, PageMethod.PDF, 600.0, 800.0, group_lines(words_of("Annexe au compte rendu", top=20)))]
    remove_running_lines(pages)
    assert "Annexe au compte rendu" in [ln.text for ln in pages[1].lines]


def test_bold_heading_is_hinted() -> None:
    lines = group_lines(words_of("1. Budget primitif", top=100, bold=True) + words_of("Le conseil vote le budget.", top=130))
    frame = make_frame(lines, body_size=SIZE, page_height=800.0)
    built = lines_to_blocks(lines, frame)
    assert built[0].runs[0].styles == frozenset({"bold"})
    assert all(b.kind in (None, HintKind.HEADING) for b in built)


def test_line_size_is_the_size_most_characters_are_set_in() -> None:
    line = Line(words_of("Grand titre", top=10, size=16) + words_of("x", top=14, x0=200, size=8))
    assert line.size == 16
