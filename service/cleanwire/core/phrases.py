"""Text evidence for boilerplate, by reason, in English, German, French, Spanish, Portuguese,
Italian and Russian. Each list compiles to one case-insensitive regex.

`LINE` patterns mark a whole short line; `HEADER` patterns open a boilerplate section (the lines
after them belong to it); `TAIL` patterns may be cut from the end of a body paragraph they are glued to.
"""

from __future__ import annotations

import re


def _rx(parts: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE)


PAYWALL = _rx([
    r"subscribe (now )?to (continue|keep) reading", r"(this|the) (article|story|content) is (only )?(available|reserved|exclusive) (to|for) (subscribers|members)",
    r"already (a )?(subscriber|member)\??", r"(log|sign) in to (continue|read)", r"to (continue|keep) reading,? (please )?(subscribe|log in|sign in|register)",
    r"subscribers only", r"unlock (this|the full) (article|story)", r"read the full (article|story) (with|by subscribing)",
    r"start your (free )?trial", r"get (full|unlimited|digital) access",
    r"(jetzt|gleich) (weiter)?lesen mit", r"nur für abonnenten", r"exklusiv für abonnenten", r"(jetzt|hier) abonnieren",
    r"abo abschließen", r"bereits abonnent", r"mit (z\+|f\+|spiegel\+|sz plus|bild plus|welt plus)",
    r"réservé aux abonnés", r"il vous reste \d+ ?% de (cet|l'|l’)article", r"déjà abonné", r"abonnez-vous",
    r"contenido (exclusivo )?para suscriptores", r"(ya eres|ya soy) suscriptor", r"suscríbete (para|y) (seguir|continuar)",
    r"conteúdo (exclusivo )?para assinantes", r"já é assinante", r"assine (já|agora) para",
    r"riservato agli abbonati", r"sei già abbonato", r"abbonati per (continuare|leggere)",
    r"доступ(ен)? только (для )?подписчик", r"оформите подписку",
])

DONATION = _rx([
    r"\bsupport (us|our (work|journalism|reporting|newsroom)|independent journalism|the (guardian|moscow times))\b",
    r"\b(make|give) a (one-time |one-off |monthly |recurring )?(donation|contribution|gift)\b", r"\bdonate( now| today)?\b",
    r"\byour support\b", r"\bwe need your help\b", r"\bbecome a (member|supporter|patron|sustaining member)\b",
    r"\bsupport (us )?(monthly|today)\b", r"\bnot ready to support\b", r"\bremind me later\b", r"\bevery contribution\b",
    r"\breader-(funded|supported)\b", r"\benjoying ad-free content\b", r"\bchip in\b",
    r"\bbraucht (deine|ihre|eure) unterstützung\b", r"\bdeine unterstützung\b", r"\bjetzt spenden\b", r"\bunterstützen sie (uns|unseren|unabhängigen)\b", r"\bspenden sie\b", r"\bihre unterstützung\b",
    r"\bsoutenez[- ]nous\b", r"\bfaire un don\b", r"\bfaites un don\b", r"\bvotre soutien\b",
    r"\bhaz(te)? una donación\b", r"\bapoya (nuestro|el) periodismo\b", r"\bdona ahora\b", r"\btu apoyo\b",
    r"\bfaça uma doação\b", r"\bapoie (o|nosso) jornalismo\b", r"\bseu apoio\b",
    r"\bfai una donazione\b", r"\bsostieni (il|la|il nostro)\b", r"\bil tuo sostegno\b",
    r"\bподдержите (нас|нашу|независим)", r"\bпожертвова",
])

NEWSLETTER = _rx([
    r"\bsign up for (our|the|a|free)\b.*\b(newsletters?|briefings?|digest|emails?|alerts?)\b",
    r"\bsubscribe to (our|the)\b.*\b(newsletter|briefing|digest|mailing list)\b",
    r"\b(our|the|this) (free |daily |weekly )*newsletter\b", r"\bnewsletters?\b.*\b(sign up|subscribe|inbox)\b",
    r"\b(delivered|straight|directly) to your inbox\b", r"\bin your (mail|in)box every\b", r"\bsubscribers agree to\b",
    r"\benter your e-?mail( address)?\b", r"\bby (signing up|subscribing),? you agree\b",
    r"\bnewsletter (abonnieren|bestellen)\b", r"\bjetzt (für den|zum) newsletter\b", r"\bin ihr postfach\b",
    r"\binscrivez-vous à (notre|la) (newsletter|lettre)\b", r"\brecevez (notre|la) newsletter\b",
    r"\bsuscríbete a (nuestro|nuestra|el|la) (boletín|newsletter)\b", r"\brecibe (nuestro|el) boletín\b",
    r"\b(assine|inscreva-se)( n[ao])? (nossa )?newsletter\b", r"\biscriviti alla (nostra )?newsletter\b",
    r"\bподпишитесь на (нашу )?рассылку\b",
])

