"""“Đơn vị muốn áp dụng mô hình này” (issue 19): the form reaches the origin unit's officers by
e-mail, never shows their addresses, puts the sender's address in Reply-To only with consent, is
rate-limited per address and honeypot-checked; a private initiative has no such form."""

import pytest
from django.core import mail
from django.core.cache import cache

from core.roles import COMMUNE_OFFICERS
from following.models import UnitContact
from tests.factories import make_initiative, make_member

OFFICER = "can.bo.xa@example.vn"
SENDER = "nguoi.gui@example.vn"


@pytest.fixture
def world(site, commune, other_commune, django_capture_on_commit_callbacks):
    cache.clear()
    initiative = make_initiative(site["index"], commune, title="Một cửa không chờ", slug="mot-cua")
    hidden = make_initiative(site["index"], commune, title="Bản nháp", slug="ban-nhap", live=False)
    make_member(COMMUNE_OFFICERS, commune, username="canbo_lka", email=OFFICER)
    make_member(COMMUNE_OFFICERS, other_commune, username="canbo_pta", email="khac@example.vn")
    UnitContact.objects.create(unit=commune, office="Văn phòng HĐND và UBND xã", phone="0277 3 123 456")
    yield {"initiative": initiative, "hidden": hidden, "capture": django_capture_on_commit_callbacks}
    cache.clear()


def send(client, world, **data):
    fields = {"name": "Nguyễn Văn B", "organisation": "UBND xã Tân Hộ Cơ", "email": SENDER,
              "message": "Xin được học tập cách làm.", "website": "", **data}
    with world["capture"](execute=True):
        return client.post(f"/ap-dung-mo-hinh/{world['initiative'].pk}/", fields)


def test_initiative_page_shows_contact_and_form_not_the_officer(client, world):
    html = client.get(world["initiative"].url).content.decode()
    assert "Đơn vị muốn áp dụng mô hình này" in html and "0277 3 123 456" in html
    assert f'action="/ap-dung-mo-hinh/{world["initiative"].pk}/"' in html
    assert OFFICER not in html and "can.bo.xa" not in html


def test_message_reaches_officers_reply_to_only_with_consent(client, world):
    response = send(client, world)
    assert response.status_code == 200 and "Đã gửi lời nhắn" in response.content.decode()
    assert OFFICER not in response.content.decode()
    [message] = mail.outbox
    assert message.bcc == [OFFICER] and message.to == [] and message.reply_to == []
    assert SENDER not in message.body and SENDER not in str(message.message())
    assert "UBND xã Tân Hộ Cơ" in message.subject and "Xin được học tập cách làm." in message.body
    mail.outbox.clear()
    send(client, world, consent_reply="on")
    [message] = mail.outbox
    assert message.reply_to == [SENDER]
    assert "khac@example.vn" not in message.bcc  # another unit's officer is not written to


def test_consent_without_address_is_a_clear_error(client, world):
    response = send(client, world, email="", consent_reply="on")
    assert response.status_code == 400 and "Thư điện tử: hãy nhập địa chỉ" in response.content.decode()
    assert mail.outbox == []


def test_honeypot_and_rate_limit(client, world, settings):
    bot = send(client, world, website="http://spam.example")
    assert bot.status_code == 200 and mail.outbox == []
    settings.CONTACT_RATE = "2/h"
    cache.clear()
    assert [send(client, world).status_code for _ in range(3)] == [200, 200, 429]
    assert len(mail.outbox) == 2


def test_private_initiative_has_no_contact_route(client, world):
    assert client.get(f"/ap-dung-mo-hinh/{world['hidden'].pk}/").status_code == 404
    assert client.post(f"/ap-dung-mo-hinh/{world['hidden'].pk}/", {"name": "x"}).status_code == 404
