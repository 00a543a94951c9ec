"""A data table inside an article (the pattern of a dev page the grouped CV found losing 43% of its body: a
housing-market study whose table of monthly price changes, trafilatura's "| 1/1/2013 | +13.1% |" rows, the
line classifier scored row by row as short numeric lines, 0.35-0.43, between a kept header and the kept
paragraph after the table), and the failure side: tables not standing inside the kept article stay as scored."""

from __future__ import annotations

import numpy as np

from cleanwire.core.blocks import Candidate, text_candidates
from cleanwire.core.boilerplate import decide

INTRO = [
    "Home sale prices rose again in the spring, though more slowly than in the two years before, the study found.",
    "Despite a high mortgage interest rate environment, prices are showing signs of growth in most metros.",
]
HEADER = "| Date | Percentage change in median home sale price (YoY) |"
RULE = "|---|---|"
ROWS = ["| 1/1/2013 | +13.1% |", "| 2/1/2013 | +13.1% |", "| 3/1/2013 | +13.1% |", "| 4/1/2013 | +11.9% |",
        "| 5/1/2013 | +12.5% |"]
AFTER = [
    "The ranking weighs each metro's price growth against the number of days a listing stays on the market.",
    "Researchers used the most recent twelve months of data available at the time of the analysis.",
]


def _decide(lines: list[tuple[str, float]], detached_min: float | None = None) -> tuple[list[str], list[str]]:
    items = [Candidate(t, i) for i, (t, _) in enumerate(lines)]
    out = decide(items, np.asarray([s for _, s in lines]), 0.5, None, False, detached_min=detached_min)
    return out.kept, [t for ts in out.removed.values() for t in ts]


def test_a_table_between_kept_lines_is_kept_whole() -> None:
    lines = [(t, 0.95) for t in INTRO] + [(HEADER, 0.86), (RULE, 0.01)] + [(r, 0.39) for r in ROWS]
    lines += [(t, 0.95) for t in AFTER]
    kept, _ = _decide(lines)
    assert kept == [*INTRO, HEADER, RULE, *ROWS, *AFTER]


def test_a_table_after_the_last_kept_paragraph_stays_as_scored() -> None:
    # a comparison table of other products under the article: nothing kept below it
    lines = [(t, 0.95) for t in [*INTRO, *AFTER]] + [(HEADER, 0.6), (RULE, 0.01)] + [(r, 0.39) for r in ROWS]
    lines += [("Shop the deals", 0.1), ("Privacy policy", 0.05)]
    kept, removed = _decide(lines)
    assert kept == [*INTRO, *AFTER]  # the header alone goes as a short tail (`_drop_tail`)
    assert set(ROWS) <= set(removed)


def test_a_table_cut_off_from_the_article_above_stays_as_scored() -> None:
    # a price table in a box between removed lines: neither its header nor the line above it is kept
    lines = [(t, 0.95) for t in INTRO] + [("Advertisement", 0.05), (HEADER, 0.3), (RULE, 0.01)]
    lines += [(r, 0.39) for r in ROWS] + [(t, 0.95) for t in AFTER]
    kept, _ = _decide(lines)
    assert not set(ROWS) & set(kept)


def test_a_two_row_table_is_not_a_table_to_fill() -> None:
    lines = [(t, 0.95) for t in INTRO] + [(HEADER, 0.86), (ROWS[0], 0.39)] + [(t, 0.95) for t in AFTER]
    kept, _ = _decide(lines)
    assert ROWS[0] not in kept


def test_a_table_already_kept_keeps_its_rule_line_out() -> None:
    # every row with words is kept: the table is left as the classifier had it
    lines = [(t, 0.95) for t in INTRO] + [(HEADER, 0.86), (RULE, 0.01)] + [(r, 0.7) for r in ROWS]
    lines += [(t, 0.95) for t in AFTER]
    kept, _ = _decide(lines)
    assert kept == [*INTRO, HEADER, *ROWS, *AFTER]


LONG_INTRO = [
    *INTRO,
    "Sales volume followed the same path: a slump through the winter, then the strongest spring since the "
    "pandemic years, as buyers who had waited for lower rates decided to wait no longer and sellers returned.",
    "Regional differences remained large, with the Northeast and the West Coast leading and much of the South "
    "cooling after several years in which its cities had drawn buyers from every other part of the country.",
    "Inventory stayed tight in most large metros, where owners holding loans at older, lower rates were reluctant "
    "to sell, and new construction made up a larger share of the homes on offer than at any time in a decade.",
]


