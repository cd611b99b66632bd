"""Issue 13, item 6: files readable by anyone.

Documents are served by sequential id; one attached only to a draft, unpublished or view-restricted
initiative (or to no page) must not download for an anonymous visitor, while one a public initiative
uses does. Import spreadsheets live outside MEDIA_ROOT, where no URL reaches them."""

import contextlib
import importlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import clear_url_caches, reverse
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

import config.urls
from core.roles import COMMUNE_OFFICERS, EDITORS
from rollout.models import ImportJob
from tests.factories import make_initiative, make_member

PDF = b"%PDF-1.4\n% bien ban\n"


def _document(title):
    return get_document_model().objects.create(title=title, file=ContentFile(PDF, name=f"{title}.pdf"))


def _attach(page, document, publish=True):
    page.body = [("document", document)]
    revision = page.save_revision()
    if publish:
        revision.publish()
    else:
        page.save()  # a page never published keeps its draft content on the page row, as Wagtail does
    return page


def _get(client, document):
    return client.get(document.url)


@pytest.fixture
def documents(site, commune):
    index = site["index"]
    public = _attach(make_initiative(index, commune, title="Sáng kiến công khai"), _document("cong-khai"))
    draft = _attach(make_initiative(index, commune, title="Sáng kiến nháp", live=False), _document("nhap"), publish=False)
    restricted = _attach(make_initiative(index, commune, title="Sáng kiến hạn chế"), _document("han-che"))
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    unpublished = _attach(make_initiative(index, commune, title="Sáng kiến đã gỡ"), _document("da-go"))
    unpublished.unpublish()
    orphan = _document("chua-dung")
    return {"public": public.body[0].value, "draft": draft.body[0].value, "restricted": restricted.body[0].value,
            "unpublished": unpublished.body[0].value, "orphan": orphan, "pages": (public, draft, restricted)}


def test_anonymous_gets_only_documents_of_public_initiatives(client, documents):
    response = _get(client, documents["public"])
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    for name in ("draft", "restricted", "unpublished", "orphan"):
        assert _get(client, documents[name]).status_code == 404, name
    # The id alone does not help either: every other id answers the same.
    assert client.get(f"/documents/{documents['draft'].pk}/x.pdf").status_code == 404


def test_a_draft_attachment_of_a_published_page_stays_private(client, documents, site, commune):
    public_page = documents["pages"][0]
    secret = _document("bo-sung-chua-duyet")
    public_page.body = [("document", documents["public"]), ("document", secret)]
    public_page.save_revision()  # a draft, not published
    assert _get(client, documents["public"]).status_code == 200
    assert _get(client, secret).status_code == 404


def test_who_may_download_a_private_document(client, documents, commune, other_commune):
    client.force_login(make_member(COMMUNE_OFFICERS, other_commune, username="canbo-khac"))
    assert _get(client, documents["draft"]).status_code == 403  # signed in, but not an editor of the page
    assert _get(client, documents["restricted"]).status_code == 200  # the login restriction lets any user in
    client.force_login(make_member(EDITORS))
    assert _get(client, documents["draft"]).status_code == 200


@contextlib.contextmanager
def _dev_server_urls(settings):
    """The URLs as `make run` (DEBUG) has them, /media/ included; an image there is served (the
    control: the 404s below are the rule, not an absent /media/)."""
    with override_settings(DEBUG=True):
        importlib.reload(config.urls)
        clear_url_caches()
        try:
            image = settings.MEDIA_ROOT / "images" / "anh.png"
            image.parent.mkdir(parents=True, exist_ok=True)
            image.write_bytes(b"\x89PNG\r\n")
            yield
        finally:
            importlib.reload(config.urls)
            clear_url_caches()


def test_documents_are_not_served_under_media(client, documents, settings):
    with _dev_server_urls(settings):
        assert client.get(settings.MEDIA_URL + "images/anh.png").status_code == 200
        assert client.get(settings.MEDIA_URL + documents["draft"].file.name).status_code == 404


def test_import_files_live_outside_media_and_no_url_serves_them(client, site, commune, settings,
                                                                django_capture_on_commit_callbacks):
    client.force_login(make_member(COMMUNE_OFFICERS, commune, username="canbo"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("rollout_import"), {"file": SimpleUploadedFile("so-lieu-bi-mat.csv", b"Ma don vi;Ky\n"),
                                                "valid_only": "0"})
    job = ImportJob.objects.get()
    path = job.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT)) and not path.startswith(str(settings.MEDIA_ROOT))
    assert job.file.name.startswith("imports/")
    with pytest.raises(ValueError):
        job.file.url  # noqa: B018 (no URL at all)
    # And the dev server's /media/ answers nothing for it, even if a copy sat under MEDIA_ROOT.
    copy = settings.MEDIA_ROOT / job.file.name
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_bytes(b"Ma don vi;Ky\n")
    with _dev_server_urls(settings):
        assert client.get(settings.MEDIA_URL + "images/anh.png").status_code == 200
        assert client.get(settings.MEDIA_URL + job.file.name).status_code == 404
