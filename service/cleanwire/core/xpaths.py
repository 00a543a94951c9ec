"""trafilatura's element-selecting XPath expressions, evaluated by a Python walk with the same result.

trafilatura selects what to prune and where the body starts with XPath expressions that test class and id
attributes with EXSLT regular expressions (`re:test`). lxml runs each `re:test` as a call back into Python,
one per element and attribute, and those calls are a fifth of what `clean` spends in trafilatura (about
5 ms of a page's ~25 ms on the dev corpus). The walks below compute the same node lists (same elements,
same document order) with lxml's C tag filter and one compiled pattern per attribute.

Equality is checked, not assumed:
- each replacement is installed only where trafilatura's expression has the structure it was written from:
  the expression's text with its string literals blanked must equal the skeleton recorded here, and the
  literals (the token alternations trafilatura keeps extending) are read from trafilatura's own expression,
  so a new token upstream is picked up and a changed structure falls back to trafilatura's XPath;
- tests run both on real pages and on elements built to hit each clause (attribute order, absent and
  empty attributes, case), and compare the lists element by element.

Two functions are replaced too: `_prepare_tree`, whose copy of the cleaned tree only the fallback extractors read
(`_PREPARE_TREE`, installed only where trafilatura's source is the text recorded there), and the `html2txt` that
trafilatura's recall escalation measures the page with, answered from an upper bound of its length where the bound
decides the comparison (`_escalation_swap`; installed only where trafilatura's code is what the bound was derived
from).

The replacements are swapped in only while `clean` calls trafilatura (`accelerated()`), so that
`trafilatura.extract` called anywhere else in the process (the speed benchmark's baseline) runs unchanged.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from lxml import etree

Select = Callable[[Any], list[Any]]

_LITERAL = re.compile(r"'([^']*)'")

_DIVLIKE = ("div", "item", "list", "p", "section", "span")
_ARTICLE_LIKE = ("article", "div", "main", "section")


def skeleton(path: str) -> tuple[str, list[str]]:
    """An XPath's text with its string literals blanked (whitespace normalised), and the literals."""
    return " ".join(_LITERAL.sub("'?'", path).split()), _LITERAL.findall(path)


def _first_of(el: Any, a: str, b: str) -> str:
    """XPath's string value of `@a|@b`: the one of the two attributes that comes first on the element."""
    va = el.get(a)
    vb = el.get(b)
    if va is None:
        return "" if vb is None else vb
    if vb is None:
        return va
    for key in el.keys():  # noqa: SIM118 - iterating an element gives its children, not its attributes
        if key == a:
            return va
        if key == b:
            return vb
    return va  # pragma: no cover - both were found by get()


def _rx(pattern: str, flags: str = "") -> Callable[[str], Any]:
    """An EXSLT `re:test` as lxml runs it: Python's `re.search`, UNICODE, `i` for IGNORECASE."""
    return re.compile(pattern, re.UNICODE | (re.IGNORECASE if "i" in flags else 0)).search


def _overall_discard_0(lit: list[str]) -> Select:
    # [N, n, nav, MostPopularStories, cookie, id-tokens, class-tokens]
    n_from, n_to, nav, popular = lit[0], lit[1], lit[2], lit[3]
    cookie, id_rx, class_rx = _rx(lit[4]), _rx(lit[5]), _rx(lit[6])
    lp_attr = "data-lp-replacement-content"

    def select(tree: Any) -> list[Any]:
        out = []
        for el in tree.iterdescendants(*_DIVLIKE):
            get = el.get
            if (
                get(lp_attr) is not None
                or nav in (get("role") or "").replace(n_from, n_to)
                or popular in (get("data-component") or "")
                or cookie(_first_of(el, "id", "class"))
                or id_rx(get("id") or "")
                or class_rx(get("class") or "")
            ):
                out.append(el)
        return out

    return select


