"""Issue 13, item 10: officers and editors can upload the documents and images the editor offers
(Wagtail's collection permissions, home.site_setup.ensure_collections). Officers upload into and
choose from the units' shared collection only; anonymous visitors and council members cannot upload."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.documents.permissions import permission_policy as document_policy
from wagtail.images import get_image_model
from wagtail.images.permissions import permission_policy as image_policy
from wagtail.models import Collection

from core import roles
from home.site_setup import UNITS_COLLECTION, setup_site
from tests.factories import make_member

Document, Image = get_document_model(), get_image_model()


def pdf(name="ke-hoach.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf")


def png(name="anh.png"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def units_collection(site):
    return Collection.objects.get(name=UNITS_COLLECTION)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_an_officer_uploads_a_document_and_an_image_into_the_units_collection(site, commune, units_collection):
    officer = make_member(roles.COMMUNE_OFFICERS, commune)
    client = logged_in(officer)
    response = client.post(reverse("wagtaildocs:add"), {"title": "Kế hoạch triển khai", "file": pdf(),
                                                        "collection": units_collection.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get(title="Kế hoạch triển khai")
    assert document.collection == units_collection and document.uploaded_by_user == officer
    response = client.post(reverse("wagtailimages:add"), {"title": "Quầy một cửa", "file": png(),
                                                          "collection": units_collection.pk})
    assert response.status_code == 302
    assert Image.objects.get(title="Quầy một cửa").collection == units_collection
    # They choose from the units' collection only, and edit what they uploaded.
    assert list(document_policy.collections_user_has_permission_for(officer, "choose")) == [units_collection]
    assert list(image_policy.collections_user_has_permission_for(officer, "add")) == [units_collection]
    assert document_policy.user_has_permission_for_instance(officer, "change", document)


def test_an_officer_cannot_upload_into_another_collection_nor_edit_a_colleagues_file(
        site, commune, other_commune, units_collection):
    officer = make_member(roles.COMMUNE_OFFICERS, commune)
    colleague = make_member(roles.COMMUNE_OFFICERS, other_commune)
    root = Collection.get_first_root_node()
    client = logged_in(officer)
    client.post(reverse("wagtaildocs:add"), {"title": "Vào thư mục gốc", "file": pdf(), "collection": root.pk})
    assert not Document.objects.filter(title="Vào thư mục gốc", collection=root).exists()
    theirs = Document.objects.create(title="Của xã khác", file=pdf("khac.pdf"), collection=units_collection,
                                     uploaded_by_user=colleague)
    assert not document_policy.user_has_permission_for_instance(officer, "change", theirs)
    response = client.post(reverse("wagtaildocs:edit", args=[theirs.pk]), {"title": "Sửa trộm", "collection": units_collection.pk})
    assert response.status_code in (302, 403)
    theirs.refresh_from_db()
    assert theirs.title == "Của xã khác"


def test_an_editor_uploads_anywhere(site, units_collection):
    editor = make_member(roles.EDITORS)
    root = Collection.get_first_root_node()
    client = logged_in(editor)
    response = client.post(reverse("wagtaildocs:add"), {"title": "Thể lệ phong trào", "file": pdf("the-le.pdf"),
                                                        "collection": root.pk})
    assert response.status_code == 302
    assert Document.objects.get(title="Thể lệ phong trào").collection == root
    assert set(image_policy.collections_user_has_permission_for(editor, "add")) >= {root, units_collection}


def test_anonymous_visitors_and_council_members_cannot_upload(site, commune, units_collection):
    response = Client().post(reverse("wagtaildocs:add"), {"title": "Ẩn danh", "file": pdf(), "collection": units_collection.pk})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    member = make_member(roles.COUNCIL_MEMBERS, commune)
    response = logged_in(member).post(reverse("wagtaildocs:add"), {"title": "Hội đồng", "file": pdf(),
                                                                   "collection": units_collection.pk})
    assert response.status_code in (302, 403)
    assert not Document.objects.exists()


def test_the_collections_are_set_up_once(site):
    setup_site()
    assert Collection.objects.filter(name=UNITS_COLLECTION).count() == 1
