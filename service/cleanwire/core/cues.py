"""Word cues for kinds of boilerplate: features of the line classifiers, and the name of a removal's reason.

These are short, generic keywords and stems in many languages, not phrases from particular pages: a cue
never removes a line by itself. The classifier weighs it with the line's shape, its neighbours and its
place on the page, so "Residents were urged to donate blood." (a donation cue in a body sentence) stays.
"""

from __future__ import annotations

import re


def _rx(parts: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE)


CUES: dict[str, re.Pattern[str]] = {
    "paywall": _rx([
        r"\bsubscri(be|ber|bers|ption)\b", r"\bpaywall", r"\bpremium\b", r"\bunlock\b", r"\bfree trial\b", r"\blog ?in\b",
        r"\bsign ?in\b", r"\baccount\b", r"\babonn", r"\babo\b", r"\bplus\b", r"\bsuscri", r"\bassina", r"\babbona", r"\bподпис",
        r"\bkostenlos testen\b", r"\bregistr", r"購読", r"会員", r"로그인",
    ]),
    "donation": _rx([
        r"\bdonat", r"\bdonaci", r"\bdoaç", r"\bdonazion", r"\bspende", r"\bspenden\b", r"\bcontribut", r"\bsupport\b",
        r"\bsupporter", r"\bpatreon\b", r"\bmember(ship)?\b", r"\bunterstütz", r"\bsoutien", r"\bsoutenez", r"\bapoy", r"\bapoi",
        r"\bsosten", r"\bподдерж", r"\bпожертв", r"\bjournalism\b", r"\bjournalismus\b", r"\bjournalisme\b", r"\bperiodismo\b",
        r"\bindependent\b", r"\$\s?\d+\b", r"€\s?\d+\b", r"\b\d+\s?€",
    ]),
    "newsletter": _rx([
        r"\bnewsletter", r"\binbox", r"\bpostfach", r"\be-?mail\b", r"\bsign(ing)? up\b", r"\bbolet[ií]n", r"\bbriefing",
        r"\bdigest\b", r"\bрассылк", r"\binscri", r"\biscriv", r"\balerts?\b", r"\bunsubscribe\b",
    ]),
    "related": _rx([
        r"^\W*(read|see|also|more|related|recommended|trending|popular|latest|top|next|previous|watch)\b", r"\bread more\b",
        r"\balso read\b", r"\bmore (stories|news|articles)\b", r"\byou (may|might) (also )?like\b", r"^\W*(lesen sie|mehr zum|weitere|auch interessant)",
        r"^\W*(lire|à lire|a lire|voir aussi)", r"^\W*(lee|leer|más|ver también)\b", r"^\W*(leia|veja|saiba)\b", r"^\W*(leggi|vedi)\b",
        r"^\W*(читайте|смотрите|по теме)", r"関連", r"相关",
    ]),
    "caption": _rx([
        r"©", r"\b(photo|foto|image|picture|bild|imagem|immagine|фото|credit|crédit|crédito|quelle|source|fuente|fonte)\b",
        r"\b(getty|afp|reuters|ap|dpa|epa|imago|shutterstock|istock|alamy|tass|efe|ansa|xinhua|anadolu)\b", r"\s/\s",
        r"\b(pictured|illustration|handout|file photo|screenshot|archiv)\b",
    ]),
    "cookie": _rx([r"\bcookie", r"\bconsent\b", r"\bprivacy\b", r"\bgdpr\b", r"\bdatenschutz", r"\bconfidentialit", r"\bprivacidad", r"\bprivacy policy\b"]),
    "share": _rx([
        r"\b(share|sharing|tweet|teilen|partager|compartir|compartilh|condividi|поделиться)\b", r"\b(facebook|twitter|whatsapp|linkedin|telegram|pinterest|reddit|instagram|tiktok|youtube|bluesky|threads)\b",
        r"\bfollow (us|me)\b", r"\b(print|copy link|email this)\b", r"\bfolgen sie\b", r"\bsuivez[- ]nous\b", r"\bsíguenos\b",
    ]),
    "ad_label": _rx([
        r"^\W*(advertisement|advertising|ad|ads|sponsored|promoted|anzeige|werbung|publicité|publicidad|publicidade|pubblicità|реклама|広告|광고)\W*$",
        r"\bsponsor", r"\bpartner content\b", r"\bpaid (post|content)\b", r"\bcontinues below\b",
    ]),
    "comments": _rx([
        r"\bcomments?\b", r"\bkommentar", r"\bcommentaire", r"\bcomentario", r"\bcomentário", r"\bcommenti?\b", r"\bкомментари",
        r"\breply\b", r"\bdiscussion\b", r"\bconversation\b",
    ]),
    "byline_nav": _rx([
        r"^\W*(by|von|par|por|di|da|door|av|af|przez|автор)\s+\S", r"\b(min(ute)?s? read|lesezeit|lesedauer|de lecture|de lectura|di lettura)\b",
        r"\b(updated|published|aktualisiert|veröffentlicht|publié|mis à jour|actualizado|publicado|atualizado|pubblicato|aggiornato|опубликовано|обновлено)\b",
        r"\b(author|autor|auteur|autore|redaktion|editor|reporter|correspondent)\b", r"\b\d{1,2}:\d{2}\b", r"\b(19|20)\d{2}\b",
        r"\b(home|menu|search|suche|recherche|buscar|startseite|accueil|inicio)\b",
    ]),
}
REASONS: tuple[str, ...] = tuple(CUES)


_ALL = re.compile("|".join(f"(?P<{name}>{rx.pattern})" for name, rx in CUES.items()), re.IGNORECASE)


def cue_hits(text: str) -> list[float]:
    """One flag per reason, in REASONS order: one pass over the line (a long line: its two ends)."""
    if len(text) > 400:
        text = text[:250] + " \n " + text[-150:]
    found = {m.lastgroup for m in _ALL.finditer(text)}
    return [float(r in found) for r in REASONS]


def reason_of(text: str) -> str:
    """The removal's reason: the first kind whose cue the line carries, `classified` where none does."""
    for reason, rx in CUES.items():
        if rx.search(text):
            return reason
    return "classified"