def _overall_discard_1(lit: list[str]) -> Select:
    # [comments-title, reply-, hidden, display:none, display: none, id-rx, class-rx, true]
    title, reply, dn1, dn2, aria = lit[0], lit[1], lit[3], lit[4], lit[7]
    hidden, id_rx, class_rx = _rx(lit[2]), _rx(lit[5]), _rx(lit[6])

    def select(tree: Any) -> list[Any]:
        out = []
        for el in tree.iterdescendants(etree.Element):
            get = el.get
            cls = get("class")
            style = get("style") or ""
            if (
                cls == title
                or _first_of(el, "id", "class").startswith(reply)
                or hidden(_first_of(el, "id", "style"))
                or dn1 in style
                or dn2 in style
                or id_rx(get("id") or "")
                or class_rx(cls or "")
                or get("aria-hidden") == aria
            ):
                out.append(el)
        return out

    return select


def _remove_comments(lit: list[str]) -> Select:
    id_rx, class_rx = _rx(lit[0]), _rx(lit[1])

    def select(tree: Any) -> list[Any]:
        return [
            el
            for el in tree.iterdescendants("div", "list", "section", "details")
            if id_rx(el.get("id") or "") or class_rx(el.get("class") or "")
        ]

    return select


def _remove_comments_and_lists(lit: list[str]) -> Select:
    id_rx, class_rx, list_id_rx, list_class_rx = _rx(lit[0]), _rx(lit[1]), _rx(lit[2]), _rx(lit[3])

    def select(tree: Any) -> list[Any]:
        out = []
        for el in tree.iterdescendants("div", "list", "section", "details", "ol", "ul"):
            id_ = el.get("id") or ""
            cls = el.get("class") or ""
            if not (id_rx(id_) or class_rx(cls)):
                continue
            if el.tag not in ("ol", "ul") or list_id_rx(id_) or list_class_rx(cls):
                out.append(el)
        return out

    return select


def _raw_tree_prune_0(lit: list[str]) -> Select:
    id_rx, class_rx, keep_id_rx, keep_class_rx = _rx(lit[0]), _rx(lit[1]), _rx(lit[2]), _rx(lit[3])

    def select(tree: Any) -> list[Any]:
        out = []
        for el in tree.iterdescendants("div", "section", "aside"):
            id_ = el.get("id") or ""
            cls = el.get("class") or ""
            if not (id_rx(id_) or class_rx(cls)):
                continue
            if next(el.iterdescendants("h1"), None) is None or keep_id_rx(id_) or keep_class_rx(cls):
                out.append(el)
        return out

    return select


def _raw_tree_prune_1(lit: list[str]) -> Select:
    share = lit[0]

    def select(tree: Any) -> list[Any]:
        return [el for el in tree.iterdescendants("div", "section", "aside") if share in (el.get("class") or "")]

    return select


def _teaser(lit: list[str]) -> Select:
    # [T, t, teaser, T, t, teaser]
    i_from, i_to, i_word, c_from, c_to, c_word = lit

    def select(tree: Any) -> list[Any]:
        return [
            el
            for el in tree.iterdescendants(*_DIVLIKE)
            if i_word in (el.get("id") or "").replace(i_from, i_to)
            or c_word in (el.get("class") or "").replace(c_from, c_to)
        ]

    return select


def _discard_image(lit: list[str]) -> Select:
    id_word, class_word = lit

    def select(tree: Any) -> list[Any]:
        return [
            el
            for el in tree.iterdescendants(*_DIVLIKE)
            if id_word in (el.get("id") or "") or class_word in (el.get("class") or "")
        ]

    return select


def _first_child_matches(tree: Any, tags: Sequence[str], test: Callable[[Any], bool]) -> list[Any]:
    """`.//*[tags][test][1]`: of every element's children that pass, the first (document order)."""
    out = []
    parents: set[Any] = set()
    for el in tree.iterdescendants(*tags):
        if test(el):
            parent = el.getparent()
            if parent not in parents:
                parents.add(parent)
                out.append(el)
    return out


def _first_match(tree: Any, tags: Sequence[str], test: Callable[[Any], bool]) -> list[Any]:
    """`(.//*[tags][test])[1]`: the first passing element in document order, as a list of 0 or 1."""
    for el in tree.iterdescendants(*tags):
        if test(el):
            return [el]
    return []


