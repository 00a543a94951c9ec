"""Training data out of labelled pages, the four models out of training data, grouped folds.

`build` runs the service's own `prepare` (the same candidates and features `clean` computes) on each
page's HTML and on the page flattened by each converter of `flatten.CONVERTERS`, and labels the lines
(`labels`). Line models learn from article pages only (teasers are the body of a listing page, never of
an article); the gates learn every page type. Everything is seeded: the same data gives the same model.
"""

from __future__ import annotations

import gzip
import itertools
import multiprocessing
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import orjson

from cleanwire.core import gate
from cleanwire.core.decode import decode
from cleanwire.core.model import (
    BAGS,
    FORMAT,
    LIBRARIES,
    MODEL_NAMES,
    all_names,
    bag_names,
    expected_features,
    library_versions,
)
from cleanwire.core.models import Rejected
from cleanwire.core.pipeline import prepare
from cleanwire.learn.data import LabelledPage
from cleanwire.learn.flatten import CONVERTERS, flatten
from cleanwire.learn.labels import Reference

SEED = 20261201
# The median score a stretch of kept lines cut off from the article's own needs to stay (`boilerplate.decide`),
# per kind of input. Flattened text: 0.7 since its labels count another text in the reference's words as
# boilerplate (`cleanwire.learn.labels`, 2026-12-05): its models score body further from boilerplate, and at
# 0.85 they cut off the second half of news articles split by a prompt or a gallery (grouped CV, flattened by
# inscriptis: recall 0.935 before -> 0.896 at 0.85, 0.925 at 0.7; F1 0.892 -> 0.886 / 0.901; pages with a leak
# 164 -> 92 / 98; README, Quality, twelfth session).
# Written into the manifest with the line thresholds: a property of the models' score distribution, so a
# retrain with other labels carries its own bar (`Models.detached_min`).
DETACHED_MIN = {"html": 0.85, "text": 0.7}
# The HTML models learn without row or feature sampling: with it, the seed alone moved the short-article
# probes' paragraphs by up to 0.2 (8 of the 21 body paragraphs of tests/unit/test_prompts.py lost with one
# seed, none with another) and the HTML gate's P(article) of the hostile "number-run" page across its
# threshold; without it they depend on the data only, and grouped CV scores them no worse (README, model
# card). The text models keep it until their own retraining is measured (SAMPLED).
LINE_PARAMS = {"objective": "binary", "learning_rate": 0.08, "num_leaves": 31, "min_data_in_leaf": 40, "max_bin": 63,
               "lambda_l2": 1.0, "verbose": -1, "seed": SEED, "deterministic": True, "force_row_wise": True,
               "num_threads": 2}
LINE_ROUNDS = 200
GATE_PARAMS = {"objective": "multiclass", "num_class": len(gate.PAGE_TYPES), "learning_rate": 0.05, "num_leaves": 7,
               "min_data_in_leaf": 10, "lambda_l2": 1.0, "verbose": -1, "seed": SEED, "deterministic": True,
               "force_row_wise": True, "num_threads": 2}
SAMPLING = {"feature_fraction": 0.8, "bagging_fraction": 0.8, "bagging_freq": 1}
SAMPLED = frozenset({"text"})  # the kinds whose models learn with SAMPLING


def params(base: dict[str, object], kind: str, bag: int = 0) -> dict[str, object]:
    """`base` with SAMPLING for the SAMPLED kinds; bag k of a line model learns with seed SEED + k."""
    seeded = {**base, "seed": SEED + bag}
    return {**seeded, **SAMPLING} if kind in SAMPLED else seeded


GATE_ROUNDS = 150
# The share of training articles (out of fold) a gate's threshold may reject. Grouped CV rejects more of the
# scored folds' articles than this: sites it never saw. The HTML gate's is measured with `without_markers`
# (README, model card); the text gate keeps the value it was measured with.
ARTICLE_REJECT_TARGET = {"html": 0.008, "text": 0.006}


