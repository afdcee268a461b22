"""Datasette plugin of ``minutes serve``: review links and highlighted search hits.

Registered by ``pipeline.serve.make_datasette``; it only touches the
``minutes`` database. Cell text is escaped before the two private-use hit
markers become ``<mark>``, so document text never turns into markup.
"""

from __future__ import annotations

from urllib.parse import quote

from datasette import hookimpl
from markupsafe import Markup, escape

from pipeline.serve import DATABASE, HIT_CLOSE, HIT_OPEN, REVIEW_PREFIX


# Column descriptions as a compact two-column list, so that the rows stay in view.
_CSS = (
    "dl.column-descriptions{display:grid;grid-template-columns:max-content 1fr;gap:0 1.2em;font-size:.85em}"
    "dl.column-descriptions dt{font-weight:bold}dl.column-descriptions dd{margin:0;color:#555}"
    "mark.hit{background:#ffe45c;padding:0 .1em}"
)


@hookimpl
def extra_css_urls(database):
    if database == DATABASE:
        return ["data:text/css;charset=utf-8," + quote(_CSS)]
    return []


@hookimpl
def render_cell(value, column, database, datasette):
    if database != DATABASE or not isinstance(value, str):
        return None
    if column == "review_url" and value.startswith(REVIEW_PREFIX):
        base = (datasette.plugin_config("minutes") or {}).get("review_url", "/" + REVIEW_PREFIX)
        href = base.rstrip("/") + "/" + value[len(REVIEW_PREFIX):]
        return Markup('<a href="{}">review</a>').format(href)
    if column == "snippet" and HIT_OPEN in value:
        return Markup(
            str(escape(value)).replace(HIT_OPEN, '<mark class="hit">').replace(HIT_CLOSE, "</mark>")
        )
    return None