def _body_0(lit: list[str]) -> Select:
    # [post, entry, articleBody, articleContent, id-rx, class-rx]
    class_a, class_b, itemprop, ident = lit[0], lit[1], lit[2], lit[3]
    id_rx, class_rx = _rx(lit[4]), _rx(lit[5])

    def test(el: Any) -> bool:
        get = el.get
        cls = get("class")
        id_ = get("id")
        return bool(
            cls in (class_a, class_b)
            or get("itemprop") == itemprop
            or id_ == ident
            or id_rx(id_ or "")
            or class_rx(cls or "")
        )

    return lambda tree: _first_child_matches(tree, _ARTICLE_LIKE, test)


def _body_2(lit: list[str]) -> Select:
    # [article, article, story, postarea, art-postcontent, text, cell, story, id-rx, fulltext, i, class-rx]
    role = lit[0]
    ids = {lit[1], lit[2]}
    classes = set(lit[3:8])
    id_rx, fulltext_rx, class_rx = _rx(lit[8]), _rx(lit[9], lit[10]), _rx(lit[11])

    def test(el: Any) -> bool:
        get = el.get
        cls = get("class")
        id_ = get("id")
        return bool(
            get("role") == role
            or id_ in ids
            or cls in classes
            or id_rx(id_ or "")
            or fulltext_rx(cls or "")
            or class_rx(cls or "")
        )

    return lambda tree: _first_match(tree, _ARTICLE_LIKE, test)


def _body_3(lit: list[str]) -> Select:
    # [content, content, id-rx, class-rx, CM, cm, main-content, CM, cm, main-content, CP, cp, page-content]
    ident, class_eq = lit[0], lit[1]
    id_rx, class_rx = _rx(lit[2]), _rx(lit[3])
    id_map, class_map, page_map = (str.maketrans(lit[i], lit[i + 1]) for i in (4, 7, 10))

    def test(el: Any) -> bool:
        get = el.get
        cls = get("class")
        id_ = get("id")
        return bool(
            id_ == ident
            or cls == class_eq
            or id_rx(id_ or "")
            or class_rx(cls or "")
            or lit[6] in (id_ or "").translate(id_map)
            or lit[9] in (cls or "").translate(class_map)
            or lit[12] in (cls or "").translate(page_map)
        )

    return lambda tree: _first_match(tree, _ARTICLE_LIKE, test)


def _basic_clean(lit: list[str]) -> Select:
    # [footer, cookie-rx, i, cookie-rx, i]: html2txt's whole-page cleaning, also its page measure
    footer, class_rx, id_rx = lit[0], _rx(lit[1], lit[2]), _rx(lit[3], lit[4])
    tags = {"aside", "fencedframe", "footer", "script", "style", "svg", "template"}

    def select(tree: Any) -> list[Any]:
        out = []
        for el in tree.iterdescendants(etree.Element):
            if el.tag in tags:
                out.append(el)
                continue
            get = el.get
            if (
                (el.tag == "div" and footer in _first_of(el, "class", "id"))
                or class_rx(get("class") or "")
                or id_rx(get("id") or "")
            ):
                out.append(el)
        return out

    return select


# What html2txt deletes before it measures a page (scripts and styles among it: `page_text_bound` relies on that).
_BASIC_CLEAN = (".//aside|.//div[contains(@class|@id, '?')]|.//fencedframe|.//footer|.//script|.//style|.//svg|.//template"
                "|.//*[re:test(@class, '?', '?') or re:test(@id, '?', '?')]")


