"""Pruning drops call-to-action, promotion and disclosure boxes by their class (`core.html.prune_boilerplate`):
"cta", "promo", "disclosure", "disclaimer", "affiliate". Markup imitating the patterns of public pages: a
"post-cta" box after a trade blog's post, an affiliate disclosure above a product review, a promo-code box.
The failure side: body sentences that use those words, and an article whose own wrapper carries such a class
(a theme's "entry-content cta-enabled"), stay."""

from __future__ import annotations

from cleanwire.core.html import ParsedPage, parse, prune_boilerplate

BODY = (
    "<p>The county's promo budget for tourism doubled in 2024, according to the filing released on Monday.</p>"
    "<p>Full disclosure of the contracts was ordered by the court after a two-year dispute with the vendor.</p>"
    "<p>An affiliate of the regional bank bought the building, and the disclaimer in the deed was struck.</p>"
)

PAGE = f"""<html><body><article>
<div class="review-disclosure affiliate-note"><p>We may earn a commission when you buy through links on this
page.</p></div>
{BODY}
<div class="promo-box"><p>Get 20% off your first order with code SPRING.</p></div>
<div class="post-cta"><h3>Want to win more jobs with less effort?</h3><a class="button" href="/demo">Book a
demo</a></div>
</article></body></html>"""


def _pruned(html: str) -> tuple[str, ParsedPage]:
    tree = parse(html)
    assert tree is not None
    page = ParsedPage(tree)
    prune_boilerplate(page)
    return " ".join(tree.text_content().split()), page


def test_offer_and_disclosure_boxes_go_with_a_reason() -> None:
    text, page = _pruned(PAGE)
    for gone in ("earn a commission", "20% off your first order", "win more jobs", "Book a demo"):
        assert gone not in text
    removed = " ".join(page.removed["ad_label"])
    assert "earn a commission" in removed and "win more jobs" in removed and "code SPRING" in removed


def test_body_sentences_naming_promos_disclosures_and_affiliates_stay() -> None:
    text, _ = _pruned(PAGE)
    assert "promo budget for tourism doubled" in text
    assert "Full disclosure of the contracts" in text
    assert "An affiliate of the regional bank" in text


def test_an_article_wrapped_in_a_cta_class_stays() -> None:
    prose = "".join(
        f"<p>Paragraph {i} of the report describes how the harbour authority rebuilt the northern pier, what it "
        f"cost, and which contractors were hired after the storm damaged the old wooden structure.</p>"
        for i in range(8)
    )
    html = f'<html><body><div class="entry-content cta-enabled">{prose}</div><footer>Contact</footer></body></html>'
    text, page = _pruned(html)
    assert "Paragraph 7 of the report" in text
    assert "ad_label" not in page.removed
