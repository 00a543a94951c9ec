"""Bytes and strings in, Unicode text out: charset from the HTTP header, the page's meta tag, a BOM,
or the bytes themselves; binary payloads are recognised and refused."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from cleanwire.core.models import Rejected, RejectReason

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x1f\x8b", "gzip data"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"RIFF", "RIFF media"),
    (b"\x00\x00\x01\x00", "icon"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
    (b"\x7fELF", "executable"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
)
_BINARY_TYPES = re.compile(r"^\s*(image|audio|video|font)/|application/(pdf|zip|gzip|octet-stream|x-)", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes(b for b in range(128) if _CONTROL.match(chr(b)))


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def sniff_binary(head: bytes, content_type: str | None) -> str | None:
    """A short description of a binary payload, or None for what may be text."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if content_type and _BINARY_TYPES.search(content_type):
        return f"content type {content_type.split(';')[0].strip()}"
    if head and head.count(b"\x00") > len(head) // 100 and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "bytes with NUL characters"
    return None


def _try(data: bytes, codec: str | None) -> str | None:
    if codec is None:
        return None
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode(content: str | bytes, content_type: str | None) -> str | Rejected:
    """The page as text, or the reason it is not a text page."""
    decoded = decode_keeping_utf8(content, content_type)
    return decoded if isinstance(decoded, Rejected) else decoded[0]


def decode_keeping_utf8(content: str | bytes, content_type: str | None) -> tuple[str, bytes | None] | Rejected:
    """`decode`, and the bytes the text is the strict UTF-8 decoding of (`content` itself, most pages), or None:
    the steps after it that need UTF-8 (the control-character check, the parser) then read these bytes
    instead of encoding the text again."""
    if isinstance(content, str):
        if "\x00" in content[:65536]:
            return Rejected(RejectReason.BINARY_CONTENT, "text with NUL characters")
        return content, None
    what = sniff_binary(content[:4096], content_type)
    if what:
        return Rejected(RejectReason.BINARY_CONTENT, f"not a text page: {what}")
    if content.startswith(codecs.BOM_UTF8):
        return content[3:].decode("utf-8", errors="replace"), None
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return content.decode("utf-16", errors="replace"), None
    header = None
    if content_type and (hm := _HEADER_CHARSET.search(content_type)):
        header = _codec(hm.group(1))
    meta = None
    if mm := _META_CHARSET.search(content[:4096]):
        meta = _codec(mm.group(1).decode("ascii", errors="ignore"))
    # UTF-8 that decodes cleanly wins over a latin-1 label: mislabelled UTF-8 is far more common than
    # latin-1 bytes that happen to form valid UTF-8.
    utf8 = _try(content, "utf-8")
    for codec in (header, meta):
        if codec in ("utf-8", "latin-1", "iso8859-1", "cp1252", "iso8859-15", "ascii") and utf8 is not None:
            return utf8, content  # a utf-8 label: the decoding above (not a second one)
        text = _try(content, codec)
        if text is not None:
            return text, None
    if utf8 is not None:
        return utf8, content
    best = from_bytes(content[:200_000]).best()
    if best is not None and best.encoding:
        text = _try(content, best.encoding)
        if text is not None:
            return text, None
        return content.decode(best.encoding, errors="replace"), None
    return Rejected(RejectReason.UNDECODABLE, "no charset turns these bytes into text")


def looks_like_html(text: str, content_type: str | None) -> bool:
    ct = (content_type or "").split(";")[0].strip().lower()
    if ct in ("text/html", "application/xhtml+xml", "application/xml", "text/xml"):
        return True
    if ct == "text/plain":
        return False
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype", "<html", "<?xml", "<head", "<body", "<meta", "<!--")) or bool(
        re.search(r"<(p|div|article|body|html|span|br)[\s>/]", text[:20000], re.I)
    )


def strip_controls(text: str, utf8: bytes | None = None) -> str:
    """The text without control characters (but tab, line feed and carriage return). Most pages have none:
    that is checked on the UTF-8 bytes in C (a control character is one byte there, and no byte of another
    character's encoding is one), three times faster than the pattern's scan of the text. `utf8`: the text's
    UTF-8 bytes where the caller has them (`decode_keeping_utf8`); the same text is returned, not a copy,
    when there is nothing to strip."""
    data = utf8 if utf8 is not None else text.encode("utf-8", "surrogatepass")
    if len(data.translate(None, _CONTROL_BYTES)) == len(data):
        return text
    return _CONTROL.sub("", text)