# (trafilatura module, its name for the expression or list of them, index in the list or None, the expression's
# skeleton, builder from its literals)
_SPECS: tuple[tuple[str, str, int | None, str, Callable[[list[str]], Select]], ...] = (
    ("xpaths", "OVERALL_DISCARD_XPATH", 0,
     ".//*[self::div or self::item or self::list or self::p or self::section or self::span][ @data-lp-replacement-content "
     "or contains(translate(@role, '?', '?'), '?') or contains(@data-component, '?') or re:test(@id|@class, '?') "
     "or re:test(@id, '?') or re:test(@class, '?')]",
     _overall_discard_0),
    ("xpaths", "OVERALL_DISCARD_XPATH", 1,
     ".//*[@class='?' or starts-with(@id|@class, '?') or re:test(@id|@style, '?') or contains(@style, '?') or "
     "contains(@style, '?') or re:test(@id, '?') or re:test(@class, '?') or @aria-hidden='?']",
     _overall_discard_1),
    ("xpaths", "REMOVE_COMMENTS_XPATH", 0,
     ".//*[self::div or self::list or self::section or self::details][ re:test(@id, '?') or "
     "re:test(@class, '?')]",
     _remove_comments),
    ("xpaths", "REMOVE_COMMENTS_AND_LISTS_XPATH", 0,
     ".//*[self::div or self::list or self::section or self::details or self::ol or self::ul][ "
     "re:test(@id, '?') or re:test(@class, '?')][ not(self::ol or self::ul) or re:test(@id, '?') or "
     "re:test(@class, '?')]",
     _remove_comments_and_lists),
    ("xpaths", "RAW_TREE_PRUNE_XPATH", 0,
     ".//*[self::div or self::section or self::aside][ re:test(@id, '?') or re:test(@class, '?')][ "
     "not(.//h1) or re:test(@id, '?') or re:test(@class, '?')]",
     _raw_tree_prune_0),
    ("xpaths", "RAW_TREE_PRUNE_XPATH", 1,
     ".//*[self::div or self::section or self::aside][contains(@class, '?')]",
     _raw_tree_prune_1),
    ("xpaths", "TEASER_DISCARD_XPATH", 0,
     ".//*[self::div or self::item or self::list or self::p or self::section or self::span][ "
     "contains(translate(@id, '?', '?'), '?') or contains(translate(@class, '?', '?'), '?')]",
     _teaser),
    ("xpaths", "DISCARD_IMAGE_ELEMENTS", 0,
     ".//*[self::div or self::item or self::list or self::p or self::section or self::span][ "
     "contains(@id, '?') or contains(@class, '?')]",
     _discard_image),
    ("xpaths", "BODY_XPATH", 0,
     ".//*[self::article or self::div or self::main or self::section][ @class='?' or @class='?' or "
     "@itemprop='?' or @id='?' or re:test(@id, '?') or re:test(@class, '?') ][1]",
     _body_0),
    ("xpaths", "BODY_XPATH", 2,
     "(.//*[self::article or self::div or self::main or self::section][ @role='?' or @id='?' or @id='?' or "
     "@class='?' or @class='?' or @class='?' or @class='?' or @class='?' or re:test(@id, '?') or "
     "re:test(@class, '?', '?') or re:test(@class, '?') ])[1]",
     _body_2),
    ("xpaths", "BODY_XPATH", 3,
     "(.//*[self::article or self::div or self::main or self::section][ @id='?' or @class='?' or "
     "re:test(@id, '?') or re:test(@class, '?') or contains(translate(@id, '?','?'), '?') or "
     "contains(translate(@class, '?','?'), '?') or contains(translate(@class, '?','?'), '?') ])[1]",
     _body_3),
    ("baseline", "BASIC_CLEAN_XPATH", None, _BASIC_CLEAN, _basic_clean),
)


# trafilatura.core._prepare_tree, as in the trafilatura this was written against (2.3): it cleans a copy of the
# raw tree, keeps a copy of the cleaned tree (the "backup") and converts the tags. Only the fallback extractors
# (readability, jusText: `compare_extraction`, skipped in fast mode) and the forum route of comment capture
# read the backup. clean's first pass is fast and without comments, so there the copy is made for nothing:
# 1.1% of clean's time on the dev corpus (measured page by page alternating, four passes).
_PREPARE_TREE = '''def _prepare_tree(tree: HtmlElement, options: Extractor, url: str | None) -> tuple[HtmlElement, HtmlElement]:
    "Clean and convert a raw tree, returning (converted, pre-conversion backup)."
    cleaned = tree_cleaning(copy(tree), options)
    backup = copy(cleaned)
    cleaned = convert_tags(cleaned, options, url)
    return cleaned, backup
'''


