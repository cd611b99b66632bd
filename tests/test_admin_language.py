"""The admin speaks Vietnamese to every demo role: a crawl of every admin page each role reaches from
the dashboard finds no English string of Wagtail's or Django's catalogues (tools/admin_language.py,
allowed exceptions in its ALLOWED), no "None" and no ISO date. English stays available per user."""

import importlib
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tools.admin_language import RAW_DECIMAL as RAW, crawl, problems_in, visible_text

ROLES = ["admin", "bientap", "canbo_longkhanha", "chutich_dongthap", "hoidong_dongthap"]
# The forms each role works in, which the crawl must have read (its page budget goes to forms first).
FORMS = {
    "admin": ["/admin/pages/<n>/edit/", "/add/"],
    "bientap": ["/admin/pages/<n>/edit/", "/admin/snippets/rollout/adoption/add/"],
    "canbo_longkhanha": ["/admin/snippets/rollout/observation/add/", "/admin/snippets/rollout/adoption/add/",
                         "/admin/pages/add/initiatives/initiativepage/", "/admin/nhap-so-lieu/",
                         "/admin/snippets/choose/units/administrativeunit/?q=a",
                         "/admin/snippets/choose/rollout/metric/?q=a"],
    "chutich_dongthap": ["/admin/appraisal/rounds/entry/<n>/"],
    "hoidong_dongthap": ["/admin/appraisal/my-work/<n>/"],
}


@pytest.fixture
def demo(site, demo_units):
    for module in ("initiatives.demo", "rollout.demo", "appraisal.demo", "campaigns.demo"):
        importlib.import_module(module).load(io.StringIO())


def _report(found):
    return "\n".join(f"{url}: {problems}" for url, problems in found)


@pytest.mark.django_db
def test_every_admin_page_of_every_role_is_vietnamese(demo):
    failures, pages = [], 0
    anonymous = Client()
    for url in (reverse("wagtailadmin_login"), reverse("wagtailadmin_password_reset")):
        html = anonymous.get(url).content.decode()
        assert "Đăng nhập" in html or "mật khẩu" in html
        found = problems_in(visible_text(html))
        if any(found.values()):
            failures.append((url, found))
    for username in ROLES:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        read = []
        for url, status, html in crawl(client, limit=60, per_pattern=2):
            assert status in (200, 302, 403, 404, 405), (username, url, status)
            pages += 1
            read.append(re.sub(r"/\d+/", "/<n>/", url))
            found = problems_in(visible_text(html))
            if any(found.values()):
                failures.append((f"{username} {url}", {k: v for k, v in found.items() if v}))
        missing = [form for form in FORMS[username] if not any(form in url for url in read)]
        assert not missing, (username, missing, read)
    assert pages > 100
    assert not failures, "Add these to locale/vi/LC_MESSAGES/django.po (python -m tools.admin_language --po):\n" \
        + _report(failures)


@pytest.mark.django_db
def test_validation_messages_and_the_login_page_are_vietnamese(client, demo):
    html = client.get(reverse("wagtailadmin_login")).content.decode()
    assert "Đăng nhập Nhân Rộng" in html and "Sign in" not in html
    html = client.post(reverse("wagtailadmin_login"), {"username": "canbo_longkhanha", "password": "sai"}).content.decode()
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in html and "Password" not in visible_text(html)
    client.force_login(get_user_model().objects.get(username="canbo_longkhanha"))
    from initiatives.models import InitiativeIndexPage

    index = InitiativeIndexPage.objects.first()
    url = reverse("wagtailadmin_pages:add", args=["initiatives", "initiativepage", index.pk])
    html = client.get(url).content.decode()
    assert "Lưu nháp" in html and "Tiêu đề trang" in html and "Save draft" not in html
    html = client.post(url, {"title": "", "body-count": "0", "key_figures-TOTAL_FORMS": "0", "key_figures-INITIAL_FORMS": "0",
                             "sources-TOTAL_FORMS": "0", "sources-INITIAL_FORMS": "0"}).content.decode()
    assert "Chưa tạo được trang vì có lỗi nhập liệu" in html
    assert "could not be created" not in html


@pytest.mark.django_db
def test_english_stays_available_per_user(client, demo):
    from wagtail.users.models import UserProfile

    user = get_user_model().objects.get(username="canbo_longkhanha")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'lang="en"' in html