def test_a_kept_table_does_not_cut_the_article_in_two() -> None:
    # the paragraphs after the table score below the bar a stretch cut off from the article needs (0.85): drawn
    # with the table's rows dropped, they were a stretch of their own and went, and the table with them
    lines = [(t, 0.95) for t in LONG_INTRO] + [(HEADER, 0.86), (RULE, 0.01)] + [(r, 0.39) for r in ROWS]
    lines += [(t, 0.7) for t in AFTER]
    kept, _ = _decide(lines, detached_min=0.85)
    assert kept == [*LONG_INTRO, HEADER, RULE, *ROWS, *AFTER]


def test_a_stretch_below_a_table_outside_the_article_still_goes() -> None:
    # the failure side: a table that does not stand inside kept lines is no bridge; the weak stretch below goes
    lines = [(t, 0.95) for t in LONG_INTRO] + [("Advertisement", 0.05), (HEADER, 0.3), (RULE, 0.01)]
    lines += [(r, 0.39) for r in ROWS] + [(t, 0.7) for t in AFTER]
    kept, _ = _decide(lines, detached_min=0.85)
    assert kept == LONG_INTRO


# Flattened text: the same table as a converter that lays out columns writes it (inscriptis pads the cells with
# spaces), and as a browser's innerText does (a tab between cells).
COLUMNS = """  Date        Median price   Change (YoY)
  1/1/2013    $245,000       +13.1%
  2/1/2013    $247,500       +13.1%
  3/1/2013    $251,000       +11.9%
  4/1/2013    $255,200       +12.5%"""
TABS = "Date\tMedian price\tChange (YoY)\n1/1/2013\t$245,000\t+13.1%\n2/1/2013\t$247,500\t+13.1%\n3/1/2013\t$251,000\t+11.9%"


def test_flattened_rows_are_found_by_their_cell_gaps() -> None:
    for table in (COLUMNS, TABS):
        items = text_candidates("\n".join([INTRO[0], table, AFTER[0]]))
        assert [c.table_row for c in items] == [False] + [True] * len(table.splitlines()) + [False]
        assert items[1].text.startswith("Date Median price")  # the line itself is normalised as before


def test_a_typists_double_spaces_make_no_table_row() -> None:
    prose = ("The council met on Monday.  It voted to close the bridge.  Repairs start in May.  They will take a "
             "year.")
    label = "Price:    $5"  # two cells: a label and its value, not a table's row
    assert not text_candidates(prose)[0].table_row
    assert not text_candidates(label)[0].table_row


def test_a_code_listings_aligned_columns_make_no_table_row() -> None:
    # a <pre> block flattened with its spaces: a declaration's columns line up as a table's would
    code = ("CREATE TABLE conditions (\n    time        TIMESTAMPTZ       NOT NULL,\n"
            "    location    TEXT              NOT NULL,\n    device      TEXT              NOT NULL\n);")
    rows = [c.table_row for c in text_candidates(code)]
    assert rows == [False, False, False, True, False]  # the last declaration alone: no table of three rows


def _decide_text(lines: list[tuple[str, float]], text: str) -> list[str]:
    items = text_candidates(text)
    assert len(items) == len(lines)
    return decide(items, np.asarray([s for _, s in lines]), 0.5, None, True).kept


def test_a_flattened_table_between_kept_lines_is_kept_whole() -> None:
    rows = COLUMNS.splitlines()
    text = "\n".join([*INTRO, *rows, *AFTER])
    lines = [(t, 0.95) for t in INTRO] + [(rows[0], 0.7)] + [(r, 0.2) for r in rows[1:]] + [(t, 0.95) for t in AFTER]
    kept = _decide_text(lines, text)
    assert len(kept) == len(INTRO) + len(rows) + len(AFTER)
    assert kept[len(INTRO) + 1] == "1/1/2013 $245,000 +13.1%"


def test_a_flattened_table_under_the_article_stays_as_scored() -> None:
    # a price grid under the article with a footer below it: nothing kept below, so no frame
    rows = TABS.splitlines()
    text = "\n".join([*INTRO, *AFTER, *rows, "Terms of use"])
    lines = [(t, 0.95) for t in [*INTRO, *AFTER]] + [(r, 0.2) for r in rows] + [("Terms of use", 0.05)]
    kept = _decide_text(lines, text)
    assert kept == [*INTRO, *AFTER]