def _prepare_tree_swap() -> Swap | None:
    """The replacement of trafilatura.core._prepare_tree that skips the backup where nothing reads it, or
    None where the installed function is not the one `_PREPARE_TREE` records (then trafilatura's runs)."""
    import copy
    import inspect

    import trafilatura.core as core

    original: Any = getattr(core, "_prepare_tree", None)
    try:
        if inspect.getsource(original) != _PREPARE_TREE:  # TypeError where it is absent or not a function
            return None
    except (OSError, TypeError):
        return None
    tree_cleaning, convert_tags = core.tree_cleaning, core.convert_tags

    def prepare_tree(tree: Any, options: Any, url: str | None) -> tuple[Any, Any]:
        if not options.fast or options.comments:
            return original(tree, options, url)
        cleaned = convert_tags(tree_cleaning(copy.copy(tree), options), options, url)
        return cleaned, cleaned  # in fast mode without comments nothing reads the backup

    return Swap("_prepare_tree", core, "_prepare_tree", original, prepare_tree)


# trafilatura.core.trafilatura_sequence decides whether to retry a short extraction in recall mode by the page's
# text: `len(temp_text) < ESCALATION_PAGE_SHARE * len(html2txt(tree))`, where html2txt copies the tree, deletes
# asides, footers, scripts, styles, SVG, templates and cookie boxes (keeping each one's tail), puts a space before
# and after every block element's text and collapses the whitespace. Only that length is read, and only to compare
# it. An upper bound of it costs a text_content() and a count of the block elements, without the copy: the page's
# whitespace-collapsed text, less the non-space characters of its scripts and styles (html2txt deletes them all),
# plus two for every block element (a space inserted grows a collapsed text by at most one character; deleting
# text never grows it). Where the extraction already holds ESCALATION_PAGE_SHARE of that bound, it holds that
# share of the true length too and the comparison is false: the replacement returns "", for which it is false as
# well, and trafilatura's html2txt runs only where the bound does not decide (on the dev corpus's pages it decides
# 131 of 179 checks). Installed only where trafilatura_sequence calls html2txt once, in the expression
# `_ESCALATION_TEST` (so the frame that calls it has `temp_text`), where html2txt and the functions it calls are
# the text the bound was derived from (`_HTML2TXT_SHA256`), and where the expression they delete with has the
# structure `_BASIC_CLEAN` records (its scripts and styles); elsewhere trafilatura's own runs.
_ESCALATION_TEST = "len(temp_text) < ESCALATION_PAGE_SHARE * len(html2txt(tree))"
_HTML2TXT_SHA256 = "1ffce162beca42bb0892b7ac58d373c3f8e48e9b2ec8ca4a0cbcf9c06fc925dc"


def _html2txt_derived() -> bool:
    """html2txt, the two functions it calls and the expression it deletes with are what `page_text_bound` was
    derived from: the functions' source hashes to `_HTML2TXT_SHA256`, the expression has `_BASIC_CLEAN`'s
    structure (it deletes scripts and styles)."""
    import hashlib
    import importlib
    import inspect

    baseline = importlib.import_module("trafilatura.baseline")  # the package's `baseline` attribute is a function
    sources = "".join(inspect.getsource(f) for f in (baseline.html2txt, baseline.basic_cleaning, baseline._spaced_text))
    path = getattr(getattr(baseline, "BASIC_CLEAN_XPATH", None), "path", None)
    return (hashlib.sha256(sources.encode()).hexdigest() == _HTML2TXT_SHA256
            and isinstance(path, str) and skeleton(path)[0] == _BASIC_CLEAN)


def page_text_bound(tree: Any) -> int:
    """An upper bound of len(trafilatura.baseline.html2txt(tree)) for a parsed page (`_ESCALATION_TEST`)."""
    from trafilatura.baseline import _BLOCK_ELEMS

    body = tree.find(".//body")
    if body is None:
        body = tree
    words = body.text_content().split()
    collapsed = sum(map(len, words)) + max(len(words) - 1, 0)
    unseen = sum(len("".join((el.text or "").split())) for el in body.iter("script", "style"))
    blocks = sum(1 for _ in body.iter(*_BLOCK_ELEMS))
    return collapsed - unseen + 2 * blocks


