"""Pages laid out with tables (`core.html.unwrap_layout_tables`).

Before CSS layout, news sites put the masthead, the menu column and the story column in the cells of one
table, often nested. trafilatura writes a table's rows as "| cell | cell |" lines, so such a page came out
as a handful of lines, its story run together with the menus around it in one of them; the line classifier
scored that line as a table row and the gate called the page a listing. Layout tables become <div>s; data
tables (header cells, a caption, many rows or columns) stay tables. The pages below are written to imitate
the pattern (a 2008 regional news page; a price table; a modern CMS table with paragraphs in its cells)."""

from __future__ import annotations

import pytest
from lxml.html import HtmlElement

from cleanwire.core.extract import body_paragraphs
from cleanwire.core.html import layout_table, parse, thin, unwrap_layout_tables

STORY = [
    "Councillors voted on Tuesday night to keep the town's two public libraries open for another year.",
    "The decision followed a petition signed by more than four thousand residents over the summer months.",
    "The council's finance chief said the money would come from reserves set aside for building repairs.",
    "Opponents warned that the reserves would run out before the end of the next financial year anyway.",
]

OLD_PAGE = f"""<html><head><title>Libraries saved - The Evening Echo</title></head><body>
<table width="100%" border="0" cellpadding="0"><tr><td colspan="2">
<table><tr><td><a href="/">Home</a></td><td><a href="/news/">News</a></td><td><a href="/sport/">Sport</a></td>
<td><a href="/jobs/">Jobs</a></td></tr></table></td></tr>
<tr><td width="160" valign="top"><a href="/news/">Latest news</a><br><a href="/sport/">Wanderers</a><br>
<a href="/weather/">Weather</a><br><a href="/letters/">Letters</a></td>
<td valign="top"><font size="4"><b>Libraries saved for another year</b></font><br><br>
{"<br><br>".join(STORY)}<br><br><a href="/print">Print</a> <a href="/email">Email this</a></td></tr>
<tr><td colspan="2">Copyright 2008 Evening Echo Ltd</td></tr></table></body></html>"""


def _tree(html: str) -> HtmlElement:
    tree = parse(html)
    assert tree is not None
    return tree


def test_a_table_laid_out_page_gives_its_story_as_lines_of_their_own() -> None:
    tree = _tree(OLD_PAGE)
    thin(tree)
    assert unwrap_layout_tables(tree) == 2
    paragraphs = body_paragraphs(tree, "http://www.eveningecho.example/news/display.var.1935980.0.libraries.php")
    for sentence in STORY:
        assert sentence in paragraphs  # a line of its own, not inside a "| ... |" row with the menus
    assert not any(p.startswith("|") and STORY[0] in p for p in paragraphs)


def test_without_unwrapping_the_story_is_one_table_row() -> None:
    """The failure the unwrapping fixes, shown on the same page: trafilatura alone runs the story into a row."""
    tree = _tree(OLD_PAGE)
    thin(tree)
    paragraphs = body_paragraphs(tree, None)
    assert STORY[0] not in paragraphs
    assert any(STORY[0] in p and "|" in p for p in paragraphs)


PRICES = """<table><thead><tr><th>Plan</th><th>Monthly</th></tr></thead>
<tr><td><p>Basic</p></td><td><p>$4</p></td></tr><tr><td><p>Family</p></td><td><p>$9</p></td></tr></table>"""

CMS_TABLE = "<table class='table table-striped'>" + "".join(
    f"<tr><td><p>Step {n}</p></td><td><p>Check the seal on valve {n} and note the reading.</p></td></tr>"
    for n in range(12)) + "</table>"

SIDEBAR = """<table><tr><td><p>Our story column, written in paragraphs.</p><p>Another paragraph.</p></td>
<td><ul><li><a href="/a">Most read</a></li></ul></td></tr>
<tr><td><p>More of the column.</p></td><td><p>An advert.</p></td></tr></table>"""


@pytest.mark.parametrize(("html", "layout"), [
    (PRICES, False),  # header cells: data, whatever its cells hold
    (CMS_TABLE, False),  # 12 rows of paragraphs: a data table a CMS wrote
    ("<table><tr><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></table>", False),  # small, plain cells
    ("<table role='presentation'><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>", True),
    ("<table><tr><td><table><tr><td>x</td></tr></table></td><td>y</td></tr></table>", True),  # holds a table
    ("<table><tr><td>only</td><td>row</td></tr></table>", True),  # one row
    (SIDEBAR, True),  # two columns of blocks
])
def test_which_tables_lay_out_the_page(html: str, layout: bool) -> None:
    tree = _tree(f"<html><body>{html}</body></html>")
    table = next(tree.iter("table"))
    assert layout_table(table) is layout


def test_a_data_table_inside_a_layout_table_stays_a_table() -> None:
    tree = _tree(f"<html><body><table><tr><td>{PRICES}</td><td><p>Side</p></td></tr></table></body></html>")
    assert unwrap_layout_tables(tree) == 1
    tables = list(tree.iter("table"))
    assert len(tables) == 1 and tables[0].find(".//th") is not None
    assert [el.tag for el in tables[0].iter("tr", "td", "th")].count("tr") == 3  # its rows kept
