"""Review pages: every paragraph an anchor, every fact a highlight with its value, all text escaped.

The browser tests open the written pages in a real headless Chromium
(Debian's, through Playwright) and save a screenshot of each to
tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from browser import chromium_page
from conftest import ROOT
from pipeline.cli import app
from pipeline.config import Config
from pipeline.review import FACT_KINDS, Fact, highlight, write_review
from pipeline.run import run_to

DATA = ROOT / "tests" / "data"
ARTIFACTS = ROOT / "tests" / "artifacts"
INVENTED = DATA / "cm-invented.txt"
INJECTION = DATA / "cm-injection.txt"


def _write(tmp: Path, sources: list[Path], corrections: str | None = None, **options) -> tuple[Path, dict]:
    config = {"out_dir": tmp / "out", **options}
    if corrections:
        (tmp / "corrections.yaml").write_text(corrections, encoding="utf-8")
        config["corrections"] = tmp / "corrections.yaml"
    result = run_to(sources, Config(**config))
    write_review(tmp / "out")
    return tmp / "out" / "review", result.tables


@pytest.fixture(scope="module")
def rules_only(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("rules")
    # a file that cannot be read is an error row with no document: the index lists it
    (tmp / "lost-minutes.pdf").write_bytes(b"%PDF-1.4 cut short")
    return _write(tmp, [INVENTED, INJECTION, tmp / "lost-minutes.pdf"], entities=False, commitments=False)


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    """Both invented documents through every stage, one speaker corrected."""
    paragraph = "392ef73ef7c15acf-p0008"  # "M. DUPONT répond ...", said to be Claire MARTIN's
    return _write(tmp_path_factory.mktemp("full"), [INVENTED, INJECTION], f"speakers:\n  - paragraph: {paragraph}\n    speaker: Claire MARTIN\n")


def page_of(review: Path, tables: dict, source: Path) -> Path:
    documents = tables["documents"]
    doc_id = documents.loc[documents["source"] == str(source), "doc_id"].iloc[0]
    return review / f"{doc_id}.html"


def test_pages_are_named_by_doc_id_with_one_anchor_per_paragraph(rules_only) -> None:
    review, tables = rules_only
    assert sorted(p.name for p in review.iterdir()) == sorted(
        ["index.html", "review.css", *(f"{d}.html" for d in tables["documents"]["doc_id"])]
    )
    for row in tables["documents"].itertuples():
        page = (review / f"{row.doc_id}.html").read_text(encoding="utf-8")
        for paragraph_id in tables["paragraphs"].query("doc_id == @row.doc_id")["paragraph_id"]:
            assert f'id="{paragraph_id}"' in page
        for intervention_id in tables["interventions"].query("doc_id == @row.doc_id")["intervention_id"]:
            assert page.count(f'id="{intervention_id}"') == 1
        for amount_id in tables["amounts"].query("doc_id == @row.doc_id")["amount_id"]:
            assert f'id="{html.escape(amount_id)}"' in page
    index = (review / "index.html").read_text(encoding="utf-8")
    assert "speakers" in index and all(f'href="{d}.html"' in index for d in tables["documents"]["doc_id"])
    (error,) = tables["errors"].itertuples()
    assert "lost-minutes.pdf" in index and html.escape(error.message) in index


def test_the_text_is_escaped_and_no_script_is_written(rules_only) -> None:
    review, tables = rules_only
    page = page_of(review, tables, INJECTION).read_text(encoding="utf-8")
    # ingest reads "__" as emphasis markers, so the text holds "window.pwned"
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in page
    assert "<script" not in page and "<img" not in page and "onerror=\"" not in page


def test_overlapping_facts_nest_and_each_keeps_its_title() -> None:
    text = "Le <vote> a 1 200 € & plus"
    facts = [
        Fact("x-v0000", "vote", 0, 17, text[0:17], "adopted", "minutes.votes.v1"),
        Fact("x-$0000", "amount", 12, 26, text[12:26], "1200 EUR", "minutes.amounts.v1", low="made up"),
    ]
    out = str(highlight(text, 0, len(text), facts))
    assert out.count("<mark") == out.count("</mark>") == 3  # the amount is cut where the vote ends
    assert out.index('id="x-v0000"') < out.index('id="x-$0000"')
    assert "&lt;vote&gt;" in out and "&amp; plus" in out
    assert out.count('data-id="x-$0000"') == 2 and 'class="fact amount low cont"' in out


@pytest.mark.model
def test_review_page_renders_highlights_of_every_kind(full) -> None:
    review, tables = full
    page_path = page_of(review, tables, INVENTED)
    expected = {
        "person": "Claire MARTIN (per_",
        "organisation": "(org_",
        "amount": "amount: 5\u202f000 EUR",
        "date": "date: 2015-06-30 (day)",
        "vote": "vote: adopted, unanimous",
        "commitment": "commitment: ",
    }
    with chromium_page() as page:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(page_path.as_uri())
        for kind, value in expected.items():
            marks = page.locator(f".text mark.fact.{kind}")
            assert marks.count() > 0, kind
            titles = [marks.nth(i).get_attribute("title") or "" for i in range(marks.count())]
            assert any(value in t for t in titles), (kind, titles)
            assert all("\nid: " in t for t in titles), kind
            assert marks.first.is_visible()
        corrected = page.locator(".turn.corrected")
        assert corrected.count() == 1 and "Claire MARTIN" in corrected.inner_text()
        assert "from a correction" in (corrected.get_attribute("title") or "")
        page.goto(page_path.as_uri() + "#392ef73ef7c15acf-p0008")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "review-highlights.png"), full_page=True)
        page.goto((review / "index.html").as_uri())
        assert page.locator("table.docs tbody tr").count() >= 2
        page.screenshot(path=str(ARTIFACTS / "review-index.png"), full_page=True)


def test_a_document_holding_script_runs_nothing(rules_only) -> None:
    review, tables = rules_only
    with chromium_page() as page:
        page.set_viewport_size({"width": 1280, "height": 700})
        page.goto(page_of(review, tables, INJECTION).as_uri())
        page.wait_for_load_state("load")
        assert page.evaluate("[typeof window.__pwned, typeof window.pwned]") == ["undefined", "undefined"]
        assert page.locator("script").count() == 0 and page.locator("img").count() == 0
        # ingest reads "__" as emphasis markers, so the text shows "window.pwned"
        assert page.get_by_text("<script>window.pwned = 1</script>", exact=False).first.is_visible()
        assert page.get_by_text('<img src=x onerror="window.pwned = 2">', exact=False).first.is_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "review-script-escaped.png"), full_page=True)


def test_review_command(rules_only, tmp_path) -> None:
    review, _ = rules_only
    out = review.parent
    result = CliRunner().invoke(app, ["review", str(out), "--to", str(tmp_path / "pages")])
    assert result.exit_code == 0, result.output
    assert "2 document pages" in result.output and (tmp_path / "pages" / "index.html").exists()
    missing = CliRunner().invoke(app, ["review", str(tmp_path / "nothing")])
    assert missing.exit_code == 2 and "minutes run" in missing.output


@given(
    text=st.text(alphabet="ab <>&\"'\n€é", min_size=1, max_size=40),
    spans=st.lists(st.tuples(st.integers(0, 40), st.integers(1, 12), st.sampled_from(FACT_KINDS)), max_size=6),
)
def test_highlight_keeps_the_text_and_nests_its_marks(text: str, spans) -> None:
    facts = [
        Fact(f"x-{n}", kind, min(start, len(text) - 1), min(start + width, len(text)), "", "v", "s")
        for n, (start, width, kind) in enumerate(spans)
    ]
    out = str(highlight(text, 0, len(text), facts))
    parser = _Tags()
    parser.feed(out)
    parser.close()
    assert parser.depth == 0 and parser.balanced
    assert "".join(parser.data) == text.replace("\n", " ")
    assert {f.fact_id for f in facts if f.char_end > f.char_start} == parser.ids


class _Tags(HTMLParser):
    """Reads highlight()'s output back: its text, its first-piece ids, whether its marks nest."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth, self.balanced, self.data, self.ids = 0, True, [], set()

    def handle_starttag(self, tag, attrs) -> None:
        self.balanced &= tag == "mark"
        self.depth += 1
        self.ids |= {value for name, value in attrs if name == "id"}

    def handle_endtag(self, tag) -> None:
        self.depth -= 1
        self.balanced &= tag == "mark" and self.depth >= 0

    def handle_data(self, data) -> None:
        self.data.append(data)
