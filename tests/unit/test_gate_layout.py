"""The HTML gate reads what the extracted paragraphs show, not which tags hold them.

Two things it learnt to read (README, Quality, twenty-third session): how the extracted paragraphs sit in the
tree (`gate._siblings`: an article's paragraphs are children of one container, a listing's standfirsts sit one to
a card), and that a page whose paragraphs are separated by <br> in a table cell, as news sites laid them out
around 2007, is an article although it has no long <p> (`train.without_paragraph_tags`).

The invariance test below tells the gates apart: the gate trained before those copies lost up to 0.25 of
P(article) when a bundled article's <p>s became <br>-separated text (wcxb-0494 0.992 -> 0.745, wcxb-4524 0.983 ->
0.821), this one at most 0.07. The table-layout story is published by both (P 0.37 before, 0.32 now): a guard
that the copies do not cost the layout they are for.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from lxml.html import Element, document_fromstring, tostring

from cleanwire import Article, Page, Rejected, clean
from cleanwire.core import gate
from cleanwire.core.blocks import Candidate, DomInfo
from cleanwire.core.model import expected_features, shipped
from cleanwire.core.pipeline import prepare
from cleanwire.learn.train import PARAGRAPH_TAG_NAMES, PARAGRAPH_WEIGHT, without_paragraph_tags


def _para(text: str, parent: int | None) -> Candidate:
    dom = None if parent is None else DomInfo(tag="p", link_chars=0, links=0, depth=6, position=0.5, ancestors=(),
                                              hints=(), class_words=(), same_text=1, parent=parent)
    return Candidate(text=text, block=0, dom=dom)


def _siblings(items: list[Candidate]) -> dict[str, float]:
    counts = [len(c.text.split()) for c in items]
    return dict(zip(("parent_spread", "top_parent_words"), gate._siblings(items, counts), strict=True))


def test_paragraphs_of_one_container_are_one_group() -> None:
    words = ["one two three four five six", "seven eight nine ten", "eleven twelve", "thirteen fourteen fifteen"]
    got = _siblings([_para(w, 7) for w in words])
    assert got == {"parent_spread": 0.25, "top_parent_words": 1.0}


def test_paragraphs_one_to_a_card_spread_out() -> None:
    items = [_para("a standfirst of six words here", 10), _para("another one of five words", 11),
             _para("and a third, five words", 12), _para("a fourth, four words", 12)]
    got = _siblings(items)
    assert got["parent_spread"] == 0.75
    assert math.isclose(got["top_parent_words"], 9 / 20)


def test_paragraphs_without_a_tree_have_no_siblings() -> None:
    got = _siblings([_para("a line of flattened text", None), _para("another line", None)])
    assert all(math.isnan(v) for v in got.values())
    # the paragraphs with a tree are counted, the others left out
    assert _siblings([_para("one two three", 3), _para("four five", None)]) == {"parent_spread": 1.0,
                                                                               "top_parent_words": 1.0}


STORY = [
    "NEW DELHI: The country's largest carmaker said on Monday it would raise prices of its small cars by up to "
    "2 per cent from next month, citing higher costs of steel and other inputs.",
    "The increase, the second in six months, will range from Rs 4,000 to Rs 9,000 depending on the model, the "
    "company said in a statement to the stock exchanges.",
    "Steel prices have risen by about 15 per cent since October, and the company has so far absorbed most of the "
    "increase to protect its share of a market in which rivals are launching new models.",
    "Analysts said demand was unlikely to suffer much. \"Buyers of small cars are price-sensitive, but an increase "
    "of this size will not change many decisions,\" said an analyst at a Mumbai brokerage.",
    "Shares of the company rose 1.4 per cent to close at Rs 1,012 on the Bombay Stock Exchange, while the "
    "benchmark index ended the day 0.3 per cent lower.",
    "The company sold 58,210 cars in December, up 11 per cent from a year earlier, helped by strong sales of its "
    "new hatchback in smaller towns.",
]
STORY_URL = "http://www.business-daily.example/common/storypage.php?autono=310139&leftnm=10"
MENU = ("Home", "Markets", "Companies", "Economy", "Politics", "Opinion", "Technology", "Sports", "Archives",
        "Subscribe", "Contact Us")
SECTIONS = ("Stocks", "IPOs", "Mutual Funds", "Commodities", "Currencies", "Bonds", "Banking", "Insurance",
            "Auto", "Telecom", "Infrastructure", "Energy", "Pharma", "Retail", "Real Estate", "Agriculture",
            "Budget", "Taxation", "Trade", "International", "States", "Columns", "Editorials", "Letters",
            "Interviews", "Reports", "Personal Finance", "Careers", "Management", "Weekend", "Photo Gallery",
            "Company Results", "Market Statistics", "Forex Rates", "Gold Rates", "Search", "Archives", "RSS",
            "Mobile", "Advertise")
TEASERS = (
    ("Sensex ends lower on profit-taking", "Index slips 120 points as banking and IT stocks lose ground in late "
     "trade; mid-caps hold firm."),
    ("Rupee steady against the dollar", "Dealers say exporters' dollar sales offset importers' demand; "
     "the currency ends flat at 39.28."),
    ("Oil prices ease in Asia", "Crude falls below $92 a barrel on signs that fuel demand is slowing in the "
     "United States."),
    ("Bank raises deposit rates", "State-run lender adds 25 basis points on one-year deposits, the third "
     "increase since October."),
    ("Telecom firm adds 2 million users", "Subscriber base crosses 50 million as rural demand for prepaid "
     "connections grows."),
    ("Cement makers plan capacity additions", "Producers to add 40 million tonnes over three years to meet "
     "demand from housing and roads."),
    ("Airline orders 20 new aircraft", "Low-cost carrier signs deal for narrow-body jets to be delivered from "
     "2010 onwards."),
    ("Inflation eases to 3.8 per cent", "Wholesale price index rises less than expected as food and fuel "
     "prices cool."),
)
TICKER = ("SENSEX 20,728.33 -118.97", "NIFTY 6,206.80 -28.50", "GOLD Rs 10,845 +35", "SILVER Rs 20,210 -90",
          "USD/INR 39.28 0.00", "EUR/INR 57.88 +0.12")


def _table_layout_story() -> str:
    """A news story as a business daily's portal served it around 2007: layout tables, a menu row, a ticker, a
    column of sections, the story's paragraphs in one cell separated by <br><br>, a column of other stories with
    their standfirsts, a footer of links; no <p>, no Open Graph, JSON-LD, publication meta, <article> or <time>.
    The story is a quarter of the page's text."""
    menu = " | ".join(f'<a href="/common/section.php?id={n}">{m}</a>' for n, m in enumerate(MENU))
    ticker = " &nbsp; ".join(f'<a href="/markets/quote.php?s={n}">{t}</a>' for n, t in enumerate(TICKER))
    sections = "<br>".join(f'<a href="/common/section.php?id={n}">{s}</a>' for n, s in enumerate(SECTIONS, 20))
    others = "<br><br>".join(f'<a href="/common/storypage.php?autono={310100 + n}"><b>{h}</b></a><br>{t}'
                             for n, (h, t) in enumerate(TEASERS))
    footer = " | ".join(f'<a href="/common/section.php?id={n}">{s}</a>' for n, s in enumerate(SECTIONS, 20))
    body = "<br><br>".join(STORY)
    return f"""<html><head><title>Carmaker to raise small car prices by up to 2% - Business Daily</title></head>
<body><table width="100%" border="0" cellpadding="0" cellspacing="0">
<tr><td colspan="3"><img src="/images/logo.gif" alt="Business Daily"><br>{menu}<br>{ticker}</td></tr>
<tr><td width="15%" valign="top">{sections}</td>
<td width="55%" valign="top"><font class="headline">Carmaker to raise small car prices by up to 2%</font><br>
<font class="date">Our Bureau / New Delhi January 14, 2008</font><br><br>
<font class="story">{body}</font><br><br>
<a href="/common/mailstory.php?autono=310139">Email this story</a> | <a href="/common/print.php?autono=310139">Print</a></td>
<td width="30%" valign="top"><b>Also read</b><br>{others}</td></tr>
<tr><td colspan="3"><font size="1">{footer}<br>Copyright 2008 Business Daily. All rights reserved.</font></td></tr>
</table></body></html>"""


