"""The eval's third converter (`flatten_lxml`, never trained on) gets text already decoded: a page that declares
another charset in its <meta> (a GB2312 news page, decoded to str upstream) must flatten to its text, not to
nothing (libxml2, told nothing, read the UTF-8 bytes as GB2312 and lost the body)."""

from __future__ import annotations

from cleanwire.learn.flatten import flatten_lxml

PAGE = ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">'
        '<head><meta http-equiv="content-type" content="text/html;charset=GB2312"/><title>新闻</title></head>'
        "<body><div><p>国务院新闻办公室今天举行新闻发布会，介绍一季度经济运行情况。</p>"
        "<p>The second paragraph is in English.</p></div></body></html>")


def test_a_page_declaring_another_charset_flattens_to_its_text() -> None:
    lines = [line for line in flatten_lxml(PAGE).splitlines() if line.strip()]
    assert lines == ["国务院新闻办公室今天举行新闻发布会，介绍一季度经济运行情况。", "The second paragraph is in English."]
