"""Numbers written the Vietnamese way: decimal comma, thousands dot (98,9% ; 9.470 ; 1.234,5).

Used by templates, CSV/XLSX exports and certificates, so every surface writes numbers alike.
Trailing zeros are dropped unless `decimals` is given."""

from decimal import Decimal, InvalidOperation


def format_number(value, decimals=None):
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if decimals is not None:
        text = f"{number:,.{int(decimals)}f}"
    else:
        text = f"{number:,f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def format_percent(value, decimals=None):
    text = format_number(value, decimals)
    return f"{text}%" if text else ""


def format_file_size(size):
    """A file's size for a reader: 850 B, 12 KB, 1,2 MB (decimal comma; 1 KB = 1.024 bytes, as file
    managers show it). Unknown size -> ""."""
    if size is None or size == "":
        return ""
    size = int(size)
    if size < 1024:
        return f"{format_number(size)} B"
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            return f"{format_number(round(size, 1 if size < 100 else 0))} {unit}"


def person_name(user):
    """How staff screens, papers and e-mails name a person: the full name, else the login name."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
