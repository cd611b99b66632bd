"""The initiative index's list tools (issue 19, public/listing.py): text search without diacritics,
status filter, sort by newest / most adopted / highest impact, chips that each remove one filter,
"add to comparison" carried in the address up to four, and the comparison page it leads to."""

import datetime
import re
from html import unescape

import pytest
from django.utils import timezone

from initiatives.status import InitiativeStatus
from rollout.models import InitiativeImpact
from search.indexing import all_initiative_ids, refresh_entries
from tests.factories import make_initiative


@pytest.fixture
def listed(site, commune, other_commune):
    index = site["index"]
    now = timezone.now()
    pages = {
        "cash": make_initiative(index, commune, title="Ngày không dùng tiền mặt", status=InitiativeStatus.RECOGNISED),
        "home": make_initiative(index, other_commune, title="Trả kết quả tại nhà"),
        "one_stop": make_initiative(index, commune, title="Một cửa thân thiện", status=InitiativeStatus.SUBMITTED),
    }
    # first published: cash oldest, one_stop newest
    for offset, key in enumerate(("cash", "home", "one_stop")):
        type(pages[key]).objects.filter(pk=pages[key].pk).update(first_published_at=now - datetime.timedelta(days=10 - offset))
    for key, adopters, score in (("cash", 5, 20), ("home", 12, 10), ("one_stop", 1, 90)):
        InitiativeImpact.objects.update_or_create(initiative=pages[key], defaults={
            "adopters": adopters, "score": score, "computed_at": now, "stale": False})
    draft = make_initiative(index, commune, title="Một cửa bản nháp bí mật", live=False)
    refresh_entries(all_initiative_ids())
    return {**pages, "draft": draft}


def titles(client, query=""):
    response = client.get("/sang-kien/" + (f"?{query}" if query else ""))
    assert response.status_code == 200
    html = response.content.decode()
    return re.findall(r'<li class="card">\s*<h3><a href="[^"]+">([^<]+)</a>', html), html


def test_text_search_without_diacritics_and_never_a_draft(client, listed):
    found, html = titles(client, "q=mot+cua")
    assert found == ["Một cửa thân thiện"]
    assert "bản nháp bí mật" not in html
    found, _ = titles(client, "q=tien+mat")
    assert found == ["Ngày không dùng tiền mặt"]
    found, html = titles(client, "q=khong+co+gi+ca")
    assert found == [] and "Không có sáng kiến phù hợp" in html


def test_status_filter_and_junk_values_are_ignored(client, listed):
    found, _ = titles(client, "status=recognised")
    assert found == ["Ngày không dùng tiền mặt"]
    found, _ = titles(client, "status=draft")  # a draft is never public: the filter is dropped
    assert len(found) == 3
    found, _ = titles(client, "status=%3Cscript%3E&sort=bogus")
    assert len(found) == 3


def test_sorts(client, listed):
    assert titles(client)[0] == ["Một cửa thân thiện", "Trả kết quả tại nhà", "Ngày không dùng tiền mặt"]
    assert titles(client, "sort=nhan-rong-nhieu")[0] == ["Trả kết quả tại nhà", "Ngày không dùng tiền mặt",
                                                         "Một cửa thân thiện"]
    assert titles(client, "sort=hieu-qua-cao")[0] == ["Một cửa thân thiện", "Ngày không dùng tiền mặt",
                                                      "Trả kết quả tại nhà"]


def test_chips_each_remove_their_own_filter(client, listed):
    _, html = titles(client, "q=mot+cua&status=submitted&sort=hieu-qua-cao")
    chips = re.findall(r'<li><span>([^<]+)</span> <a href="([^"]+)" class="chip-remove">', html)
    by_label = {unescape(label): unescape(href) for label, href in chips}
    assert set(by_label) == {"Từ khoá: “mot cua”", "Trạng thái: Đã gửi thẩm định"}
    assert by_label["Từ khoá: “mot cua”"] == "/sang-kien/?status=submitted&sort=hieu-qua-cao"
    assert by_label["Trạng thái: Đã gửi thẩm định"] == "/sang-kien/?q=mot+cua&sort=hieu-qua-cao"
    found, _ = titles(client, by_label["Từ khoá: “mot cua”"].split("?", 1)[1])
    assert found == ["Một cửa thân thiện"]


def test_add_to_comparison_up_to_four_then_compare(client, site, listed):
    _, html = titles(client)
    add = dict((unescape(t), unescape(h)) for h, t in re.findall(
        r'<a href="([^"]+)" rel="nofollow">Thêm vào so sánh<span class="visually-hidden">: ([^<]+)</span>', html))
    assert set(add) == {"Ngày không dùng tiền mặt", "Trả kết quả tại nhà", "Một cửa thân thiện"}
    first = add["Ngày không dùng tiền mặt"]
    assert first == f"/sang-kien/?so-sanh={listed['cash'].slug}"
    _, html = titles(client, first.split("?", 1)[1])
    assert "Đã chọn 1 sáng kiến để so sánh" in html and "Chọn thêm ít nhất một sáng kiến." in html
    assert "Bỏ khỏi so sánh" in html
    second = unescape(re.search(r'<a href="([^"]+)" rel="nofollow">Thêm vào so sánh<span class="visually-hidden">: '
                                r'Trả kết quả tại nhà', html).group(1))
    _, html = titles(client, second.split("?", 1)[1])
    compare = unescape(re.search(r'<a class="button" href="([^"]+)">So sánh</a>', html).group(1))
    assert compare == f"/so-sanh/?sang-kien={listed['cash'].slug}&sang-kien={listed['home'].slug}"
    page = client.get(compare).content.decode()
    assert "Ngày không dùng tiền mặt" in page and "Trả kết quả tại nhà" in page
    # The filter form keeps the picks; a fifth pick is not offered.
    assert f'<input type="hidden" name="so-sanh" value="{listed["cash"].slug}">' in html
    fourth = make_initiative(site["index"], listed["cash"].origin_unit, title="Mô hình thứ tư")
    four = "&".join(f"so-sanh={p.slug}" for p in (listed["cash"], listed["home"], listed["one_stop"], fourth))
    _, html = titles(client, four)
    assert "Đã chọn 4 sáng kiến" in html and "Thêm vào so sánh" not in html
    # Unknown or unpublished slugs are dropped, never listed as picked.
    _, html = titles(client, f"so-sanh=khong-ton-tai&so-sanh={listed['draft'].slug}")
    assert "Đã chọn" not in html


def test_pagination_keeps_tools(client, site, commune):
    for i in range(14):
        make_initiative(site["index"], commune, title=f"Mô hình số {i}")
    refresh_entries(all_initiative_ids())
    _, html = titles(client, "q=mo+hinh&sort=nhan-rong-nhieu")
    assert 'href="?q=mo+hinh&amp;sort=nhan-rong-nhieu&amp;page=2"' in html