def test_a_table_layout_story_without_paragraph_tags_is_published() -> None:
    result = clean(Page(content=_table_layout_story(), url=STORY_URL))
    assert isinstance(result, Article), result
    assert result.page_type == "article"
    assert all(p in result.text for p in STORY[1:5])


def _p_article(html: str, url: str | None) -> tuple[float, np.ndarray]:
    """The shipped HTML gate's P(article) of the page, and the page's gate row."""
    prep = prepare(html, url, "text/html")
    assert not isinstance(prep, Rejected), prep
    return shipped().page_type(prep.page_row, True, frozenset({"article"}))[1], prep.page_row[0]


def test_the_gate_scores_it_an_article_with_a_margin() -> None:
    p_article, row = _p_article(_table_layout_story(), STORY_URL)
    assert row[expected_features("gate_html").index("p_long")] == 0  # no <p> at all: the case the copies teach
    assert p_article - shipped().gate_threshold(True) >= 0.05, p_article


def test_without_paragraph_tags_copies_articles_only_with_the_counts_cleared() -> None:
    names = expected_features("gate_html")
    rng = np.random.default_rng(1)
    rows = rng.uniform(0.5, 2.0, size=(5, len(names))).astype(np.float32)
    types = np.asarray([1, 0, 0, 4, 2])
    copies, copy_types, weight = without_paragraph_tags(rows, types, names)
    assert copies.shape == (2, len(names)) and list(copy_types) == [0, 0]
    assert np.all(weight == PARAGRAPH_WEIGHT)
    cols = [names.index(n) for n in PARAGRAPH_TAG_NAMES]
    others = [i for i in range(len(names)) if i not in cols]
    assert np.all(copies[:, cols] == 0.0)
    assert np.array_equal(copies[:, others], rows[types == 0][:, others])
    assert rows[:, cols].min() >= 0.5  # the input rows are left as they were


