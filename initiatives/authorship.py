"""Pure rules about the authors of an initiative (no database).

Decree 13/2012/NĐ-CP, Initiative Regulation (Điều lệ Sáng kiến) Art. 5(3)(b): the application names
each author and co-author with full name, date of birth, workplace, position, qualification and
"tỷ lệ (%) đóng góp vào việc tạo ra sáng kiến" (share of contribution, in %). The shares of all
co-authors together describe one initiative, so they must add up to 100 (checked in the edit form
and in every action that changes authors)."""

from decimal import Decimal

from django.utils.translation import gettext as _

TOTAL_SHARE = Decimal("100")


def shares_error(shares):
    """None when the contribution shares (a list of Decimals or None, one per author) are valid,
    else a Vietnamese message naming the field. No authors at all is valid (many demo initiatives
    have no named author in their source)."""
    shares = list(shares)
    if not shares:
        return None
    if any(share is None for share in shares):
        return _("Tỷ lệ đóng góp (%): hãy nhập tỷ lệ cho từng tác giả.")
    if any(share <= 0 or share > TOTAL_SHARE for share in shares):
        return _("Tỷ lệ đóng góp (%): mỗi tác giả phải có tỷ lệ lớn hơn 0 và không quá 100.")
    total = sum(shares, Decimal(0))
    if total != TOTAL_SHARE:
        return _("Tỷ lệ đóng góp (%%): tổng tỷ lệ của các tác giả phải bằng 100%%, hiện là %(total)s%%.") % {
            "total": format_share(total)}
    return None


def format_share(value):
    """Vietnamese notation: 33,5 ; 100 (no trailing zeros)."""
    if value is None:
        return "—"
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", ",")
