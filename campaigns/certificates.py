"""Certificates of awards: a printable PDF (reportlab, DejaVu Serif for Vietnamese glyphs, QR code to
the verification page) and an Open Badges 3.0 credential (JSON-LD, unsigned: its authenticity is
checked on the verification page it points to)."""

import io
from pathlib import Path

import segno
from django.conf import settings
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT_DIR = Path(settings.BASE_DIR) / "static" / "campaigns" / "fonts"
OB_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def site_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def verification_url(award):
    return site_url() + award.get_verification_url()


def _register_fonts():
    if "DejaVuSerif" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSerif", str(FONT_DIR / "DejaVuSerif.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVuSerif-Bold", str(FONT_DIR / "DejaVuSerif-Bold.ttf")))


def _wrap(text, font, size, width):
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if pdfmetrics.stringWidth(candidate, font, size) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def certificate_pdf(award):
    """The certificate as PDF bytes (A4 landscape)."""
    _register_fonts()
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"{award.get_kind_display()} — {award.recipient_name}")
    pdf.setAuthor(award.issuer_name or "Nhân Rộng")
    pdf.setLineWidth(2)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    pdf.setLineWidth(0.6)
    pdf.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)

    centre = width / 2
    y = height - 32 * mm
    pdf.setFont("DejaVuSerif-Bold", 13)
    pdf.drawCentredString(centre, y, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    pdf.setFont("DejaVuSerif-Bold", 12)
    pdf.drawCentredString(centre, y - 6 * mm, "Độc lập - Tự do - Hạnh phúc")
    pdf.setFont("DejaVuSerif", 12)
    if award.issuer_name:
        pdf.drawCentredString(centre, y - 16 * mm, award.issuer_name.upper())
    pdf.setFont("DejaVuSerif-Bold", 30)
    pdf.drawCentredString(centre, y - 34 * mm, award.get_kind_display().split(" của ")[0].upper())
    pdf.setFont("DejaVuSerif", 13)
    pdf.drawCentredString(centre, y - 44 * mm, _("Tặng"))
    pdf.setFont("DejaVuSerif-Bold", 20)
    pdf.drawCentredString(centre, y - 56 * mm, award.recipient_name)
    if award.recipient_initiative_id and (award.recipient_unit_id or award.recipient_office):
        pdf.setFont("DejaVuSerif", 12)
        pdf.drawCentredString(centre, y - 64 * mm, _("Sáng kiến: %(t)s") % {"t": award.recipient_initiative.title})
    pdf.setFont("DejaVuSerif", 13)
    line_y = y - 76 * mm
    for line in _wrap(award.citation, "DejaVuSerif", 13, width - 80 * mm)[:4]:
        pdf.drawCentredString(centre, line_y, line)
        line_y -= 7 * mm
    pdf.setFont("DejaVuSerif", 11)
    pdf.drawCentredString(centre, line_y - 2 * mm, _("Phong trào: %(t)s") % {"t": award.campaign.title})
    decision = _("Quyết định số %(n)s ngày %(d)s") % {
        "n": award.decision_number or "…", "d": award.decision_date.strftime("%d/%m/%Y") if award.decision_date else "…"}
    pdf.drawString(30 * mm, 30 * mm, decision)
    pdf.setFont("DejaVuSerif", 8)
    pdf.drawString(30 * mm, 24 * mm, _("Xác minh: %(url)s") % {"url": verification_url(award)})

    qr = segno.make(verification_url(award), error="m")
    png = io.BytesIO()
    qr.save(png, kind="png", scale=6, border=1)
    png.seek(0)
    pdf.drawImage(ImageReader(png), width - 60 * mm, 22 * mm, 36 * mm, 36 * mm)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def credential(award):
    """Open Badges 3.0 OpenBadgeCredential for the award (JSON-serialisable dict)."""
    url = verification_url(award)
    issuer_name = award.issuer_name or settings.WAGTAIL_SITE_NAME
    subject = {"type": ["AchievementSubject"], "name": award.recipient_name,
               "achievement": {
                   "id": f"{site_url()}/xac-minh/thanh-tich/{award.campaign.pk}-{award.kind}",
                   "type": ["Achievement"],
                   "name": award.get_kind_display(),
                   "description": award.citation,
                   "criteria": {"narrative": _("Được hội đồng thi đua đề nghị và cấp có thẩm quyền quyết định "
                                               "khen thưởng trong phong trào “%(t)s”.") % {"t": award.campaign.title}},
                   "achievementType": "Award",
               }}
    if award.recipient_unit_id:
        subject["identifier"] = [{"type": "IdentityObject", "identityHash": award.recipient_unit.code,
                                  "identityType": "identifier", "hashed": False}]
    data = {
        "@context": OB_CONTEXT,
        "id": f"{site_url()}/xac-minh/{award.uuid}.json",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": site_url() + "/", "type": ["Profile"], "name": issuer_name},
        "validFrom": (award.decision_date.isoformat() + "T00:00:00Z") if award.decision_date
        else award.proposed_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "name": f"{award.get_kind_display()} — {award.recipient_name}",
        "credentialSubject": subject,
        "evidence": [{"id": url, "type": ["Evidence"], "name": _("Trang xác minh"),
                      "narrative": _("Quyết định số %(n)s") % {"n": award.decision_number}}],
    }
    if award.revoked_at:
        # A revoked award stops being valid from its revocation (VC Data Model 2.0 validUntil).
        data["validUntil"] = award.revoked_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    return data
