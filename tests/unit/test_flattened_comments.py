"""Readers' comments under a post, in flattened text. trafilatura leaves comment sections out of HTML; a fetcher's
flattened text keeps them, as paragraphs of prose in the post's own words, with a name and a time above each
(here without "says:" or "Reply", which name the section on many blogs). Since the flattened-text labels
count such lines as another text (`cleanwire.learn.labels`, `other_text`) the text models learn them as
boilerplate; the models before that removed this short thread too (by its place after the post), so this
guards the behaviour rather than shows the change (README, Quality, "twelfth session"). The page imitates a
personal blog's post about a film and its comment thread (the layout of a WordPress comment list flattened by
a layout-aware converter); no third-party text."""

from __future__ import annotations

from cleanwire.core.models import Article, Page
from cleanwire.core.pipeline import clean

BODY = [
    "I watched the old science fiction film again last weekend, for the first time in twenty years, and it holds "
    "up far better than I expected, mostly because it never takes its own heroes seriously.",
    "The effects are dated, of course, but the director knew exactly what he was doing with them: every space "
    "battle is staged like a recruiting poster, and the film keeps asking whether you noticed.",
    "What surprised me most is how little of the novel survives. The names are there, and the war, but the "
    "point of the book is turned inside out, and I think the film is better for it.",
    "If you have not seen it since it came out, give it another try. It is funnier and angrier than you "
    "remember, and the last ten minutes are as bleak as anything the studio ever released.",
]
COMMENTS = [
    ("Emma", "December 18, 2025, 9:46 pm",
     "I saw it in the cinema when it came out and hated it, then watched it again in college and loved it. "
     "Same film, different me, I suppose."),
    ("Travis", "December 18, 2025, 10:02 pm",
     "The novel is still worth reading though. I read it every few years and notice something new each time, "
     "even if I disagree with most of it now."),
    ("rogue1", "December 19, 2025, 1:35 am",
     "Agreed about the ending. I remember walking out of the theatre with my brother and neither of us said a "
     "word until we got to the car."),
]


def _page() -> str:
    lines = ["Menu", "Home", "About", "Books", "Contact", "", "Watching an old film again", "",
             "Posted on December 18, 2025 by the author", ""]
    for para in BODY:
        lines += [para, ""]
    lines += ["Share this:", "Facebook", "Email", "", "Related", "", "3 thoughts on “Watching an old film again”", ""]
    for n, (name, when, text) in enumerate(COMMENTS, 1):
        lines += [f"{n}. {name}", "", when, "", text, ""]
    lines += ["Leave a Reply", "Your email address will not be published. Required fields are marked *", "",
              "Proudly powered by WordPress"]
    return "\n".join(lines)


def test_the_post_is_kept_and_the_comments_go() -> None:
    result = clean(Page(content=_page(), url="https://blog.example.net/2025/12/18/watching-an-old-film-again/",
                        content_type="text/plain"))
    assert isinstance(result, Article), result
    kept = result.text.split("\n")
    for para in BODY:
        assert para in kept, para[:40]
    left = [text[:40] for _, _, text in COMMENTS if text in kept]
    assert not left, left
