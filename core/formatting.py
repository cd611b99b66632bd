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
