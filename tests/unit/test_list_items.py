"""List items in the page: trafilatura writes an item as "- " and its text; the item's own text finds its element,
and a list item that is a topic label and a link to another story of the site is a teaser, as such a paragraph
is (before, no list item was found: a list of teasers inside a story was published with it)."""

from __future__ import annotations

from cleanwire import Article, Page, clean
from cleanwire.core.blocks import DomIndex, html_candidates
from cleanwire.core.extract import body_paragraphs
from cleanwire.core.html import parse, thin

URL = "https://www.example-zeitung.de/wissen/archaeologie/vulkan-santorini-kultur-id240117.html"

# Written to imitate a German regional news page (the WAZ's, as in the dev corpus): within the story, a list of
# other stories, each item a topic label in bold, a colon and a link to the story's headline; later a list
# that belongs to the story.
PAGE = """<!doctype html><html lang="de"><head><title>Vulkanausbruch auf Santorini: Forscher finden neue Spuren</title>
<meta property="og:type" content="article"></head><body><main><article>
<h1>Vulkanausbruch auf Santorini: Forscher finden neue Spuren</h1>
<p>Ein internationales Team hat am Kraterrand von Santorini Ablagerungen untersucht, die älter sind als bisher
angenommen. Die Proben stammen aus drei Bohrkernen, die im vergangenen Sommer gezogen wurden.</p>
<p>Die Forscher datieren den Ausbruch nun auf einen Zeitraum von wenigen Jahrzehnten. Für die Geschichte der
bronzezeitlichen Siedlungen auf der Insel sei das ein wichtiger Schritt, sagte die Leiterin der Untersuchung.</p>
<ul class="link-list">
<li><strong>Archäologie: </strong><a href="/wissen/archaeologie/weihnachtswunder-erklaerung-id240009.html">Simple Erklärung für Weihnachtswunder – Experte zerlegt Mythos</a></li>
<li><strong>Interview: </strong><a href="/wissen/archaeologie/gott-spur-id239950.html">Deutscher Archäologe findet spektakuläre Spur – woher der Name stammt</a></li>
<li><strong>Geschichte: </strong><a href="/wissen/geschichte/antike-frauen-id239876.html">Was Briefe über den Alltag von Frauen in der Antike verraten</a></li>
</ul>
<p>Untersucht wurden vor allem drei Fragen:</p>
<ul>
<li>wie weit die Asche damals nach Osten getragen wurde,</li>
<li>ob die Bewohner vor dem Ausbruch gewarnt waren,</li>
<li>und wie schnell die Siedlungen danach wieder bewohnt wurden.</li>
</ul>
<p>Die Ergebnisse sollen im kommenden Frühjahr in einer Fachzeitschrift erscheinen. Bis dahin wollen die
Forscher weitere Proben aus dem Hafenbecken auswerten, die im Herbst genommen wurden.</p>
<p>Auch das Museum in Fira plant eine Ausstellung zu den neuen Funden, die im Sommer eröffnet werden soll.</p>
</article></main></body></html>"""

TEASERS = ("Simple Erklärung für Weihnachtswunder", "findet spektakuläre Spur", "Alltag von Frauen in der Antike")
BODY_ITEMS = ("wie weit die Asche", "ob die Bewohner", "wie schnell die Siedlungen")


def test_list_items_that_are_labelled_links_to_the_site_are_teasers() -> None:
    tree = parse(PAGE)
    assert tree is not None
    thin(tree)
    paragraphs = body_paragraphs(tree, URL)
    items = [c for c in html_candidates(paragraphs, DomIndex(tree, paragraphs, URL)) if c.text.startswith("- ")]
    assert len(items) == 6, [c.text for c in items]
    teasers = [c for c in items if any(t in c.text for t in TEASERS)]
    plain = [c for c in items if any(t in c.text for t in BODY_ITEMS)]
    assert len(teasers) == 3 and len(plain) == 3
    assert all(c.item_teaser for c in teasers)
    assert not any(c.item_teaser for c in plain)
    assert all(c.dom is None for c in items)  # the models learnt list items without their element's facts


def test_a_labelled_link_to_another_site_or_a_partly_linked_item_is_not_a_teaser() -> None:
    page = PAGE.replace('href="/wissen/geschichte/antike-frauen-id239876.html"',
                        'href="https://www.museum-fira.gr/ausstellung/frauen-der-antike"')
    page = page.replace("<li>ob die Bewohner vor dem Ausbruch gewarnt waren,</li>",
                        '<li>Warnungen: ob die Bewohner vor dem <a href="/wissen/vulkane/fruehwarnung-id238001.html">Ausbruch</a> gewarnt waren,</li>')
    tree = parse(page)
    assert tree is not None
    thin(tree)
    paragraphs = body_paragraphs(tree, URL)
    items = {c.text: c for c in html_candidates(paragraphs, DomIndex(tree, paragraphs, URL)) if c.text.startswith("- ")}
    other_site = next(c for t, c in items.items() if "Alltag von Frauen" in t)
    partly = next(c for t, c in items.items() if "Warnungen" in t)
    assert not other_site.item_teaser and not partly.item_teaser
    assert sum(c.item_teaser for c in items.values()) == 2


def test_a_list_of_linked_teasers_is_removed_and_the_story_s_own_list_kept() -> None:
    result = clean(Page(content=PAGE, url=URL))
    assert isinstance(result, Article)
    for t in TEASERS:
        assert t not in result.text
        assert any(t in line for line in result.removed["related"])
    for t in BODY_ITEMS:
        assert t in result.text
    assert result.text.rstrip().endswith("die im Sommer eröffnet werden soll.")