def _escalation_swap() -> Swap | None:
    """The replacement of trafilatura.core's html2txt that answers the escalation test from `page_text_bound`
    where the bound decides it, or None where trafilatura is not the code the bound was derived for."""
    import ast
    import inspect
    import sys
    import textwrap

    import trafilatura.core as core

    original: Any = getattr(core, "html2txt", None)
    sequence: Any = getattr(core, "trafilatura_sequence", None)
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(sequence)))
        derived = _html2txt_derived()
    except (OSError, TypeError, AttributeError, SyntaxError):
        return None
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "html2txt"]
    tests = [n for n in ast.walk(tree) if isinstance(n, ast.Compare) and ast.unparse(n) == _ESCALATION_TEST]
    if not derived or len(calls) != 1 or len(tests) != 1 or not callable(original):
        return None
    code = sequence.__code__

    def html2txt(content: Any, clean: bool = True) -> str:
        frame = sys._getframe(1)
        if frame.f_code is code and clean and isinstance(content, etree.ElementBase):
            extracted = len(frame.f_locals["temp_text"])
            if extracted >= core.ESCALATION_PAGE_SHARE * page_text_bound(content):
                return ""
        return str(original(content, clean))

    return Swap("html2txt", core, "html2txt", original, html2txt)


class Swap:
    """One of trafilatura's expressions (or functions): where it lives (a module attribute or a list item), and
    its replacement (a walk, or `_prepare_tree_swap`'s or `_escalation_swap`'s function)."""

    def __init__(self, name: str, container: Any, key: str | int, original: Any, fast: Callable[..., Any]) -> None:
        self.name, self.container, self.key, self.original, self.fast = name, container, key, original, fast

    def current(self) -> Any:
        if isinstance(self.key, str):
            return getattr(self.container, self.key)
        return self.container[self.key]

    def put(self, value: Any) -> None:
        if isinstance(self.key, str):
            setattr(self.container, self.key, value)
        else:
            self.container[self.key] = value


class _Accelerated:
    """The replacements that apply to the installed trafilatura, and the originals to restore."""

    def __init__(self) -> None:
        import importlib

        self.swaps: list[Swap] = []
        self.skipped: list[str] = []
        self._lock = threading.Lock()
        self._depth = 0
        for module_name, attr, index, expected, build in _SPECS:
            label = attr if index is None else f"{attr}[{index}]"
            try:
                module = importlib.import_module(f"trafilatura.{module_name}")
            except ImportError:  # pragma: no cover - trafilatura is a dependency
                self.skipped.append(label)
                continue
            value = getattr(module, attr, None)
            container: Any = module
            key: str | int = attr
            if index is not None:
                if not isinstance(value, list) or len(value) <= index:
                    self.skipped.append(label)
                    continue
                container, key, value = value, index, value[index]
            path = getattr(value, "path", None)
            shape, literals = skeleton(path) if isinstance(path, str) else ("", [])
            if shape != expected:
                self.skipped.append(label)
                continue
            try:
                fast = build(literals)
            except (IndexError, ValueError, re.error):
                self.skipped.append(label)
                continue
            self.swaps.append(Swap(label, container, key, value, fast))
        self.functions: list[Swap] = []  # trafilatura's functions replaced (beside its expressions)
        prepare = _prepare_tree_swap()
        if prepare is None:
            self.skipped.append("_prepare_tree")
        else:
            self.functions.append(prepare)
        escalation = _escalation_swap()
        if escalation is None:
            self.skipped.append("html2txt")
        else:
            self.functions.append(escalation)

    @contextmanager
    def active(self) -> Iterator[None]:
        with self._lock:
            self._depth += 1
            if self._depth == 1:
                for swap in (*self.swaps, *self.functions):
                    swap.put(swap.fast)
        try:
            yield
        finally:
            with self._lock:
                self._depth -= 1
                if self._depth == 0:
                    for swap in (*self.swaps, *self.functions):
                        swap.put(swap.original)


@functools.cache
def state() -> _Accelerated:
    return _Accelerated()


def accelerated() -> Any:
    """Context manager: trafilatura's expressions replaced by the walks above, its `_prepare_tree` by one
    without the copy fast mode does not read, and its escalation's `html2txt` by the bound where that decides,
    while it is open."""
    return state().active()
