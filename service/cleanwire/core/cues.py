"""Word cues for kinds of boilerplate: features of the line classifiers, and the name of a removal's reason.

These are short, generic keywords and word stems in many languages, not phrases from particular pages: a
cue never removes a line by itself. The classifier weighs it with the line's shape, its neighbours and its
place on the page, so "Residents were urged to donate blood." (a donation cue in a body sentence) stays.
Lookups are per word (whole words, then stems of 4 to 7 letters, then word pairs), one pass per line.
"""

from __future__ import annotations

import itertools
import re

_WORDS: dict[str, str] = {
    # whole words, per kind
    **dict.fromkeys(["subscribe", "subscriber", "subscribers", "subscription", "subscriptions", "paywall", "premium", "unlock", "login", "signin", "account", "abo", "plus", "registrieren", "abonnent", "abonnieren", "abonné", "abonnés", "abonnement", "suscríbete", "suscriptores", "assinante", "assinantes", "abbonati", "abbonato", "abbonamento"], "paywall"),
    **dict.fromkeys(["donate", "donation", "donations", "donating", "contribute", "contribution", "contributions", "support", "supporter", "supporters", "patreon", "member", "membership", "spenden", "spende", "unterstützen", "unterstützung", "soutien", "soutenez", "apoya", "apoyo", "apoie", "sostieni", "sostegno", "journalism", "journalismus", "journalisme", "periodismo", "jornalismo", "giornalismo", "independent", "unabhängigen", "indépendant"], "donation"),
    # not "e" (of "e-mail", which "mail" catches): it is "and" in Portuguese and Italian (tests/unit/test_cues.py)
    **dict.fromkeys(["newsletter", "newsletters", "inbox", "postfach", "email", "mail", "briefing", "digest", "boletín", "unsubscribe", "alerts", "alert"], "newsletter"),
    **dict.fromkeys(["related", "recommended", "trending", "popular"], "related"),
    **dict.fromkeys(["photo", "photos", "foto", "fotos", "image", "images", "picture", "pictures", "bild", "bilder", "imagem", "immagine", "фото", "credit", "credits", "crédit", "crédito", "quelle", "source", "fuente", "fonte", "getty", "afp", "reuters", "ap", "dpa", "epa", "imago", "shutterstock", "istock", "alamy", "tass", "efe", "ansa", "xinhua", "anadolu", "pictured", "illustration", "handout", "screenshot", "archiv"], "caption"),
    **dict.fromkeys(["cookie", "cookies", "consent", "privacy", "gdpr", "datenschutz", "confidentialité", "privacidad"], "cookie"),
    **dict.fromkeys(["share", "sharing", "tweet", "teilen", "partager", "compartir", "compartilhar", "condividi", "поделиться", "facebook", "twitter", "whatsapp", "linkedin", "telegram", "pinterest", "reddit", "instagram", "tiktok", "youtube", "bluesky", "threads", "print"],
                    "share"),
    **dict.fromkeys(["advertisement", "advertising", "ad", "ads", "sponsored", "sponsor", "sponsors", "promoted", "anzeige", "werbung", "publicité", "publicidad", "publicidade", "pubblicità", "реклама"], "ad_label"),
    **dict.fromkeys(["comment", "comments", "kommentar", "kommentare", "commentaire", "commentaires", "comentario", "comentarios", "comentário", "comentários", "commento", "commenti", "reply", "replies", "discussion", "conversation"], "comments"),
    **dict.fromkeys(["updated", "published", "aktualisiert", "veröffentlicht", "publié", "actualizado", "publicado", "atualizado", "pubblicato", "aggiornato", "опубликовано", "обновлено", "author", "autor", "auteur", "autore", "redaktion", "editor", "reporter", "correspondent", "home", "menu", "search", "suche", "recherche", "buscar", "startseite", "accueil", "inicio", "lesezeit", "lesedauer"],
                    "byline_nav"),
}
_STEMS: dict[str, str] = {
    **dict.fromkeys(("subscri", "suscri", "abonn", "abbona", "assina", "подпис", "registr"), "paywall"),
    **dict.fromkeys(("donat", "donaci", "donazi", "doaç", "contribu", "unterstütz", "soutien", "souten", "sosten",
                     "поддерж", "пожертв"), "donation"),
    **dict.fromkeys(("newslett", "рассылк", "inscri", "iscriv"), "newsletter"),
    **dict.fromkeys(("sponsor",), "ad_label"),
    **dict.fromkeys(("kommentar", "commentai", "comentar", "комментар"), "comments"),
    **dict.fromkeys(("datenschutz", "confidential"), "cookie"),
}
_PAIRS: dict[str, str] = {
    **dict.fromkeys(("free trial", "sign in", "log in", "already subscriber"), "paywall"),
    **dict.fromkeys(("sign up", "signing up"), "newsletter"),
    **dict.fromkeys(("read more", "also read", "more stories", "more news", "more articles", "you may", "you might",
                     "lesen sie", "mehr zum", "auch interessant", "à lire", "a lire", "lire aussi", "voir aussi",
                     "lee también", "ver también", "leia também", "veja também", "leggi anche"), "related"),
    **dict.fromkeys(("follow us", "follow me", "copy link", "folgen sie", "suivez nous"), "share"),
    **dict.fromkeys(("min read", "minute read", "minutes read", "de lecture", "de lectura", "di lettura"), "byline_nav"),
    **dict.fromkeys(("partner content", "paid post", "paid content", "continues below"), "ad_label"),
}
_FIRST_WORD: dict[str, str] = {
    **dict.fromkeys(["read", "see", "also", "more", "next", "previous", "watch", "latest", "top", "weitere", "lire", "lee", "leia", "leggi", "читайте", "смотрите"],
                    "related"),
    **dict.fromkeys(["by", "von", "par", "por", "di", "da", "door", "av", "af", "przez", "автор"], "byline_nav"),
}
_SIGNS = (("©", "caption"), (" / ", "caption"), ("関連", "related"), ("相关", "related"), ("購読", "paywall"),
          ("会員", "paywall"), ("로그인", "paywall"), ("広告", "ad_label"), ("광고", "ad_label"))