CORPUS = Path(__file__).resolve().parents[1] / "resources" / "corpus"
ARTICLES = sorted((CORPUS / "pages").glob("*.html"))  # every bundled corpus page is an article


def _without_paragraph_tags(html: str) -> str:
    """The page with each <p> replaced by its content followed by <br><br>: the same text, laid out without <p>."""
    tree = document_fromstring(html.encode("utf-8"))
    for p in list(tree.iter("p")):
        p.append(Element("br"))
        p.append(Element("br"))
        p.drop_tag()
    return tostring(tree, encoding="unicode")


_TRUTH = [json.loads(line) for line in (CORPUS / "truth.jsonl").read_text().splitlines() if line.strip()]
URLS: dict[str, str | None] = {row["id"]: row.get("url") for row in _TRUTH}  # read once, not per page


@pytest.mark.parametrize("path", ARTICLES, ids=[p.stem for p in ARTICLES])
def test_an_article_laid_out_without_p_keeps_its_score(path: Path) -> None:
    html = path.read_text(errors="replace")
    url = URLS.get(path.stem)
    scores = [_p_article(page, url)[0] for page in (html, _without_paragraph_tags(html))]
    with_p, without_p = scores
    assert without_p >= shipped().gate_threshold(True) + 0.05, scores
    assert with_p - without_p <= 0.15, scores
