"""Pruning keeps code listings whole (`core.html.prune_boilerplate`).

Syntax highlighters (highlight.js, Prism, Rouge) wrap a listing's comments in <span class="hljs-comment">,
"token comment" or "lang-comment": the words a comment section's container also carries. Pruned as reader
comments, a tutorial's shell commands lost every explanatory line. Markup imitating a highlight.js listing in
a blog post (the pattern of a public tutorial page among the dev pages)."""

from __future__ import annotations

from cleanwire.core.html import ParsedPage, parse, prune_boilerplate

LISTING = """<html><body><article><p>These are the commands I use every day.</p>
<pre><code class="hljs language-bash"><span class="hljs-comment"># stage every modified file for the next commit</span>
git add -A
<span class="token comment"># record the staged files with a message</span>
git commit -m "message"</code></pre></article>
<section class="comments" id="comments"><h3>2 Comments</h3><div class="comment">Great post, thanks!</div></section>
</body></html>"""


def test_a_listings_comments_stay_and_the_readers_comments_go() -> None:
    tree = parse(LISTING)
    assert tree is not None
    page = ParsedPage(tree)
    prune_boilerplate(page)
    text = tree.text_content()
    assert "# stage every modified file for the next commit" in text
    assert "# record the staged files with a message" in text
    assert "Great post, thanks!" not in text
    assert any("Great post" in t for t in page.removed["comments"])
