"""Describing candidates: one row of numbers per line, what a trained reader looks at.

The line's own shape (length, sentence endings, punctuation, digits, capitals, cue words), its place
(position, distance to the page's densest run of prose, block), its neighbours' shape, repetition on
the page, the page's script, and for HTML the element it came from (tag, links, ancestors, class/id
words). The names are stored with each model and checked when it is loaded.
"""

from __future__ import annotations

import math
import re
from urllib.parse import urlsplit

import numpy as np

from cleanwire.core import cues
from cleanwire.core.blocks import ANCESTOR_TAGS, HINT_KINDS, Candidate

_SENT_END = re.compile(r"[.!?…。！？\"'”’»)]\s*$")  # the definition `sent_end` reads without a scan (tests compare)
_SENT_SPLIT = re.compile(r"[.!?…。！？](?:\s|$)")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_CYR = re.compile(r"[\u0400-\u04ff]")
_WORD = re.compile(r"\w+")
_DATEISH = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b(19|20)\d{2}\b")
_PUNCT = re.compile(r"[^\w\s]")
_URLISH = re.compile(r"https?://|www\.|\S+@\S+\.\w+")
_TAGS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "blockquote", "div", "span", "a", "figcaption", "pre")
_CLASS_WORDS_N = 24

SHAPE = [
    "words", "log_chars", "sent_end", "ends_colon", "starts_upper", "upper_share", "digit_share", "punct_share",
    "title_case_share", "sentences", "mean_word_len", "has_pipe", "has_bullet", "has_url", "has_date", "has_quote",
    "all_caps", "cjk", "we_share", "you_share", "reader_address",
] + [f"cue_{r}" for r in cues.REASONS]
CONTEXT = [
    "rel_pos", "from_start", "from_end", "block_size", "block_pos", "repeats", "in_run", "before_run", "after_run",
    "dist_run", "words_before_share", "prose_after", "title_sim", "page_lines", "page_words_log", "script_cjk", "script_cyr",
    "gap_cues", "gap_lines", "window_cues", "run_words_share", "dup_neighbour", "slug_sim", "head_sim", "before_head",
    "dist_head", "window_address",
]
NEIGHBOUR = ["words", "sent_end", "cue_any", "log_chars"]
DOM = (["dom_found", "link_share", "links", "depth", "dom_pos", "same_text"] + [f"tag_{t}" for t in _TAGS]
       + [f"in_{t}" for t in ANCESTOR_TAGS] + [f"hint_{h}" for h in HINT_KINDS] + [f"cls_{i}" for i in range(_CLASS_WORDS_N)])
# HTML lines only: a call-to-action flag among the text features moved the flattened reference example's
# appeal into the body (README, Quality, twenty-first session)
CALL = ["call_verb", "window_call_verb", "offer_share"]


def names(with_dom: bool) -> list[str]:
    nb = [f"{side}{k}_{n}" for side in ("prev", "next") for k in (1, 2) for n in NEIGHBOUR]
    return SHAPE + CONTEXT + nb + (DOM + CALL if with_dom else [])


def _cjk_chars(text: str) -> int:
    return 0 if text.isascii() else len(_CJK.findall(text))  # isascii() is a flag read, not a scan


def word_count(text: str) -> int:
    return _words(len(text.split()), _cjk_chars(text))


