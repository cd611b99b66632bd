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
