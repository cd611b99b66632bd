"""The papers of the initiatives app: the receipt of an application (Circular 18/2013/TT-BKHCN Art. 6(1)(a),
Annex II) and the certificate of initiative (giấy chứng nhận sáng kiến, Regulation Art. 7(1)(a); form in
the Circular's annex). Both from data on the initiative only."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core.formatting import person_name
from .authorship import format_share
from .pdf import BOLD, Paper, site_url, vn_date


def receipt_pdf(receipt, today=None):
    page = receipt.initiative
    clock = receipt.clock(today)
    paper = Paper(_("Giấy biên nhận đơn yêu cầu công nhận sáng kiến — %(n)s") % {"n": receipt.number})
    paper.national_header(receipt.receiving_body)
    paper.centred(_("GIẤY BIÊN NHẬN ĐƠN YÊU CẦU CÔNG NHẬN SÁNG KIẾN"), BOLD, 13)
    paper.centred(_("Số: %(n)s") % {"n": receipt.number})
    paper.y -= 3 * 2.83
    paper.pairs([
        (_("Nơi nhận đơn"), receipt.receiving_body),
        (_("Người nộp đơn (tác giả)"), receipt.applicant),
        (_("Tên sáng kiến"), page.title),
        (_("Ngày nhận đơn"), vn_date(receipt.received_on)),
        (_("Hạn xem xét, chấp nhận đơn (Điều 6 Điều lệ Sáng kiến)"), vn_date(clock.acceptance_due)),
        (_("Thời gian trả lời kết quả công nhận sáng kiến, chậm nhất (Điều 7 khoản 1)"), vn_date(clock.decision_due)),
    ])
    paper.text(_("Thời hạn tính theo ngày dương lịch kể từ ngày nhận đơn; thời gian đơn được trả lại để sửa đổi, "
                 "bổ sung không tính vào thời hạn."), size=9)
    paper.y -= 6
    paper.text(_("Người nhận đơn: %(name)s") % {"name": person_name(receipt.received_by)
                                                 if receipt.received_by else "—"})
    return paper.bytes()


def verification_path(page):
    return reverse("recognition_public:verify", args=[page.pk])


def certificate_pdf(page, authors):
    """`authors`: the rows to print (the public certificate passes the consenting authors only)."""
    paper = Paper(_("Giấy chứng nhận sáng kiến — %(t)s") % {"t": page.title})
    paper.national_header(page.council_name or page.owning_office or page.origin_unit.name)
    paper.y -= 6
    paper.centred(_("GIẤY CHỨNG NHẬN SÁNG KIẾN"), BOLD, 18)
    paper.y -= 6
    paper.centred(_("Chứng nhận giải pháp"), size=11)
    paper.centred(f"“{page.title}”", BOLD, 13)
    paper.centred(_("là sáng kiến, theo Quyết định số %(n)s ngày %(d)s") % {
        "n": page.decision_number or "—", "d": vn_date(page.decision_date)})
    paper.centred(_("Đơn vị áp dụng: %(u)s") % {"u": page.origin_unit.name})
    if page.recognition_level:
        paper.centred(_("Cấp công nhận: %(l)s") % {"l": page.get_recognition_level_display()})
    paper.y -= 6
    paper.heading(_("Tác giả, đồng tác giả và tỷ lệ đóng góp"))
    if authors:
        for number, author in enumerate(authors, 1):
            line = f"{number}. {author.full_name} — {format_share(author.contribution_pct)}%"
            extra = ", ".join(x for x in (author.position, author.workplace) if x)
            paper.text(line + (f" ({extra})" if extra else ""), indent=6)
    else:
        paper.text(_("Nguồn không nêu tên tác giả."), indent=6)
    if page.influence_scope:
        paper.text(_("Phạm vi ảnh hưởng: %(s)s (Quyết định số %(n)s ngày %(d)s)") % {
            "s": page.get_influence_scope_display(), "n": page.scope_decision_number,
            "d": vn_date(page.scope_decision_date)})
    paper.y -= 8
    paper.text(_("Xác minh giấy chứng nhận:"), size=9)
    paper.qr(site_url() + verification_path(page))
    return paper.bytes()