def _words(tokens: int, cjk_chars: int) -> int:
    """Words: the space-separated tokens, or for CJK text (no spaces) one per two characters."""
    return max(tokens, cjk_chars // 2)


_SENT_END_CHARS = frozenset(".!?…。！？\"'”’»)")


def sent_end(text: str) -> bool:
    """_SENT_END.search(text) without scanning the line: its last character that is not whitespace (re's \\s
    is str.isspace, what rstrip() strips) is one that ends a sentence."""
    return text.rstrip()[-1:] in _SENT_END_CHARS


def is_prose(text: str) -> bool:
    return word_count(text) >= 12 and sent_end(text)


_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_ASCII_UPPER = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ASCII_DIGITS = b"0123456789"


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


_ASCII_WORD_OR_SPACE = bytes(c for c in range(128) if re.match(r"[\w\s]", chr(c)))  # what _PUNCT does not match


def _char_counts(text: str) -> tuple[int, int, int, int]:
    """(letters, capitals, digits, punctuation) as str.isalpha/isupper/isdigit and _PUNCT count them: the
    ASCII characters counted in C (bytes.translate), only the others one by one."""
    ascii_part = text.encode("ascii", "ignore")
    n = len(ascii_part)
    letters = n - len(ascii_part.translate(None, _ASCII_LETTERS))
    upper = n - len(ascii_part.translate(None, _ASCII_UPPER))
    digits = n - len(ascii_part.translate(None, _ASCII_DIGITS))
    punct = len(ascii_part.translate(None, _ASCII_WORD_OR_SPACE))
    if n < len(text):
        rest = "".join(_NON_ASCII.findall(text))
        letters += sum(map(str.isalpha, rest))
        upper += sum(map(str.isupper, rest))
        digits += sum(map(str.isdigit, rest))
        punct += len(_PUNCT.findall(rest))
    return letters, upper, digits, punct


def _shape(text: str, low: str, words: list[str]) -> list[float]:
    """`low` is the casefolded text, `words` its `\\w+` words (the caller keeps both for the HTML columns)."""
    n = len(text) or 1
    toks = text.split()
    cjk_chars = _cjk_chars(text)
    w = _words(len(toks), cjk_chars)
    letters, upper, digits, punct = _char_counts(text)
    letters = letters or 1
    titled = sum(map(str.isupper, [t[0] for t in toks]))  # split() gives no empty token
    urlish = ("http" in text or "www." in text or "@" in text) and bool(_URLISH.search(text))
    kinds = cues.kinds_of(low, words) if len(text) <= 400 else cues.kinds(text)  # the cues read a long line cut
    return [
        w, math.log1p(n), float(sent_end(text)), float(text.rstrip().endswith(":")),
        float(text[:1].isupper()), upper / letters, digits / n, punct / n, titled / max(len(toks), 1),
        len(_SENT_SPLIT.findall(text)), sum(map(len, toks)) / max(len(toks), 1), float("|" in text),
        float(text[:1] in "•·-*–—►▶>"), float(urlish), float(digits > 0 and bool(_DATEISH.search(text))),
        float(any(q in text for q in "\"“”«»„")), float(upper / letters > 0.8 and letters > 3),
        cjk_chars / n,
        # words of the casefolded line are the casefolded words only in ASCII ("İ" folds to "i" + a combining dot)
        *_address_words(words if text.isascii() else [t.casefold() for t in _WORD.findall(text)]),
        *cues.flags(kinds),
    ]


# The writer speaking to the reader: appeals, prompts and house notices say "we", "our", "you", "your";
# reporting speaks of third parties. Pronouns in many languages (a feature, never a rule).
_WE = frozenset("we us our ours ourselves wir uns unser unsere unseren unserem unserer nous notre nos nosotros "
                "nosotras nuestro nuestra nuestros nuestras nós nosso nossa nossos nossas noi nostro nostra nostri "
                "nostre мы нас наш наша наше наши wij ons onze vi oss vår våre vores".split())
_YOU = frozenset("you your yours yourself du dich dir dein deine deinen ihr euch euer eure vous votre vos tu ton ta "
                 "tes toi usted ustedes tú te tus vosotros você vocês seu sua seus suas voi vostro vostra tuo tua "
                 "вы вас ваш ваша ваше ваши ты тебя твой jij je jouw uw ni din dina".split())


def _share(words: list[str], vocabulary: frozenset[str]) -> float:
    """The share of `words` (casefolded) that are in `vocabulary`; 0.0 for no words."""
    return sum(map(vocabulary.__contains__, words)) / len(words) if words else 0.0


def _address_words(toks: list[str]) -> list[float]:
    """The share of "we" words and of "you" words among the line's (casefolded) words."""
    we, you = _share(toks, _WE), _share(toks, _YOU)
    return [we, you, float(we + you > 0)]


# A call to action opens with an imperative: "Subscribe to...", "Get a free quote", "Melden Sie sich an",
# "Inscrivez-vous", "Suscríbete", "Iscriviti", "Assine". Reporting rarely opens a line with one. The first
# word of a line against the imperatives of such calls in thirteen languages (a feature, never a rule: a how-to
# article opens its steps with imperatives too, and the model weighs the flag against the line's place). Left
# out: forms that are as often another language's article or a name ("les", "lee", "lea", "dona").
_CALL_VERBS = frozenset("""
subscribe sign signup join register log login download shop buy order book call contact click tap follow share
pin tweet email donate support give read watch listen learn discover explore find see view visit check start
claim save grab request apply enroll enrol upgrade unlock become create enter submit send leave tell schedule
reserve browse compare get try sponsor advertise print bookmark comment stay talk chat ask hire meet add help
begin experience rate
abonnieren abonniere abonnier registrieren registriere anmelden melden melde teilen teile folgen folge lesen lies
kaufen kaufe bestellen bestelle spenden spende unterstützen unterstütze entdecken entdecke erfahren klicken klicke
herunterladen laden lade sichern sichere testen teste kontaktieren kontaktiere buchen buche probieren probiere
holen hol hole schreiben schreib schreibe empfehlen empfiehl schau schauen hören höre
abonnez abonne inscrivez inscris connectez connecte partagez partage suivez suis lisez lis découvrez découvre
téléchargez télécharge achetez achète commandez commande réservez réserve contactez contacte cliquez clique
soutenez soutiens faites donnez donne essayez essaie profitez profite recevez reçois rejoignez rejoins lire voir
regardez regarde écoutez écoute envoyez envoie créez crée obtenez obtiens demandez demande accédez accède laissez
suscríbete suscribete suscríbase suscribase regístrate registrate regístrese registrese inicia únete unete
comparte compártelo síguenos siguenos sigue descarga descargue compra compre reserva contacta contáctanos
contactanos haz apoya descubre obtén obten consulta mira escucha vea ver leer recibe accede pide solicita
apúntate apuntate guarda
iscriviti abbonati registrati accedi condividi seguici segui leggi scarica acquista compra prenota contattaci
clicca sostieni scopri ottieni prova guarda ascolta ricevi richiedi leggere vedi
assine inscreva cadastre registre compartilhe partilhe siga leia baixe reserve contate clique doe
apoie descubra obtenha experimente assista ouça receba acesse saiba veja confira participe
abonneer meld lees deel volg bestel koop doneer steun ontdek probeer registreer schrijf bekijk klik ontvang neem
subskrybuj zapisz przeczytaj czytaj zobacz wesprzyj pobierz kup zamów dołącz udostępnij obserwuj zarejestruj
zaloguj sprawdź kliknij skontaktuj odkryj wypróbuj posłuchaj obejrzyj
prenumerera läs stöd köp beställ dela följ registrera ladda logga prova upptäck kontakta klicka titta lyssna boka
skaffa abonner tilmeld læs støt køb kjøp bestil bestill følg registrer hent prøv opdag oppdag klik lyt lytt
подпишитесь подписывайтесь подпишись читайте читай смотрите поддержите поддержать узнайте узнать скачайте
скачать купите купить закажите заказать зарегистрируйтесь присоединяйтесь делитесь поделитесь следите
přihlaste přihlásit čtěte přečtěte podpořte sledujte kupte objednejte sdílejte stáhněte zaregistrujte vyzkoušejte
zjistěte objevte kontaktujte klikněte
""".split())


# What an offer, an advertiser's line or a disclosure speaks of: price, discount, trial, commission.
_OFFER = frozenset("""
free off discount discounts deal deals save savings trial quote offer offers coupon coupons code promo sale
shipping subscription commission commissions affiliate affiliates sponsored sponsor partner partners earn
compensated compensation advertiser advertisers advertising disclosure disclaimer cart checkout shop store
kostenlos gratis rabatt angebot angebote gutschein versand provision werbung anzeige partnerlink
gratuit gratuite offre offres réduction remise promotion livraison essai boutique publicité
oferta ofertas descuento descuentos envío prueba tienda publicidad patrocinado
offerta offerte sconto sconti spedizione prova negozio pubblicità
desconto descontos promoção frete loja publicidade patrocinado
korting aanbieding proef verzending winkel advertentie gesponsord
darmowy darmowa rabat promocja wysyłka sklep reklama sponsorowany
erbjudande tilbud frakt butik butikk annons annonce annonse sponsrad sponsoreret
бесплатно бесплатный бесплатная бесплатное скидка скидки акция предложение доставка магазин реклама промокод
zdarma sleva slevy nabídka doprava obchod
""".split())


def offer_share(words: list[str]) -> float:
    """The share of the (casefolded) line's words that speak of an offer or a disclosure."""
    return _share(words, _OFFER)


def call_verb(words: list[str]) -> float:
    """1.0 where the line's first (casefolded) word is the imperative of a call to action, else 0.0."""
    return float(bool(words) and words[0] in _CALL_VERBS)


def _densest_run(prose: list[bool], wc: list[int]) -> tuple[int, int]:
    """The span of lines from the first to the last prose line of the run holding the most prose words,
    a run being prose lines with at most two other lines between them."""
    best, best_span = 0, (0, -1)
    start, total, gap, last = -1, 0, 0, -1
    for i, p in enumerate(prose):
        if p:
            if start < 0:
                start, total = i, 0
            total += wc[i]
            last, gap = i, 0
            if total > best:
                best, best_span = total, (start, last)
        elif start >= 0:
            gap += 1
            if gap > 2:
                start, gap = -1, 0
    return best_span


def _tokens(text: str) -> set[str]:
    return {t.casefold() for t in _WORD.findall(text)}


def slug_tokens(url: str | None) -> set[str]:
    """The words of the URL's last path segments: most article URLs spell out the headline."""
    if not url:
        return set()
    path = urlsplit(url).path
    words = {w.casefold() for seg in path.split("/")[-2:] for w in re.split(r"[^\w]+|_", seg)}
    return {w for w in words if len(w) > 1 and not any(ch.isdigit() for ch in w)}


def headline(items: list[Candidate], title: str | None, url: str | None) -> tuple[int, list[float], list[float]]:
    """(index of the line that is the headline or -1, each line's similarity to the title, to the URL slug)."""
    title_toks = _tokens(title) if title else set()
    slug = slug_tokens(url)
    t_sim, s_sim = [], []
    for c in items:
        toks = _tokens(c.text)
        t_sim.append(len(toks & title_toks) / len(toks | title_toks) if title_toks and toks else 0.0)
        s_sim.append(len(toks & slug) / len(toks | slug) if slug and toks and len(toks) <= 40 else 0.0)
    best = max(range(len(items)), key=lambda i: max(t_sim[i], s_sim[i]), default=-1)
    if best < 0 or max(t_sim[best], s_sim[best]) < 0.5:
        best = -1
    return best, t_sim, s_sim


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def twin_lines(folded: list[str]) -> list[bool]:
    """For each (casefolded) line: the line just before or just after it is the same line."""
    n = len(folded)
    return [(i > 0 and folded[i] == folded[i - 1]) or (i + 1 < n and folded[i] == folded[i + 1]) for i in range(n)]


def matrix(items: list[Candidate], title: str | None, with_dom: bool, url: str | None = None,
           head_info: tuple[int, list[float], list[float]] | None = None) -> np.ndarray:
    """One row per candidate; `head_info` is `headline(items, title, url)` where the caller has it already."""
    n = len(items)
    width = len(names(with_dom))
    if n == 0:
        return np.zeros((0, width), dtype=np.float32)
    texts = [c.text for c in items]
    folded = [t.casefold() for t in texts]
    words = [_WORD.findall(t) for t in folded]
    shapes = [_shape(t, low, w) for t, low, w in zip(texts, folded, words, strict=True)]
    wc = [int(s[0]) for s in shapes]
    prose = [is_prose(t) for t in texts]
    run_a, run_b = _densest_run(prose, wc)
    total_words = sum(wc) or 1
    before = np.cumsum([0, *wc])
    prose_after = np.cumsum([bool(p) for p in prose][::-1])[::-1]
    twins = twin_lines(folded)
    calls = [call_verb(w) for w in words] if with_dom else []
    counts: dict[str, int] = {}
    for t in folded:
        counts[t] = counts.get(t, 0) + 1
    blocks: dict[int, list[int]] = {}
    in_block = [0] * n
    for i, c in enumerate(items):
        members = blocks.setdefault(c.block, [])
        in_block[i] = len(members)
        members.append(i)
    head, t_sim, s_sim = head_info or headline(items, title, url)
    page_text = " ".join(texts[:50])
    cjk = len(_CJK.findall(page_text)) / (len(page_text) or 1)
    cyr = len(_CYR.findall(page_text)) / (len(page_text) or 1)
    cue_start = len(SHAPE) - len(cues.REASONS)
    has_cue = [float(any(s[cue_start:])) for s in shapes]
    address = [s[cue_start - 1] for s in shapes]
    cue_cum = np.cumsum([0.0, *has_cue])
    run_words = float(before[run_b + 1] - before[run_a]) / total_words if run_b >= run_a else 0.0
    words_log = math.log1p(total_words)
    rows = np.zeros((n, width), dtype=np.float32)
    for i, c in enumerate(items):
        block = blocks[c.block]
        sim = t_sim[i]
        dist = 0 if run_a <= i <= run_b else (run_a - i if i < run_a else i - run_b)
        ctx = [
            i / n, min(i, 50), min(n - 1 - i, 50), len(block), in_block[i] / len(block), counts[folded[i]],
            float(run_a <= i <= run_b), float(i < run_a), float(i > run_b), min(dist, 50), before[i] / total_words,
            float(prose_after[i + 1]) if i + 1 < n else 0.0, sim, n, words_log, cjk, cyr,
            _gap(cue_cum, i, run_a, run_b), float(min(dist, 50)), _mean(has_cue[max(0, i - 3): i + 4]), run_words,
            float(twins[i]),
            s_sim[i], max(sim, s_sim[i]), float(i < head) if head >= 0 else -1.0,
            float(min(max(i - head, -50), 50)) if head >= 0 else -99.0,
            _mean(address[max(0, i - 2): i + 3]),
        ]
        nb: list[float] = []
        for j in (i - 1, i - 2, i + 1, i + 2):
            if 0 <= j < n:
                s = shapes[j]
                nb += [s[0], s[2], has_cue[j], s[1]]
            else:
                nb += [-1.0, -1.0, -1.0, -1.0]
        row = shapes[i] + ctx + nb
        if with_dom:
            row += _dom(c, len(c.text))
            row += [calls[i], _mean(calls[max(0, i - 2): i + 3]), offer_share(words[i])]
        rows[i] = row
    return rows


def _gap(cue_cum: np.ndarray, i: int, run_a: int, run_b: int) -> float:
    """Lines bearing boilerplate cues between line i and the densest run of prose (0 inside it)."""
    if i < run_a:
        return float(cue_cum[run_a] - cue_cum[i + 1])
    if i > run_b >= 0:
        return float(cue_cum[i] - cue_cum[run_b + 1])
    return 0.0


def _dom(c: Candidate, chars: int) -> list[float]:
    d = c.dom
    if d is None:
        return [0.0] + [np.nan] * (len(DOM) - 1)
    return [
        1.0, d.link_chars / max(chars, 1), d.links, d.depth, d.position, d.same_text,
        *(float(d.tag == t) for t in _TAGS), *(float(a) for a in d.ancestors), *(float(h) for h in d.hints),
        *(float(w) for w in d.class_words),
    ]


SECOND = ["s1", "s1_prev1", "s1_next1", "s1_prev3", "s1_next3", "low_before", "low_after", "segment_share",
          "mass_before", "mass_after", "rank_in_segment"]


def second_names(with_dom: bool) -> list[str]:
    return names(with_dom) + SECOND


def second_stage(rows: np.ndarray, scores: np.ndarray, low: float = 0.5) -> np.ndarray:
    """The first pass's scores around each line: what a reader sees once they know where the body is.
    A segment is a stretch of lines without three low-scored lines in a row; the body is the segment with
    most high-scored words, so an appeal after the article (prose, but cut off by a block of prompts)
    stands apart from it."""
    n = len(rows)
    out = np.zeros((n, len(SECOND)), dtype=np.float32)
    if n == 0:
        return np.hstack([rows, out])
    wc = rows[:, 0].astype(np.float64)
    high = scores >= low
    mass = np.where(high, wc, 0.0)
    total = mass.sum() or 1.0
    seg = np.zeros(n, dtype=np.int32)
    k, run = 0, 0
    for i in range(n):
        if high[i]:
            if run >= 3:
                k += 1
            run = 0
        else:
            run += 1
        seg[i] = k
    seg_mass = np.bincount(seg, weights=mass)
    cum = np.cumsum(mass)
    low_before = np.zeros(n)
    low_after = np.zeros(n)
    r = 0
    for i in range(n):
        low_before[i] = r
        r = 0 if high[i] else r + 1
    r = 0
    for i in range(n - 1, -1, -1):
        low_after[i] = r
        r = 0 if high[i] else r + 1
    sc = [float(x) for x in scores]  # Python floats: the window means below, summed in the same order as numpy's
    order = np.argsort(-seg_mass)
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    for i in range(n):
        out[i] = [
            scores[i], scores[i - 1] if i else -1, scores[i + 1] if i + 1 < n else -1,
            _mean(sc[max(0, i - 3): i]) if i else -1, _mean(sc[i + 1: i + 4]) if i + 1 < n else -1,
            min(low_before[i], 20), min(low_after[i], 20), seg_mass[seg[i]] / total,
            (cum[i] - mass[i]) / total, (total - cum[i]) / total, min(rank[seg[i]], 5),
        ]
    return np.hstack([rows, out])