@pytest.mark.django_db
def test_the_admin_page_search_is_vietnamese(demo):
    """The header search of the admin (/admin/pages/search/) is not linked from a page, so the crawl never
    reads it: each role searches for a word that finds pages, for one that finds none, and for nothing."""
    failures = []
    for username in ROLES:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        for query in ("mô hình", "zqxjwv", ""):
            response = client.get(reverse("wagtailadmin_pages:search"), {"q": query})
            if response.status_code == 302:  # a council member has no page to search: back to the dashboard
                assert response["Location"] == reverse("wagtailadmin_home"), (username, query)
                continue
            assert response.status_code == 200, (username, query)
            text = visible_text(response.content.decode())
            found = problems_in(text)
            # The listing's header ("1-4 of 4 …") is a msgid with only placeholders around "of".
            if re.search(r"\d+-\d+ of \d+", text):
                found["english"] = [*found.get("english", []), "… of …"]
            if "Sorry, no pages match" in text:  # a msgid with markup around the query: not matched above
                found["english"] = [*found.get("english", []), "Sorry, no pages match …"]
            if any(found.values()):
                failures.append((f"{username} ?q={query}", {k: v for k, v in found.items() if v}))
        # The results fragment the search box refreshes as one types.
        response = client.get(reverse("wagtailadmin_pages:search_results"), {"q": "mô hình"})
        if response.status_code == 302:
            continue
        found = problems_in(visible_text(response.content.decode()))
        if any(found.values()):
            failures.append((f"{username} results", {k: v for k, v in found.items() if v}))
    assert not failures, _report(failures)


@pytest.mark.django_db
def test_listings_say_yes_and_no_and_empty_lists_in_vietnamese(demo):
    """Yes/no columns (point rules, badges, rubrics, users) show a tick or a cross titled “Có”/“Không”,
    not “True”; an empty listing, the image and document libraries, the tag help and the account
    page's own labels are Vietnamese (walked as each role, 4 December 2026)."""
    from campaigns.models import PointRule

    from rollout.models import Adoption

    admin = Client()
    admin.force_login(get_user_model().objects.get(username="admin"))
    for url in ("/admin/snippets/campaigns/pointrule/", "/admin/snippets/campaigns/badgedefinition/",
                "/admin/appraisal/rubrics/", "/admin/users/"):
        text = visible_text(admin.get(url).content.decode())
        assert not re.search(r"\b(True|False)\b", text), (url, re.findall(r".{30}\b(?:True|False)\b.{10}", text)[:3])
    assert "Có" in visible_text(admin.get("/admin/snippets/campaigns/pointrule/").content.decode())
    assert PointRule.objects.filter(active=True).exists()
    officer = Client()
    officer.force_login(get_user_model().objects.get(username="canbo_longkhanha"))
    Adoption.objects.all().delete()
    for url, vietnamese in (("/admin/snippets/rollout/adoption/", "Chưa có"), ("/admin/images/", "Chưa có ảnh"),
                            ("/admin/documents/", "Chưa có tài liệu"), ("/admin/account/", "Giao diện quản trị")):
        text = visible_text(officer.get(url).content.decode())
        assert vietnamese.lower() in text.lower(), url
        assert not re.search(r"Why not|You haven't|Admin theme|Density", text), url


@pytest.mark.django_db
def test_listings_write_numbers_dates_and_people_as_a_reader_does(demo):
    """Values are written 98,73 and 06/08/2024, not as stored (98,7300, which the crawl above also
    refuses); council members and officers by their name, not their login (walk of 4 December 2026)."""
    from appraisal.models import CouncilMembership
    from rollout.models import Observation

    admin = Client()
    admin.force_login(get_user_model().objects.get(username="admin"))
    observation = Observation.objects.order_by("-entered_at", "-pk").first()  # the listing's first row
    text = visible_text(admin.get("/admin/snippets/rollout/observation/").content.decode())
    from core.formatting import format_number

    assert format_number(observation.value) in text and not RAW.findall(text)
    assert observation.entered_at.astimezone().strftime("%d/%m/%Y") in text
    member = CouncilMembership.objects.select_related("user").first().user
    assert member.get_full_name()
    text = visible_text(admin.get("/admin/appraisal/memberships/").content.decode())
    assert member.get_full_name() in text and member.username not in text


@pytest.mark.django_db
def test_every_admin_page_names_itself_in_the_browser_tab(demo):
    """The appraisal screens and the verification list are titled (the tab read “- Nhân Rộng”)."""
    for username, url in (("hoidong_dongthap", "/admin/appraisal/my-work/"), ("chutich_dongthap", "/admin/appraisal/rounds/"),
                          ("admin", "/admin/rollout/xac-minh/")):
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        title = re.search(r"<title>(.*?)</title>", client.get(url).content.decode(), re.S).group(1).strip()
        assert not title.startswith("-") and len(title.split(" - ")[0].strip()) > 3, (url, title)


@pytest.mark.django_db
def test_the_keyboard_shortcuts_dialog_is_vietnamese(demo):
    """Wagtail keeps the dialog in a <template> the crawl skips; it opens with "?" on every admin page
    (walk of 7 December 2026: "All keyboard shortcuts", "Toggle sidebar"… were English)."""
    officer = Client()
    officer.force_login(get_user_model().objects.get(username="canbo_longkhanha"))
    html = officer.get("/admin/").content.decode()
    start = html.index('id="keyboard-shortcuts-dialog"')
    dialog = html[html.rindex("<template", 0, start):html.index("</template>", start)]
    text = visible_text(dialog.replace("<template", "<div").replace("</template>", "</div>"))
    assert "Tất cả phím tắt" in text and "Ẩn/hiện thanh bên" in text
    assert not problems_in(text)["english"], problems_in(text)["english"]
