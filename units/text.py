"""Vietnamese text folding: lower case, no diacritics, đ -> d. Shared by search and unit lookup."""

import unicodedata

_TRANSLATE = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    if not text:
        return ""
    text = text.translate(_TRANSLATE)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


# Vietnamese alphabetical order (bảng chữ cái tiếng Việt): ă, â after a; đ after d; ê after e; ô, ơ
# after o; ư after u. Tones sort after the letters, in the dictionary order ngang, huyền, hỏi, ngã,
# sắc, nặng. Letters outside the alphabet (f, j, w, z, digits) sort after it by code point.
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
_SHAPE = {"\u0306": "breve", "\u0302": "circumflex", "\u031b": "horn"}
_SHAPED = {("a", "breve"): "ă", ("a", "circumflex"): "â", ("e", "circumflex"): "ê", ("o", "circumflex"): "ô",
           ("o", "horn"): "ơ", ("u", "horn"): "ư"}
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def vn_sort_key(text: str):
    """Sort key putting names in Vietnamese alphabetical order: "Hà Nội" before "Huế", "Đà Nẵng"
    after every "D…", "Ân Thi" after "An Lão". Case and spacing do not matter. The one key every
    unit list uses (units.views, units.stats)."""
    letters, tones = [], []
    for word in (text or "").lower().split():
        for ch in unicodedata.normalize("NFD", word):
            if ch in _SHAPE and letters:
                base = letters[-1]
                shaped = _SHAPED.get((_ALPHABET[base] if 0 <= base < len(_ALPHABET) else "", _SHAPE[ch]))
                if shaped:
                    letters[-1] = _LETTER_RANK[shaped]
            elif ch in _TONE_RANK:
                tones.append(_TONE_RANK[ch])
            elif unicodedata.category(ch) == "Mn":
                continue
            else:
                letters.append(_LETTER_RANK.get(ch, len(_ALPHABET) + ord(ch)))
        letters.append(-1)  # word boundary: "An Lão" before "Ana"
    return tuple(letters), tuple(tones)