_MONEY = re.compile(r"[$€£]\s?\d|\d\s?[€£]")
_TIME_YEAR = re.compile(r"\b\d{1,2}:\d{2}\b|\b(?:19|20)\d{2}\b")
_WORD = re.compile(r"\w+")

REASONS: tuple[str, ...] = ("paywall", "donation", "newsletter", "related", "caption", "cookie", "share", "ad_label",
                            "comments", "byline_nav")


_PAIR_FIRST = frozenset(pair.split(" ")[0] for pair in _PAIRS)
_WORD_KIND: dict[str, str | None] = {}  # each word's kind, looked up once per process (bounded below)


def _new_word_kind(w: str) -> str | None:
    """A word's kind, the first time it is met: the whole word's, else its longest stem's (7 down to 4 letters)."""
    kind = _WORDS.get(w)
    if kind is None and len(w) >= 4:
        for k in (7, 6, 5, 4):
            kind = _STEMS.get(w[:k])
            if kind is not None:
                break
    if len(_WORD_KIND) > 200_000:
        _WORD_KIND.clear()
    _WORD_KIND[w] = kind
    return kind


def kinds_of(low: str, words: list[str]) -> set[str]:
    """The kinds a line's cues name: `low` is the casefolded line (cut as in `kinds`), `words` its words."""
    found: set[str] = set()
    if words and words[0] in _FIRST_WORD:
        found.add(_FIRST_WORD[words[0]])
    cached = _WORD_KIND.get
    for w in set(words):
        kind = cached(w, "")  # "" is no kind's name: not met yet
        if kind == "":
            kind = _new_word_kind(w)
        if kind is not None:
            found.add(kind)
    for prev, w in itertools.pairwise(words):
        if prev in _PAIR_FIRST:
            pair = _PAIRS.get(f"{prev} {w}")
            if pair is not None:
                found.add(pair)
    found.update(kind for sign, kind in _SIGNS if sign in low)
    if ("$" in low or "€" in low or "£" in low) and _MONEY.search(low):
        found.add("donation")
    if _TIME_YEAR.search(low):
        found.add("byline_nav")
    return found


def _cut(text: str) -> str:
    """What the cues read of a long line: its start and its end."""
    return text[:250] + " \n " + text[-150:] if len(text) > 400 else text


def kinds(text: str) -> set[str]:
    """The kinds a line's cues name."""
    low = _cut(text).casefold()
    return kinds_of(low, _WORD.findall(low))


def flags(found: set[str]) -> list[float]:
    """One flag per reason, in REASONS order."""
    return [1.0 if r in found else 0.0 for r in REASONS]


def reason_of(text: str) -> str:
    """The removal's reason: the kind the line's cues name first (in REASONS order), `classified` where none does."""
    found = kinds(text)
    return next((r for r in REASONS if r in found), "classified")
