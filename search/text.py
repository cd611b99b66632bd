"""Pure text helpers for search: word splitting, folded/exact forms, highlighted snippets."""

import re
import unicodedata

from django.utils.html import escape

from units.text import fold

_WORD = re.compile(r"\w+", re.UNICODE)
SEPARATOR = " | "  # between fields: no phrase can match across it


def nfc(text):
    return unicodedata.normalize("NFC", text or "")


def words(text, *, folded):
    """Words of `text`, lower case; folded (no diacritics, đ→d) or with diacritics kept."""
    text = nfc(text)
    text = fold(text) if folded else text.lower()
    return _WORD.findall(text)


def padded(text, *, folded):
    """' w1 w2 w3 ' — the form stored in the matching columns."""
    return " " + " ".join(words(text, folded=folded)) + " "


def padded_fields(parts, *, folded):
    joined = SEPARATOR.join(" ".join(words(p, folded=folded)) for p in parts if p and p.strip())
    return f" {joined} "


def has_diacritics(text):
    text = nfc(text)
    return fold(text) != " ".join(text.lower().split())


def split_variants(terms):
    return [v.strip() for v in re.split(r"[,\n;]+", terms or "") if v.strip()]


def _fold_char(ch):
    if ch in "đĐ":
        return "d"
    stripped = "".join(c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn")
    lowered = stripped.lower()
    return lowered if len(lowered) == 1 else ch.lower()[:1] or ch


def fold_with_map(text):
    """Fold `text` one character at a time, so positions in the folded string are positions in
    the original (lengths are equal)."""
    return "".join(_fold_char(ch) for ch in text)


def highlight(text, phrases, *, width=220):
    """An HTML snippet of `text` around the first match of any folded word sequence in
    `phrases`, every match wrapped in <mark>. The text is escaped first, piece by piece, so
    nothing in it (or in the query) can inject markup. Returns "" when nothing matches."""
    text = nfc(text)
    folded = fold_with_map(text)
    spans = []
    for phrase in phrases:
        if not phrase:
            continue
        pattern = r"(?<!\w)" + r"\W+".join(re.escape(w) for w in phrase) + r"(?!\w)"
        spans.extend(m.span() for m in re.finditer(pattern, folded))
    if not spans:
        return ""
    spans.sort()
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    first = merged[0][0]
    begin = max(0, first - width // 3)
    if begin:  # start on a word boundary
        space = text.find(" ", begin)
        begin = space + 1 if 0 <= space < first else begin
    end = min(len(text), begin + width)
    if end < len(text):
        space = text.rfind(" ", merged[0][1], end)
        end = space if space > 0 else end
    out, pos = [], begin
    for start, stop in merged:
        if stop <= begin or start >= end:
            continue
        start, stop = max(start, begin), min(stop, end)
        out.append(escape(text[pos:start]))
        out.append("<mark>" + escape(text[start:stop]) + "</mark>")
        pos = stop
    out.append(escape(text[pos:end]))
    return ("…" if begin else "") + "".join(out) + ("…" if end < len(text) else "")
