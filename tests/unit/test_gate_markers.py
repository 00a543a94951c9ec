"""The HTML gate judges what a page shows, not only what its markup declares.

Nearly every training article declares itself (og:type article, a NewsArticle in JSON-LD, publication meta,
<article> and <time>), so a gate trained on them alone rejected articles laid out before such markup existed or
by a plain CMS. Training therefore adds the articles again without those markers (`train.without_markers`).
"""

from __future__ import annotations

import numpy as np

from cleanwire import Article, Page, Rejected, clean
from cleanwire.core import gate
from cleanwire.core.model import expected_features, shipped
from cleanwire.core.pipeline import prepare
from cleanwire.learn.train import MARKER_WEIGHT, without_markers

PARAGRAPHS = [
    "PROVIDENCE, R.I. -- State transportation officials said Tuesday that repairs to the Route 6 bridge over the "
    "Woonasquatucket River will keep one eastbound lane closed through the end of March.",
    "Inspectors found corrosion on two steel supports during a routine check last fall, and engineers decided the "
    "work could not wait for the road construction season, a department spokesman said.",
    "Crews will work overnight on weekdays to limit delays for the roughly 40,000 drivers who use the bridge each "
    "day. Commuters should expect backups between 6 and 9 a.m. and allow extra time, he added.",
    "The project is expected to cost about $2.3 million, most of it paid for with federal highway money. The "
    "contractor faces a penalty for every day the lane stays closed past the deadline.",
    "Residents of the neighborhood near the bridge said the overnight work had already kept them awake. \"We "
    "understand it has to be done, but the noise goes on until four in the morning,\" one homeowner said.",
    "The department said it would install temporary sound barriers next week and post updates on its website "
    "and on the electronic signs along the highway.",
]


SECTIONS = ("News", "Weather", "Sports", "Health", "Consumer", "Politics", "Video", "Contact Us", "Traffic", "Closings",
            "Community", "Entertainment", "Business", "Education", "Elections", "Call 12 for Action", "Photos",
            "Station Info", "Jobs", "Advertise")
OTHER_STORIES = ("Fire destroys vacant mill building", "School committee delays budget vote",
                 "Police seek driver in hit-and-run", "Forecast: snow showers possible Thursday",
                 "Patriots prepare for playoff game", "Mayor names new fire chief", "Hospital expands emergency room",
                 "Man charged in string of car break-ins", "State lawmakers return for new session",
                 "Heating oil prices climb again", "Bruins top Canadiens in overtime", "Shelter asks for winter coats")
URL = "http://www.channel12.example/Global/story.asp?S=7612239&nav=F2DQ"


def _plain_cms_article() -> str:
    """A local news story as a plain CMS served it around 2008: a section menu, a column of other headlines,
    a story URL with a numeric id, and no Open Graph, no JSON-LD, no publication meta, no <article> or <time>."""
    sections = "".join(f'<li><a href="/Global/category.asp?C={n}">{s}</a></li>' for n, s in enumerate(
        SECTIONS, start=100))
    others = "".join(f'<li><a href="/Global/story.asp?S=76{n:05d}&amp;nav=menu">{h}</a></li>' for n, h in enumerate(
        OTHER_STORIES, start=1))
    popular = "".join(f'<li><a href="/Global/story.asp?S=75{n:05d}">{h}</a></li>' for n, h in enumerate(
        reversed(OTHER_STORIES), start=1))
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<html><head><title>Bridge repairs to close lane through March - Channel 12 News</title>
<link rel="stylesheet" href="/style.css"></head>
<body><div id="header"><img src="/images/logo.gif" alt="Channel 12"></div>
<div id="leftnav"><ul>{sections}</ul></div>
<div id="content"><h1>Bridge repairs to close lane through March</h1>
<div class="posted">Posted: Jan 15, 2008 6:12 PM EST</div>
<div class="storybody">{body}</div>
<div class="tools"><a href="/Global/story.asp?S=7612240&amp;nav=F2DQ">E-mail this story</a> |
<a href="javascript:print()">Print</a></div></div>
<div id="rightcol"><b>Top Stories</b><ul>{others}</ul><b>Most Popular</b><ul>{popular}</ul></div>
<div id="footer">All content (c) 2008 Channel 12. All rights reserved.</div>
</body></html>"""


def test_an_article_without_markup_markers_is_published() -> None:
    result = clean(Page(content=_plain_cms_article(), url=URL))
    assert isinstance(result, Article), result
    assert result.page_type == "article"
    assert all(p in result.text for p in PARAGRAPHS[1:5])


def test_the_gate_scores_it_an_article_with_a_margin() -> None:
    """Not a coin toss at the threshold: P(article) clears it by 0.05 or more (a gate trained without the
    copies scored this page 0.160 against its threshold of 0.148)."""
    prep = prepare(_plain_cms_article(), URL, "text/html")
    assert not isinstance(prep, Rejected)
    models = shipped()
    _, p_article = models.page_type(prep.page_row, True, frozenset({"article"}))
    assert p_article - models.gate_threshold(True) >= 0.05, p_article


def test_without_markers_copies_articles_only_with_the_markers_cleared() -> None:
    names = expected_features("gate_html")
    rng = np.random.default_rng(0)
    rows = rng.uniform(0.5, 2.0, size=(6, len(names))).astype(np.float32)
    types = np.asarray([0, 1, 0, 3, 0, 2])
    copies, copy_types, weight = without_markers(rows, types, names)
    assert copies.shape == (3, len(names)) and list(copy_types) == [0, 0, 0]
    assert np.all(weight == MARKER_WEIGHT)
    marker_cols = [names.index(n) for n in gate.MARKUP_NAMES]
    other_cols = [i for i in range(len(names)) if i not in marker_cols]
    assert np.all(copies[:, marker_cols] == 0.0)
    assert np.array_equal(copies[:, other_cols], rows[types == 0][:, other_cols])
    assert rows[:, marker_cols].min() >= 0.5  # the input rows are left as they were


def test_every_marker_is_a_gate_feature_of_the_markup() -> None:
    names = expected_features("gate_html")
    assert set(gate.MARKUP_NAMES) <= set(names)
    assert not any(n.startswith(("url_", "lines", "prose", "words")) for n in gate.MARKUP_NAMES)
