"""A small writer for the recognition papers (receipt, minutes, certificate): A4, DejaVu Serif embedded
(Vietnamese diacritics), dates dd/mm/yyyy, text that flows onto new pages. reportlab, as the award
certificates use (the font files are the ones in static/campaigns/fonts)."""

import io
from pathlib import Path

import segno
from django.conf import settings
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT_DIR = Path(settings.BASE_DIR) / "static" / "campaigns" / "fonts"
REGULAR, BOLD = "DejaVuSerif", "DejaVuSerif-Bold"


def register_fonts():
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "DejaVuSerif.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSerif-Bold.ttf")))


def vn_date(day):
    return day.strftime("%d/%m/%Y") if day else "—"


def site_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def wrap(text, font, size, width):
    lines = []
    for paragraph in str(text).splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if pdfmetrics.stringWidth(candidate, font, size) <= width:
                line = candidate
            else:
                if line:
                    lines.append(line)
                line = word
        lines.append(line)
    return lines


class Paper:
    """Top-to-bottom writer: heading(), text(), pairs(); a new page when the bottom is reached."""

    def __init__(self, title, author="Nhân Rộng"):
        register_fonts()
        self.buffer = io.BytesIO()
        self.width, self.height = A4
        self.pdf = canvas.Canvas(self.buffer, pagesize=A4)
        self.pdf.setTitle(title)
        self.pdf.setAuthor(author)
        self.left, self.right = 22 * mm, self.width - 18 * mm
        self.y = self.height - 20 * mm

    def _need(self, height):
        if self.y - height < 20 * mm:
            self.pdf.showPage()
            self.y = self.height - 20 * mm

    def national_header(self, issuer=""):
        self.centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", BOLD, 12)
        self.centred("Độc lập - Tự do - Hạnh phúc", BOLD, 11)
        if issuer:
            self.centred(issuer.upper(), REGULAR, 10)
        self.y -= 4 * mm

    def centred(self, text, font=REGULAR, size=11):
        for line in wrap(text, font, size, self.right - self.left):
            self._need(size * 0.5 * mm + 2 * mm)
            self.pdf.setFont(font, size)
            self.pdf.drawCentredString(self.width / 2, self.y, line)
            self.y -= size * 0.45 * mm + 2 * mm

    def heading(self, text, size=12):
        self.y -= 2 * mm
        self.text(text, BOLD, size)

    def text(self, text, font=REGULAR, size=10.5, indent=0):
        for line in wrap(text, font, size, self.right - self.left - indent):
            self._need(size * 0.5 * mm + 1.5 * mm)
            self.pdf.setFont(font, size)
            self.pdf.drawString(self.left + indent, self.y, line)
            self.y -= size * 0.42 * mm + 1.6 * mm

    def pairs(self, rows):
        for label, value in rows:
            self.text(f"{label}: {value if value not in (None, '') else '—'}")

    def qr(self, url, size=30 * mm):
        self._need(size + 6 * mm)
        png = io.BytesIO()
        segno.make(url, error="m").save(png, kind="png", scale=6, border=1)
        png.seek(0)
        self.pdf.drawImage(ImageReader(png), self.right - size, self.y - size, size, size)
        self.pdf.setFont(REGULAR, 8)
        self.pdf.drawString(self.left, self.y - size + 2 * mm, url)
        self.y -= size + 4 * mm

    def bytes(self):
        self.pdf.showPage()
        self.pdf.save()
        return self.buffer.getvalue()


def vn_num(value, decimals=2):
    """9.470 ; 98,9 (Vietnamese notation, trailing zeros dropped); None → "—"."""
    if value is None:
        return "—"
    from decimal import Decimal

    text = f"{Decimal(value):,.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{Decimal(value):,.0f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
