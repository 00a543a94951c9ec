"""Hostile inputs, shared by the unit, functional and integration tiers. Big ones are generated here,
never committed. Each case: (name, content, content_type, expected rejection reason or None for an article)."""

from __future__ import annotations

import gzip

BODY = "<html><body><article><h1>Harbour works delayed</h1>" + "".join(f"<p>{p}</p>" for p in (
    "The harbour works that residents have followed for months will take another year, the port authority said on Monday.",
    "Engineers found that the old quay wall was weaker than expected and had to be rebuilt before the new cranes arrive.",
    "Shop owners along the waterfront said the delay would cost them another summer season of visitors and trade.",
    "The council will discuss the new timetable and the extra costs at its next meeting, a spokeswoman said.",
)) + "</article></body></html>"
BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">'
    '<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">'
    '<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">'
    '<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]><html><body><p>&lol9;</p></body></html>'
)
HOME_PAGE = "<html><body><nav>" + "".join(f'<a href="/s{i}">Section {i}</a>' for i in range(40)) + "</nav><ul>" + "".join(
    f'<li><a href="/story/{i}">Headline number {i}</a></li>' for i in range(30)) + "</ul></body></html>"
LOGIN_WALL = ('<html><body><form action="/login"><h1>Sign in</h1><label>Email</label><input name="email">'
              '<label>Password</label><input type="password"><button>Log in</button>'
              '<a href="/forgot">Forgot password?</a></form></body></html>')


def cases() -> list[tuple[str, str | bytes, str | None, str | None]]:
    ru = "Правительство объявило о новом плане строительства железных дорог, который обсуждался много месяцев."
    ja = "政府は新しい鉄道建設計画を発表した。計画は何か月にもわたって議論されてきたもので、多くの住民が注目している。"
    fr = "Le gouvernement a annoncé un nouveau plan ferroviaire, discuté pendant des mois à l'Assemblée régionale."

    def page(text: str) -> str:
        return "<html><body><article>" + "".join(f"<p>{text} ({i})</p>" for i in range(4)) + "</article></body></html>"

    return [
        ("empty", "", None, "empty_page"),
        ("whitespace", " \n\t \r\n ", "text/plain", "empty_page"),
        ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n", "application/pdf", "binary_content"),
        ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "image/png", "binary_content"),
        ("gzip", gzip.compress(BODY.encode()), None, "binary_content"),
        ("invalid-utf8", b"<html><body><p>caf\xe9 \xff\xfe broken \xc3\x28 bytes</p></body></html>", "text/html; charset=utf-8", "no_article"),
        ("windows-1251", page(ru).encode("windows-1251"), "text/html; charset=windows-1251", None),
        ("shift_jis", page(ja).encode("shift_jis"), "text/html; charset=shift_jis", None),
        ("latin1-labelled-utf8", page(fr).encode("iso-8859-1"), "text/html; charset=utf-8", None),
        ("deep-nesting", "<div>" * 200_000 + "deep" + "</div>" * 200_000, "text/html", "no_article"),
        ("billion-laughs", BILLION_LAUGHS, "text/html", "no_article"),
        ("enormous-line", ("word " * 400_000).strip(), "text/plain", "no_article"),
        ("only-scripts", "<html><head><script>var a=1;</script></head><body>" + "<script>track(1)</script>" * 200 + "</body></html>", "text/html", "no_article"),
        # a home page of links: the gate names it a listing (before the gate read links to stories and the
        # extracted lines' link text, it passed it and the line classifier kept nothing: no_article)
        ("home-page", HOME_PAGE, "text/html", "not_article"),
        # a real page (a 2023 US news site) carried 41,740 characters of comma-separated numbers in its text
        # (obfuscated script data), which the gate's page features read: a price pattern scanning it backtracked
        # for 49 s before it was windowed. The gate's features count script text; the gate of 2026-11/12 took the
        # blob over four paragraphs for a non-article, the one that reads links and extracted lines published it
        # (P(article) 0.20 against a threshold of 0.148). The gate that also learns articles without markup markers
        # (2026-12-04, README Quality) weighs what a page shows over its <article> tag: four short sentences under
        # 40,000 characters of data, with no title, URL or declared type, score 0.16 against 0.213 and are
        # dead-lettered as not_article (a known limit, README model card); the dev corpus's 149 news articles of
        # 2023-2026 (fundus) are all published by it in grouped CV. The gate that also learns pages sent bare
        # (2026-12-05, `train.fragment`) has seen four paragraphs with no title, URL or markup as an article, and
        # publishes it. This case keeps the bound on time and the typed outcome.
        ("number-run", BODY.replace("</article>", "</article><script>var d=[" + ",".join(str(i * 37 % 97) for i in range(15_000))
                                    + "];</script>"), "text/html", None),
        ("login-wall", LOGIN_WALL, "text/html", "no_article"),
        ("too-large", "<html><body>" + "<p>filler text of a very large page</p>" * 400_000 + "</body></html>", "text/html", "page_too_large"),
    ]
