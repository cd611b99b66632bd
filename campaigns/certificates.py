"""Certificates of awards: a printable PDF (reportlab, DejaVu Serif for Vietnamese glyphs, QR code to
the verification page; signed PAdES by `pdf_signing`) and an Open Badges 3.0 AchievementCredential
(signed as a VC-JOSE JWT with the issuer's Ed25519 key, revocation in a Bitstring Status List), so
anyone can verify an award without trusting the server that shows it (docs/commendation.md)."""

import io
import uuid
from pathlib import Path

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from . import status_list

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
    if award.recipient_person_id:
        person = award.recipient_person
        pdf.setFont("DejaVuSerif", 12)
        pdf.drawCentredString(centre, y - 64 * mm, ", ".join(p for p in (person.position, person.workplace) if p))
    elif award.recipient_initiative_id and (award.recipient_unit_id or award.recipient_office):
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


def issuer_profile_url():
    return site_url() + reverse("campaigns:issuer_profile")


def status_list_url():
    return site_url() + reverse("campaigns:status_list")


def issuer_profile():
    """The issuer's Open Badges Profile: who signs, and where its public keys are (JWKS)."""
    return {"id": issuer_profile_url(), "type": ["Profile"], "name": settings.WAGTAIL_SITE_NAME,
            "url": site_url() + "/",
            "description": _("Nền tảng Nhân Rộng ký chứng chỉ khen thưởng đã được cấp có thẩm quyền quyết định; "
                             "khoá công khai tại %(jwks)s.") % {"jwks": site_url() + reverse("campaigns:jwks")}}


def _datetime(value):
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def credential(award):
    """Open Badges 3.0 AchievementCredential for the award (JSON-serialisable dict). Signed as a
    VC-JOSE JWT when the award is confirmed (`sign_award`); its revocation is the status list's bit.

    Personal data stays out: a person appears by name, position and workplace only."""
    kind = award.kind
    subject = {"type": ["AchievementSubject"],
               "achievement": {
                   "id": f"{site_url()}/xac-minh/thanh-tich/{kind.code}",
                   "type": ["Achievement"],
                   "name": kind.label,
                   "description": award.citation,
                   "criteria": {"narrative": (kind.criteria + " " if kind.criteria else "") + _(
                       "Căn cứ: %(basis)s. Được hội đồng thi đua đề nghị và cấp có thẩm quyền quyết định khen "
                       "thưởng trong phong trào “%(t)s”.") % {"basis": kind.legal_basis, "t": award.campaign.title}},
                   "achievementType": "Award",
                   "creator": {"id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, award.issuer_name or kind.authority)}",
                               "type": ["Profile"],
                               "name": award.issuer_name or kind.authority},
               }}
    if award.recipient_person_id:
        person = award.recipient_person
        subject["identifier"] = [{"type": "IdentityObject", "identityHash": f"urn:nhanrong:ca-nhan:{person.pk}",
                                  "identityType": "identifier", "hashed": False}]
        subject["role"] = ", ".join(p for p in (person.position, person.workplace) if p) or person.full_name
    elif award.recipient_unit_id:
        subject["identifier"] = [{"type": "IdentityObject", "identityHash": award.recipient_unit.code,
                                  "identityType": "identifier", "hashed": False}]
    valid_from = (award.decision_date.isoformat() + "T00:00:00Z") if award.decision_date else _datetime(award.proposed_at)
    data = {
        "@context": OB_CONTEXT,
        "id": f"{site_url()}/xac-minh/{award.uuid}.json",
        "type": ["VerifiableCredential", "AchievementCredential"],
        "issuer": {"id": issuer_profile_url(), "type": ["Profile"], "name": settings.WAGTAIL_SITE_NAME},
        "validFrom": valid_from,
        "name": f"{kind.label} — {award.recipient_name}",
        "credentialSubject": {**subject, "name": award.recipient_name},
        "credentialStatus": status_list.entry(status_list_url(), award.status_index),
        "evidence": [{"id": verification_url(award), "type": ["Evidence"], "name": _("Trang xác minh"),
                      "narrative": _("Quyết định số %(n)s") % {"n": award.decision_number}}],
    }
    return data


def achievement(kind):
    """The Achievement a kind stands for, at the URL credentials name as its id."""
    return {"@context": OB_CONTEXT, "id": f"{site_url()}/xac-minh/thanh-tich/{kind.code}", "type": ["Achievement"],
            "name": kind.label, "description": kind.criteria or kind.name, "achievementType": "Award",
            "criteria": {"narrative": _("Căn cứ: %(basis)s. Thẩm quyền: %(who)s.") % {
                "basis": kind.legal_basis, "who": kind.authority_today}}}


def sign_award(award):
    """(jwt, kid) for the award's credential, signed with the active key."""
    from .signing import active_key, sign_jwt

    return sign_jwt(credential(award)), active_key().kid


def signed_status_list():
    """The revocation list as a signed BitstringStatusListCredential (JWT), from the awards' statuses."""
    from django.utils import timezone

    from .models import Award, AwardStatus
    from .signing import sign_jwt

    revoked = list(Award.objects.filter(status=AwardStatus.REVOKED).exclude(credential_jwt="")
                   .values_list("pk", flat=True))
    data = status_list.list_credential(status_list_url(), issuer_profile_url(), _datetime(timezone.now()), revoked)
    return data, sign_jwt(data)
