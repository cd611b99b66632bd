"""The pages people expect (issue 19): the site's name once in the home title, a description on every
public page, a favicon, the empty result as a sentence, the English index heading, ASCII slugs,
attached documents listed with type and size, share links without third-party scripts, print styles."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from core.slugs import ascii_slug, repaired_slug
from initiatives.models import InitiativePage
from tests.factories import make_campaign, make_initiative
from tests.test_english_pages import switch_to_english


def page_html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def title_of(html):
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def description_of(html):
    match = re.search(r'<meta name="description" content="([^"]*)">', html)
    assert match, "no meta description"
    return match.group(1)


def test_home_title_says_nhan_rong_once(client, site):
    html = page_html(client, "/")
    assert title_of(html) == "Nhân Rộng"
    # no template comment leaks into the page (Django's {# #} is one line only)
    assert "{#" not in html and "#}" not in html and "{% comment" not in html


def test_every_public_page_has_a_description(client, site, commune):
    initiative = make_initiative(site["index"], commune, title="Trả kết quả tại nhà",
                                 summary="Bưu điện mang kết quả thủ tục đến tận nhà người dân.")
    make_campaign()
    pages = {
        "/": None, "/sang-kien/": None, initiative.url: "Bưu điện mang kết quả thủ tục đến tận nhà người dân.",
        f"/don-vi/{commune.key}/": "Xã Long Khánh A, Tỉnh Đồng Tháp: 1 sáng kiến, mô hình cải cách hành chính.",
        "/tim-kiem/?q=abc": None, "/mo-hinh-tieu-bieu/": None, "/so-sanh/": None, "/thi-dua/": None,
        "/don-vi/": None, "/du-lieu-mo/": None,
    }
    for url, expected in pages.items():
        description = description_of(page_html(client, url))
        assert len(description) > 20, url
        if expected:
            assert description == expected, url


def test_favicon_is_declared_and_served(client, site):
    html = page_html(client, "/")
    assert re.search(r'<link rel="icon" href="/static/favicon.svg" type="image/svg\+xml">', html)
    assert finders.find("favicon.svg")
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/favicon.svg"


def test_empty_search_is_a_sentence_not_a_list_item(client, site, commune):
    make_initiative(site["index"], commune, title="Một cửa hiện đại")
    html = page_html(client, "/tim-kiem/?q=khongcogica")
    results = html[html.index('class="search-results"'):]
    assert '<p class="search-empty">Không tìm thấy sáng kiến phù hợp.' in results
    assert "search-hits" not in results
    index = page_html(client, "/sang-kien/?area=khong-co")
    assert '<p class="search-empty">Không có sáng kiến phù hợp.' in index and '<ul class="cards">' not in index


def test_english_index_heading_and_intro(client, site):
    vietnamese = page_html(client, "/sang-kien/")
    assert "<h1>Sáng kiến, mô hình</h1>" in vietnamese
    switch_to_english(client, "/sang-kien/")
    english = page_html(client, "/sang-kien/")
    assert "<h1>Initiatives and models</h1>" in english
    assert "registered by communes and agencies" in english
    assert title_of(english) == "Initiatives and models · Nhân Rộng"


def test_ascii_slugs():
    assert ascii_slug("Ngày không dùng tiền mặt ở Đồng Tháp") == "ngay-khong-dung-tien-mat-o-dong-thap"
    # Wagtail's editor writes "đ" as "dj": repaired, also with Wagtail's "-2" suffix; a typed slug is kept.
    assert repaired_slug("djong-thap-mot-cua", "Đồng Tháp một cửa") == "dong-thap-mot-cua"
    assert repaired_slug("djong-thap-mot-cua-2", "Đồng Tháp một cửa") == "dong-thap-mot-cua-2"
    assert repaired_slug("mot-cua-dong-thap", "Đồng Tháp một cửa") == "mot-cua-dong-thap"
    assert repaired_slug("djakao", "Djakao Đồng") == "djakao"


@pytest.mark.django_db
def test_new_initiatives_get_ascii_slugs(client, site, commune):
    page = make_initiative(site["index"], commune, title="Đoàn thanh niên hỗ trợ nộp hồ sơ trực tuyến")
    assert page.slug == "doan-thanh-nien-ho-tro-nop-ho-so-truc-tuyen"
    assert client.get("/sang-kien/doan-thanh-nien-ho-tro-nop-ho-so-truc-tuyen/").status_code == 200
    twin = make_initiative(site["index"], commune, title="Đoàn thanh niên hỗ trợ nộp hồ sơ trực tuyến")
    assert twin.slug == "doan-thanh-nien-ho-tro-nop-ho-so-truc-tuyen-2"
    draft = InitiativePage(title="Đồng Tháp một cửa", slug="djong-thap-mot-cua", summary="x", origin_unit=commune,
                           reform_area=page.reform_area, live=False)
    site["index"].add_child(instance=draft)
    assert draft.slug == "dong-thap-mot-cua"
    # A published address is never rewritten (links to it keep working).
    InitiativePage.objects.filter(pk=page.pk).update(slug="djoan-thanh-nien-ho-tro-nop-ho-so-truc-tuyen")
    page.refresh_from_db()
    page.save()
    assert InitiativePage.objects.get(pk=page.pk).slug == "djoan-thanh-nien-ho-tro-nop-ho-so-truc-tuyen"


def test_attached_documents_listed_with_type_and_size(client, site, commune):
    Document = get_document_model()
    decision = Document.objects.create(title="Quyết định ban hành mô hình",
                                       file=ContentFile(b"%PDF-1.4 " + b"x" * 3000, name="quyet-dinh.pdf"))
    report = Document.objects.create(title="Báo cáo sơ kết", file=ContentFile(b"y" * 500, name="bao-cao.docx"))
    body = [
        {"type": "paragraph", "value": "<p>Nội dung</p>"},
        {"type": "attachment", "value": {"document": decision.pk, "kind": "decision", "note": "số 12/QĐ-UBND"}},
        {"type": "document", "value": report.pk},
        {"type": "document", "value": decision.pk},  # the same file twice is listed once
    ]
    page = make_initiative(site["index"], commune, title="Có tài liệu", body=body)
    html = page_html(client, page.url)
    section = html[html.index('id="attachments-title"'):html.index("</table>", html.index('id="attachments-title"'))]
    rows = re.findall(r"<tr><td>(.*?)</tr>", section, re.S)
    assert len(rows) == 2
    assert "Quyết định ban hành mô hình" in rows[0] and "<td>Quyết định</td>" in rows[0] and "số 12/QĐ-UBND" in rows[0]
    assert "<td>PDF</td>" in rows[0] and "2,9 KB" in rows[0]
    assert "Báo cáo sơ kết" in rows[1] and "<td>Tài liệu khác</td>" in rows[1] and "500 B" in rows[1]
    assert "<td>DOCX</td>" in rows[1]
    without = make_initiative(site["index"], commune, title="Không có tài liệu")
    assert 'id="attachments-title"' not in page_html(client, without.url)


def test_share_links_are_plain_links_to_the_canonical_address(client, site, commune, settings):
    settings.SITE_URL = "https://nhanrong.example.vn"
    page = make_initiative(site["index"], commune, title="Chia sẻ được")
    for url in (page.url, f"/don-vi/{commune.key}/", make_campaign().url):
        html = page_html(client, url)
        share = html[html.index('class="share"'):html.index("</section>", html.index('class="share"'))]
        canonical = "https://nhanrong.example.vn" + url
        assert f'value="{canonical}"' in share
        encoded = canonical.replace(":", "%3A").replace("/", "%2F")
        assert f'href="https://www.facebook.com/sharer/sharer.php?u={encoded}"' in share
        assert f'href="https://zalo.me/share?url={encoded}"' in share
        # No third-party script anywhere on the page: every script is our own static file.
        assert all(src.startswith("/static/") for src in re.findall(r'<script[^>]* src="([^"]+)"', html))


def test_print_stylesheet_hides_navigation_and_forms(client, site):
    html = page_html(client, "/")
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in html
    css = open(finders.find("css/print.css"), encoding="utf-8").read()
    for selector in (".main-nav", ".lang-switch", ".share", "form"):
        assert selector in css.split("display: none")[0]
