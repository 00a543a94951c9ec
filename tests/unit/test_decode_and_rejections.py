"""Charsets, and every rejection reason of the core."""

from __future__ import annotations

import gzip

import pytest

from cleanwire import Article, Page, Rejected, RejectReason, clean
from cleanwire.core.models import CleanOptions

RU = "Правительство объявило о новом плане строительства железных дорог, который обсуждался много месяцев подряд."
JA = "政府は新しい鉄道建設計画を発表した。計画は何か月にもわたって議論されてきたもので、多くの住民が注目している。"
FR = "Le gouvernement a annoncé un nouveau plan de construction ferroviaire, discuté pendant des mois à l'Assemblée."


def _html(text: str, meta: str = "") -> str:
    return f"<html><head>{meta}</head><body><article>" + "".join(f"<p>{text} ({i})</p>" for i in range(4)) + "</article></body></html>"


@pytest.mark.parametrize(
    ("text", "charset", "how"),
    [
        (RU, "windows-1251", "header"),
        (RU, "windows-1251", "meta"),
        (JA, "shift_jis", "header"),
        (JA, "shift_jis", "meta"),
        (FR, "iso-8859-1", "header"),
        (FR, "utf-8", "none"),
        (RU, "windows-1251", "none"),
    ],
)
def test_bytes_are_decoded_by_header_meta_or_detection(text: str, charset: str, how: str) -> None:
    meta = f'<meta charset="{charset}">' if how == "meta" else ""
    data = _html(text, meta).encode(charset)
    ctype = f"text/html; charset={charset}" if how == "header" else "text/html"
    result = clean(Page(content=data, content_type=ctype))
    assert isinstance(result, Article), result
    assert text in result.text


def test_utf8_mislabelled_as_latin1_is_read_as_utf8() -> None:
    data = _html(RU).encode("utf-8")
    result = clean(Page(content=data, content_type="text/html; charset=iso-8859-1"))
    assert isinstance(result, Article) and RU in result.text


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("", RejectReason.EMPTY_PAGE),
        (b"", RejectReason.EMPTY_PAGE),
        ("   \n\t  \n", RejectReason.EMPTY_PAGE),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", RejectReason.BINARY_CONTENT),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", RejectReason.BINARY_CONTENT),
        (gzip.compress(b"<html>hello</html>"), RejectReason.BINARY_CONTENT),
        ("<html><body><script>var a = 1;</script><script>track()</script></body></html>", RejectReason.NO_ARTICLE),
        ("<html><body><nav><a href='/'>Home</a><a href='/login'>Log in</a></nav></body></html>", RejectReason.NO_ARTICLE),
        ("<div>" * 5000 + "deep" + "</div>" * 5000, RejectReason.NO_ARTICLE),
    ],
)
def test_rejection_reasons(content: str | bytes, reason: RejectReason) -> None:
    result = clean(Page(content=content))
    assert isinstance(result, Rejected)
    assert result.reason == reason and result.detail


def test_page_over_the_size_limit_is_rejected() -> None:
    result = clean(Page(content=_html(FR)), CleanOptions(max_page_bytes=200))
    assert isinstance(result, Rejected) and result.reason == RejectReason.PAGE_TOO_LARGE


def test_strip_controls_removes_control_characters_only() -> None:
    from cleanwire.core.decode import strip_controls

    # a NUL, a form feed, a bell, DEL and an escape among tab, line breaks, accents, CJK and a lone surrogate
    assert strip_controls("a\x00b\tc\x0c\nd\x07é\x7f中\x1b\r\n\ud800z") == "ab\tc\ndé中\r\n\ud800z"
    clean = "Moscow, 23 April 2019\twith\nlines — «quoted» 中文"
    assert strip_controls(clean) is clean  # nothing to strip: the very same string back


@pytest.mark.parametrize(
    ("data", "content_type", "keeps_bytes"),
    [
        (_html(RU).encode("utf-8"), None, True),  # no label: valid UTF-8
        (_html(RU, '<meta charset="utf-8">').encode("utf-8"), None, True),  # labelled
        (_html(RU).encode("utf-8"), "text/html; charset=iso-8859-1", True),  # mislabelled as latin-1
        (_html(FR).encode("iso-8859-1"), "text/html; charset=iso-8859-1", False),  # another encoding
        (b"\xef\xbb\xbf" + _html(FR).encode("utf-8"), None, False),  # a BOM: the text is not all the bytes
        (_html(FR), None, False),  # given as text
    ],
)
def test_the_utf8_bytes_kept_are_exactly_the_text_s_encoding(data: str | bytes, content_type: str | None,
                                                             keeps_bytes: bool) -> None:
    """The parser and the control-character check read these bytes instead of the text encoded again: they
    must be that encoding, byte for byte, or not be given."""
    from cleanwire.core.decode import decode, decode_keeping_utf8

    decoded = decode_keeping_utf8(data, content_type)
    assert not isinstance(decoded, Rejected)
    text, utf8 = decoded
    assert text == decode(data, content_type)
    assert (utf8 is not None) == keeps_bytes
    if utf8 is not None:
        assert utf8 == text.encode("utf-8")


def test_a_page_with_control_characters_is_parsed_from_its_stripped_text() -> None:
    """The kept bytes still hold the control characters: once they are stripped from the text, the text is
    what gets parsed."""
    body = "".join(f"<p>{FR} ({i})\x07</p>" for i in range(4))
    data = f"<html><body><article>{body}</article></body></html>".encode()
    result = clean(Page(content=data, content_type="text/html"))
    assert isinstance(result, Article)
    assert "\x07" not in result.text and FR in result.text