@dataclass
class Part:
    """Rows of one kind (html or text) with their page index."""

    rows: list[np.ndarray] = field(default_factory=list)
    labels: list[np.ndarray] = field(default_factory=list)
    page: list[np.ndarray] = field(default_factory=list)
    gate_rows: list[np.ndarray] = field(default_factory=list)
    gate_page: list[int] = field(default_factory=list)
    frag_rows: list[np.ndarray] = field(default_factory=list)  # the gate's rows of pages sent bare (`fragment`)
    frag_page: list[int] = field(default_factory=list)

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        def cat(xs: list[np.ndarray], width: int) -> np.ndarray:
            return np.concatenate(xs) if xs else np.zeros((0, width), dtype=np.float32)
        return (cat(self.rows, 0), np.concatenate(self.labels), np.concatenate(self.page),
                np.concatenate(self.gate_rows), np.asarray(self.gate_page))

    def fragments(self, width: int) -> tuple[np.ndarray, np.ndarray]:
        rows = np.concatenate(self.frag_rows) if self.frag_rows else np.zeros((0, width), dtype=np.float32)
        return rows, np.asarray(self.frag_page, dtype=np.int64)


def _page_rows(args: tuple[int, LabelledPage]) -> list[tuple[str, int, np.ndarray, np.ndarray, np.ndarray]]:
    i, page = args
    text = decode(page.html, "text/html")
    if isinstance(text, Rejected):
        return []
    ref = Reference(page.body, page.must_exclude)
    flat_ref = Reference(page.body, page.must_exclude, other_text=True)
    out = []
    flats = {c: flatten(text, c) for c in CONVERTERS}
    inputs = [("html", text)] + [(f"text:{c}", flat) for c, flat in flats.items()]
    if page.page_type == "article" and page.trainable:
        inputs += augmented(page, text, flats[CONVERTERS[0]], ref)
    if page.trainable:
        inputs += fragment(page, text)
    for kind, content in inputs:
        url = None if kind.endswith("+frag") else page.url
        prep = prepare(content, url, "text/html" if kind.startswith("html") else "text/plain")
        if isinstance(prep, Rejected):
            continue
        labeller = ref if kind.startswith("html") else flat_ref
        labels = np.asarray([labeller.label(c.text) for c in prep.items], dtype=np.int8)
        out.append((kind, i, prep.rows, labels, prep.page_row))
    return out