RELATED = _rx([
    r"^(read|see) (more|also)\b", r"^related( articles| stories| content| coverage| posts)?\s*:?$", r"^more (on|about) (this|that)\b",
    r"^more (from|stories|news)\b", r"^recommended( for you| stories| reading)?\s*:?$", r"^you (may|might) (also )?(like|be interested)\b",
    r"^also read\b", r"^\[\s*(also read|read more|related)\b", r"^related\s*:\s", r"^recommended videos\b",
    r"^weiterführende links\b", r"^(see|view) all\b", r"^most (read|popular|viewed)\b", r"^trending( now| stories)?\s*:?$", r"^(top|latest) stories\s*:?$",
    r"^(click|tap) here to read\b", r"^continue reading\s*$", r"^read next\b", r"^up next\b",
    r"^mehr zum thema\b", r"^lesen sie (auch|mehr)\b", r"^auch interessant\b", r"^weitere artikel\b", r"^das könnte sie (auch )?interessieren\b",
    r"^(à|a) lire (aussi|également)\b", r"^lire (aussi|la suite)\b", r"^sur le même (sujet|thème)\b",
    r"^lee (también|más)\b", r"^te puede interesar\b", r"^(más|mas) noticias\b", r"^noticias relacionadas\b",
    r"^leia (também|mais)\b", r"^veja também\b", r"^saiba mais\b",
    r"^leggi (anche|altro)\b", r"^potrebbe interessarti\b", r"^articoli correlati\b",
    r"^читайте (также|еще|ещё)\b", r"^по теме\b", r"^смотрите также\b",
])

CAPTION = _rx([
    r"^(photo|foto|image|picture|pictured|bild|fotografía|imagem|immagine|фото)\s*(credit)?\s*[:©]", r"^(credit|crédit|crédito|quelle|source)\s*:",
    r"©", r"\((photo|foto|image|bild)\s*:", r"\b(getty images|afp via getty|ap photo|reuters/|shutterstock|istock|imago images|picture alliance|dpa-bildfunk|epa-efe)\b",
    r"^[\w .'-]{2,40}( / [\w .'-]{2,30}){1,3}$",
    r"^(photo|foto|image|bild)\s*$",
])

COOKIE = _rx([
    r"\bwe use cookies\b", r"\b(accept|reject|manage) (all )?cookies\b", r"\bcookie (policy|settings|preferences|consent)\b",
    r"\bthis (web)?site uses cookies\b", r"\bwir verwenden cookies\b", r"\bnous utilisons des cookies\b", r"\butilizamos cookies\b",
    r"\busamos cookies\b", r"\butilizziamo (i )?cookie\b", r"\bмы используем (файлы )?cookie\b", r"\bprivacy (settings|preferences|center)\b",
])

SHARE = _rx([
    r"^(share|share this( article| story)?|share on \w+|tweet|email|print|copy link|copy the link)\s*:?$",
    r"\bfollow (us )?on (twitter|facebook|instagram|x|linkedin|tiktok|threads|bluesky)\b", r"^click to (share|email|print)\b",
    r"^(teilen|artikel teilen|drucken|partager|partager sur \w+|compartir|compartilhe|compartilhar|condividi|поделиться)\s*:?$",
    r"\b(share|teilen|partager|compartir|condividi) (this|dieses|cet|este|questo)\b.{0,20}$",
])

AD_LABEL = _rx([
    r"^(advertisement|advertising|ad|sponsored|sponsored content|sponsored links|paid content|partner content|promoted)\s*$",
    r"^(anzeige|werbung|publicité|publicidad|publicidade|pubblicità|реклама)\s*$",
    r"^(story continues|article continues) (below|after) (this )?(advertisement|ad)\b",
])

COMMENTS = _rx([
    r"^(\d+ )?(comments?|kommentare?|commentaires?|comentarios?|comentários?|commenti|комментари\w*)\s*(\(\d+\))?\s*:?$",
    r"\bleave a (comment|reply)\b", r"\bjoin the (conversation|discussion)\b", r"\bshow comments\b", r"\bcomments are closed\b",
    r"\bschreiben sie einen kommentar\b", r"\blaisser un commentaire\b", r"\bdeja (un|tu) comentario\b",
])

_NAME = r"[A-ZÀ-ÖØ-ÞА-Я][\w.'’-]+"
BYLINE_ONLY = re.compile(rf"^(?i:by|von|par|por|di|da|de|автор:?)\s+{_NAME}(\s+(?i:and|und|et|y|e|и)?\s*{_NAME}){{0,4}}\s*$")
BYLINE_NAV = _rx([
    r"^(lesedauer|reading time|temps de lecture|tiempo de lectura)\s*:?\s*\d", r"^\W*\d+\s*(min|minutes?|minuten|mins)\.?\s*(read|lesezeit|de lecture|de lectura|di lettura)\b",
    r"^\W*\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\W*$", r"\|\s*permalink\s*$",
    r"^\W*(\d{1,2}:\d{2}\s*(am|pm)?\s*\w{0,4},?\s*)?(on\s+)?(\w+day,?\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?\s+\d{1,2},?\s+\d{4}\W*$",
    r"^(more|all) (articles|stories|posts) (by|from)\b", r"^view all posts by\b", r"^(author|autor|auteur|autore)\s*:",
    r"^(updated|published|aktualisiert|veröffentlicht|publié|mis à jour|actualizado|publicado|atualizado|pubblicato|aggiornato|опубликовано|обновлено)\b.{0,60}$",
])

# Section headers: what follows them (to the end, or to the next body paragraph) is the same boilerplate.
DONATION_HEADER = _rx([
    r"^a message from\b", r"^dear (readers?|friends?)\s*[,:!]?$", r"^(liebe leserinnen|liebe leser)\b", r"^(chers|chères) lect",
    r"^(querid[oa]s? lector)", r"^(car[ie] lettor)", r"^(дорогие читатели)", r"^support (us|our journalism)\s*$",
])
NEWSLETTER_HEADER = _rx([r"^sign up for\b.*newsletter", r"^(newsletter|newsletters)\s*:?$", r"^subscribe to our newsletter"])

PARAGRAPH_TAIL = {
    "donation": DONATION,
    "newsletter": NEWSLETTER,
    "paywall": PAYWALL,
}