def augmented(page: LabelledPage, html: str, flat: str, ref: Reference) -> list[tuple[str, str]]:
    """The page again with some of its own boilerplate lines (prompts, teasers, menus, notices: lines of its
    flattened text the reference leaves out) moved into the middle of its body, as paragraphs like the body's
    own. Real pages carry inline newsletter boxes and "read more" teasers this way; the page's own candidates
    seldom do, so without these copies the classifier learns that anything inside the body is body."""
    import random
    import zlib

    from lxml.html import document_fromstring, tostring

    from cleanwire.core.blocks import norm
    from cleanwire.core.features import is_prose, word_count

    pool = sorted({norm(line) for line in flat.splitlines() if 3 <= word_count(norm(line)) <= 40
                   and ref.label(norm(line)) == 0})
    if not pool:
        return []
    rng = random.Random(zlib.crc32(page.id.encode()))
    out: list[tuple[str, str]] = []
    try:
        tree = document_fromstring(html.encode("utf-8", errors="replace"))
        body_ps = [p for p in tree.iter("p") if is_prose(norm(p.text_content()))]
        if len(body_ps) >= 3:
            for anchor in rng.sample(body_ps, min(3, len(body_ps) // 3)):
                new = anchor.makeelement("p", {k: v for k, v in anchor.attrib.items() if k == "class"})
                new.text = rng.choice(pool)
                anchor.addnext(new)
            out.append(("html+aug", tostring(tree, encoding="unicode")))
    except Exception:  # a page lxml cannot round-trip is simply not augmented
        pass
    lines = flat.splitlines()
    prose = [k for k, line in enumerate(lines) if is_prose(norm(line))]
    if len(prose) >= 3:
        at = set(rng.sample(prose, min(3, len(prose) // 3)))
        mixed: list[str] = []
        for k, line in enumerate(lines):
            mixed.append(line)
            if k in at:
                mixed += ["", rng.choice(pool), ""]
        out.append(("text+aug", "\n".join(mixed)))
    return out


def fragment(page: LabelledPage, html_text: str) -> list[tuple[str, str]]:
    """A page's content sent bare, without URL, title or markup, as feeds and fetchers send it: an article's
    first paragraphs of the reference text (three or more, a seeded draw) as `<p>`s in an `<article>` or a
    `<div>`; any other page's links (five to eighty of its anchors in a row, a seeded draw) as a `<ul>`. No real
    page looks like either, and the gate judged them by what they lack: four plain paragraphs moved between 0.16
    and 0.45 P(article) from one retraining to the next, and with the articles' fragments alone a bare list of
    70 links rose to 0.33. The gate learns from these at FRAGMENT_WEIGHT, under the page's own type
    (`_fit_gate`); the line models do not."""
    import html
    import random
    import zlib

    rng = random.Random(zlib.crc32(page.id.encode()) + 1)
    if page.page_type == "article":
        paragraphs = [line.strip() for line in page.body.splitlines() if line.strip()]
        if len(paragraphs) < 3:
            return []
        k = rng.randint(3, len(paragraphs))
        tag = rng.choice(("article", "div"))
        inner = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs[:k])
        return [("html+frag", f"<html><body><{tag}>{inner}</{tag}></body></html>")]
    from lxml.html import document_fromstring

    try:
        tree = document_fromstring(html_text.encode("utf-8", errors="replace"))
    except Exception:  # a page lxml cannot read gives no fragment
        return []
    body = tree.find("body")
    anchors = [(a.get("href") or "", " ".join(a.text_content().split()))
               for a in (body if body is not None else tree).iter("a")]
    anchors = [(href, text) for href, text in anchors if len(text) >= 3]
    if len(anchors) < 5:
        return []
    k = rng.randint(5, min(len(anchors), 80))
    start = rng.randint(0, len(anchors) - k)
    items = "".join(f'<li><a href="{html.escape(h)}">{html.escape(t)}</a></li>' for h, t in anchors[start:start + k])
    return [("html+frag", f"<html><body><ul>{items}</ul></body></html>")]


def build(pages: Sequence[LabelledPage], cache: Path | None = None, jobs: int = 2) -> dict[str, Part]:
    parts: dict[str, Part] = {"html": Part(), "text": Part()}
    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        for result in pool.imap(_page_rows, list(enumerate(pages)), chunksize=4):
            for kind, i, rows, labels, page_row in result:
                part = parts["html" if kind.startswith("html") else "text"]
                if kind.endswith("+frag"):  # the gate's only
                    part.frag_rows.append(page_row)
                    part.frag_page.append(i)
                    continue
                part.rows.append(rows)
                part.labels.append(labels)
                part.page.append(np.full(len(rows), i, dtype=np.int32))
                if not kind.endswith("+aug"):  # the gate learns real pages only
                    part.gate_rows.append(page_row)
                    part.gate_page.append(i)
    return parts


@dataclass
class Trained:
    boosters: dict[str, object]
    thresholds: dict[str, float]


def _fit_lines(rows: np.ndarray, labels: np.ndarray, names: list[str], kind: str, bag: int = 0) -> object:
    import lightgbm as lgb

    keep = labels >= 0
    data = lgb.Dataset(rows[keep], labels[keep], feature_name=names, free_raw_data=True)
    return lgb.train(params(LINE_PARAMS, kind, bag), data, num_boost_round=LINE_ROUNDS)


def doc_starts(rows: np.ndarray) -> np.ndarray:
    """Where each page's (or flattened copy's) lines begin: the first line's relative position is 0."""
    from cleanwire.core.features import names

    return np.flatnonzero(rows[:, names(False).index("rel_pos")] == 0)


def second_rows(rows: np.ndarray, scores: np.ndarray) -> np.ndarray:
    from cleanwire.core.features import second_stage

    bounds = [*doc_starts(rows).tolist(), len(rows)]
    return np.vstack([second_stage(rows[a:b], scores[a:b]) for a, b in itertools.pairwise(bounds) if b > a])


def _fit_two_passes(rows: np.ndarray, labels: np.ndarray, groups: np.ndarray, kind: str,
                    bag: int = 0) -> tuple[object, object]:
    """The first pass on all rows; the second on the first pass's out-of-fold scores (folds grouped by site),
    so that it learns from scores like those it will see on pages the first pass never saw."""
    from sklearn.model_selection import GroupKFold

    names1 = expected_features(f"lines_{kind}")
    first = _fit_lines(rows, labels, names1, kind, bag)
    oof = np.zeros(len(rows))
    for tr, te in GroupKFold(n_splits=4).split(rows, labels, groups):
        oof[te] = _fit_lines(rows[tr], labels[tr], names1, kind, bag).predict(rows[te])  # type: ignore[attr-defined]
    second = _fit_lines(second_rows(rows, oof), labels, expected_features(f"lines_{kind}2"), kind, bag)
    return first, second


NO_URL_WEIGHT = 0.25  # the copies' weight: enough to learn a missing URL, too little to move the other splits


def without_url(rows: np.ndarray, types: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The gate's rows, then each page again as if it had come without its URL (the URL's features missing,
    as `gate._url(None)` gives them), at a quarter of the weight; with the weights. Every training page has a
    URL, so without such copies LightGBM sends a missing URL down branches that learned nothing about it and
    a page sent without one is judged at random (four short test articles at P(article) 0.10 without a URL,
    0.45-0.69 with one). Out of fold (5 folds by site): AUC without URLs 0.936 -> 0.967, with URLs unchanged
    (0.980 -> 0.981); at full weight the copies cost the pages with URLs (0.978) and, counted in the threshold,
    published 41% of the non-articles instead of 33% (grouped CV). The HTML gate only: the text gate has no
    page features besides the URL's and the lines' to fall back on, and short flattened articles at URLs
    like "/a/1" fell under its threshold with them."""
    weight = np.concatenate([np.ones(len(rows)), np.full(len(rows), NO_URL_WEIGHT)])
    return np.vstack([rows, without_any_url(rows)]), np.concatenate([types, types]), weight


def without_any_url(rows: np.ndarray) -> np.ndarray:
    """A gate's rows as if no page had come with its URL: what `gate_<kind>_nourl` learns, the gate for a page
    sent without one (`Models.page_type`). The text gate learnt from pages with URLs judged such text at random
    (out of fold, every page scored without its URL, three splits by site: AUC 0.57-0.67), and its copies without
    URLs learnt alongside the pages with them (`without_url`) published more of the non-articles that do come
    with URLs (README, Quality, twenty-third session)."""
    bare = rows.copy()
    bare[:, : len(gate.URL_NAMES)] = np.nan
    return bare


FRAGMENT_WEIGHT = 0.25  # the weight of a page's bare fragment (`fragment`) in the HTML gate's training
MARKER_WEIGHT = 0.25  # the weight of an article's copy without markup markers (`without_markers`)
PARAGRAPH_WEIGHT = 0.25  # the weight of an article's copy without <p> elements (`without_paragraph_tags`)
# The gate's features that count <p> elements (`gate.tree_facts`): 0 on a page whose paragraphs are not in <p>s.
PARAGRAPH_TAG_NAMES = ("p_log", "p_long")


def without_markers(rows: np.ndarray, types: np.ndarray, names: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Copies of the articles among `rows` without what their markup declares (`gate.MARKUP_NAMES` set to 0,
    as a page without Open Graph, publication meta, JSON-LD, <article> or <time> gives them), at MARKER_WEIGHT.
    Nearly every training article declares itself and no page the gate may not learn from is among them
    (data.py), so the gate learnt "no og:type article, no NewsArticle"
    as "not an article": pages laid out before such markup or by a plain CMS were rejected for what they lack
    (12 of the 160 older news and blog articles of the dev data, P(article) 0.03-0.10, against 4 of 793
    wcxb-dev articles). With the copies it learns what an article shows. Grouped CV of the gate alone (3 and
    5 folds by site, the threshold drawn as in `_gate_threshold`, ARTICLE_REJECT_TARGET 0.006 -> 0.008): AUC
    0.961 -> 0.964, articles rejected 1.45% -> 1.09% and 1.27% -> 1.36%, non-articles published 36.4% -> 34.4%
    and 36.8% -> 34.1%; in the pipeline (3 folds) articles not published 20 -> 16 of 1,102, non-articles
    published 35.1% -> 33.8%, HTML F1 0.922 -> 0.925 (README, Quality). At half the weight the pipeline scored
    better still (13, 33.4%, 0.927) but short test pages fell under the threshold: content weighs more, and
    they have little. Non-articles are not copied: one without markers is still not an article, and the
    uncopied ones keep it so."""
    return _articles_without(rows, types, names, gate.MARKUP_NAMES, MARKER_WEIGHT)


def without_paragraph_tags(rows: np.ndarray, types: np.ndarray,
                           names: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Copies of the articles among `rows` as if their paragraphs were not in <p> elements (PARAGRAPH_TAG_NAMES set
    to 0, as a page that separates its paragraphs with <br> in a <td> or <div> gives them), at PARAGRAPH_WEIGHT.
    The number of long <p>s was the gate's strongest sign of an article, and nearly every training article has
    them, so it learnt "no long <p>" as "not an article": of the 14 dev articles the fold gates rejected (grouped
    CV, 3 folds), 10 were news pages of 2007-2012 (their datasets may be scored, never learnt from), and on 9 of
    those the count of <p>s pushed hardest away from article (P(article) 0.03-0.16), while the extracted
    paragraphs' own lengths (`max_para_words`, `paras_30`, `mean_words`) say article. The
    copies teach the gate to read those, as `without_markers` teaches it to do without markup. Grouped CV of the
    gate alone (five splits by site, 3-5 folds), with the sibling features (`gate._siblings`): at the thirteenth
    article rejected, non-articles published 36.3% -> 32.6% (better in all five splits); at the trained
    threshold, articles rejected 84 -> 58 in all, non-articles published 35.2% -> 34.6% (README, Quality)."""
    return _articles_without(rows, types, names, PARAGRAPH_TAG_NAMES, PARAGRAPH_WEIGHT)


def _articles_without(rows: np.ndarray, types: np.ndarray, names: list[str], columns: Sequence[str],
                      weight: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Copies of the articles (type 0) among `rows` with `columns` set to 0, each at `weight`; `rows` unchanged."""
    cols = [names.index(n) for n in columns]
    articles = types == 0
    copy = rows[articles].copy()
    copy[:, cols] = 0.0
    return copy, types[articles], np.full(len(copy), weight)


def _fit_gate(rows: np.ndarray, types: np.ndarray, names: list[str], no_url: bool, kind: str,
              frags: np.ndarray | None = None, frag_types: np.ndarray | None = None) -> object:
    """The gate on `rows`, on their copies without a URL where `no_url`, and (HTML) on its articles' copies
    without markup markers and without <p> elements and on `frags`, pages sent bare (`fragment`), of `frag_types`."""
    import lightgbm as lgb

    x, y, w = without_url(rows, types) if no_url else (rows, types, None)
    if kind == "html":
        cx, cy, cw = without_markers(rows, types, names)
        px, py, pw = without_paragraph_tags(rows, types, names)
        x, y = np.vstack([x, cx, px]), np.concatenate([y, cy, py])
        w = np.concatenate([np.ones(len(rows)) if w is None else w, cw, pw])
        if frags is not None and frag_types is not None and len(frags):
            x, y = np.vstack([x, frags]), np.concatenate([y, frag_types.astype(y.dtype)])
            w = np.concatenate([w, np.full(len(frags), FRAGMENT_WEIGHT)])
    return lgb.train(params(GATE_PARAMS, kind), lgb.Dataset(x, y, weight=w, feature_name=names),
                     num_boost_round=GATE_ROUNDS)


def _gate_threshold(rows: np.ndarray, types: np.ndarray, groups: np.ndarray, names: list[str], no_url: bool,
                    kind: str, pages: np.ndarray | None = None, frags: np.ndarray | None = None,
                    frag_pages: np.ndarray | None = None, frag_types: np.ndarray | None = None) -> float:
    """The largest threshold on P(article) that rejects at most ARTICLE_REJECT_TARGET[kind] of the articles,
    read from out-of-fold predictions of the real rows (inner folds grouped by site; each inner model learns
    the fragments of its own training pages only: `pages` are the rows' pages, `frag_pages` the fragments')."""
    from sklearn.model_selection import GroupKFold

    p = np.zeros(len(types))
    for tr, te in GroupKFold(n_splits=4).split(rows, types, groups):
        inner = inner_types = None
        if frags is not None and frag_types is not None and pages is not None and frag_pages is not None:
            mine = np.isin(frag_pages, pages[tr])
            inner, inner_types = frags[mine], frag_types[mine]
        booster = _fit_gate(rows[tr], types[tr], names, no_url, kind, inner, inner_types)
        p[te] = booster.predict(rows[te])[:, 0]  # type: ignore[attr-defined]
    articles = np.sort(p[types == 0])
    if not len(articles):
        return 0.5
    k = int(np.floor(ARTICLE_REJECT_TARGET[kind] * len(articles)))
    return float(min(0.5, articles[k] - 1e-6))


def fit(parts: dict[str, Part], pages: Sequence[LabelledPage], train_pages: np.ndarray) -> Trained:
    """The four models from the pages whose indices are in `train_pages` (trainable pages only)."""
    allowed = np.zeros(len(pages), dtype=bool)
    allowed[train_pages] = True
    allowed &= np.asarray([p.trainable for p in pages])
    is_article = np.asarray([p.page_type == "article" for p in pages])
    type_index = {t: k for k, t in enumerate(gate.PAGE_TYPES)}
    types = np.asarray([type_index.get(p.page_type, 1) for p in pages])
    groups = np.asarray([p.site for p in pages])
    boosters: dict[str, object] = {}
    thresholds: dict[str, float] = {}
    for kind in ("html", "text"):
        rows, labels, page, gate_rows, gate_page = parts[kind].arrays()
        sel = allowed[page] & is_article[page]
        for bag, (first_name, second_name) in enumerate(bag_names(kind)):
            boosters[first_name], boosters[second_name] = _fit_two_passes(rows[sel], labels[sel], groups[page[sel]],
                                                                          kind, bag)
        thresholds[f"lines_{kind}"] = thresholds[f"lines_{kind}2"] = 0.5
        thresholds[f"detached_{kind}"] = DETACHED_MIN[kind]
        gsel = allowed[gate_page]
        g_rows, g_pages = gate_rows[gsel], gate_page[gsel]
        g_types, g_groups = types[g_pages], groups[g_pages]
        gnames = expected_features(f"gate_{kind}")
        no_url = kind == "html"  # flattened text is judged as before (see without_url)
        frag_rows, frag_page = parts[kind].fragments(gate_rows.shape[1])
        fsel = allowed[frag_page]
        frags, frag_pages = frag_rows[fsel], frag_page[fsel]
        frag_types = types[frag_pages]  # an article's paragraphs are an article, a listing's links a listing
        # the gate for pages with a URL, then the one for pages sent without (every URL column missing)
        for name, x, fx, url_copies in ((f"gate_{kind}", g_rows, frags, no_url),
                                        (f"gate_{kind}_nourl", without_any_url(g_rows), without_any_url(frags), False)):
            boosters[name] = _fit_gate(x, g_types, gnames, url_copies, kind, fx, frag_types)
            thresholds[name] = _gate_threshold(x, g_types, g_groups, gnames, url_copies, kind, g_pages, fx, frag_pages,
                                               frag_types)
    return Trained(boosters, thresholds)


def save(trained: Trained, folder: Path, extra: dict[str, object] | None = None) -> None:
    import lightgbm as lgb

    folder.mkdir(parents=True, exist_ok=True)
    for name in all_names():
        text = trained.boosters[name].model_to_string().encode("utf-8")  # type: ignore[attr-defined]
        (folder / f"{name}.txt.gz").write_bytes(gzip.compress(text, mtime=0))
    manifest = {"format": FORMAT, "lightgbm": lgb.__version__, "seed": SEED, "bags": BAGS,
                "libraries": library_versions(), "thresholds": trained.thresholds,
                "features": {name: expected_features(name) for name in MODEL_NAMES}, **(extra or {})}
    (folder / "manifest.json").write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))


def _code_key() -> bytes:
    """The code that makes the rows (the core, labels, flattening, augmentation) and the versions of the
    libraries it calls: a cache made by other code is never read back (a hand-bumped version number, used
    before, once let an experiment that reused a number train models on another code's rows)."""
    import hashlib

    import cleanwire.core

    h = hashlib.sha256()
    core = Path(cleanwire.core.__file__).parent
    learn = Path(__file__).parent
    for path in [*sorted(core.glob("*.py")), *(learn / name for name in ("data.py", "flatten.py", "labels.py", "train.py"))]:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    versions = library_versions()
    for dist in LIBRARIES:
        h.update(f"{dist}={versions.get(dist, 'none')}".encode())
    return h.digest()


def cached_build(pages: Sequence[LabelledPage], cache_dir: Path, jobs: int = 2) -> dict[str, Part]:
    """`build`, kept on disk under a key of the pages' ids and bytes, the feature names and the code (`_code_key`)."""
    import hashlib

    h = hashlib.sha256()
    for p in pages:
        h.update(p.id.encode())
        h.update(hashlib.sha256(p.html).digest())
        h.update(p.body.encode())
    for name in MODEL_NAMES:
        h.update(",".join(expected_features(name)).encode())
    h.update(_code_key())
    path = cache_dir / f"parts-{h.hexdigest()[:16]}.npz"
    if path.exists():
        data = np.load(path)
        parts = {}
        for kind in ("html", "text"):
            part = Part()
            part.rows, part.labels, part.page = [data[f"{kind}_rows"]], [data[f"{kind}_labels"]], [data[f"{kind}_page"]]
            part.gate_rows, part.gate_page = [data[f"{kind}_gate_rows"]], list(data[f"{kind}_gate_page"])
            part.frag_rows, part.frag_page = [data[f"{kind}_frag_rows"]], list(data[f"{kind}_frag_page"])
            parts[kind] = part
        return parts
    parts = build(pages, jobs=jobs)
    cache_dir.mkdir(parents=True, exist_ok=True)
    arrays = {}
    for kind, part in parts.items():
        rows, labels, page, gate_rows, gate_page = part.arrays()
        frag_rows, frag_page = part.fragments(gate_rows.shape[1])
        arrays.update({f"{kind}_rows": rows, f"{kind}_labels": labels, f"{kind}_page": page,
                       f"{kind}_gate_rows": gate_rows, f"{kind}_gate_page": gate_page,
                       f"{kind}_frag_rows": frag_rows, f"{kind}_frag_page": frag_page})
    np.savez(path, **arrays)  # type: ignore[arg-type]
    return parts


def data_hashes(pages: Sequence[LabelledPage]) -> dict[str, str]:
    """One hash per dataset over its pages' ids, HTML and labels: recorded next to the model."""
    import hashlib

    out: dict[str, hashlib._Hash] = {}
    for p in pages:
        h = out.setdefault(p.dataset, hashlib.sha256())
        h.update(p.id.encode())
        h.update(hashlib.sha256(p.html).digest())
        h.update(p.body.encode())
    return {k: v.hexdigest() for k, v in sorted(out.items())}
