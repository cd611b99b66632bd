"""Search: the pure pieces (words, highlighting, synonyms, parameter checks) and keeping the
index true (publish, unpublish, delete, move, status change; Elasticsearch down)."""

import pytest

from initiatives.actions import start_appraisal
from initiatives.status import InitiativeStatus
from search.backends.database import DatabaseBackend
from search.models import SearchEntry, Synonym
from search.query import QueryError, SearchQuery, parse_params, term_groups
from search.tasks import backoff_seconds
from search.text import has_diacritics, highlight, padded, padded_fields, words
from tests.factories import make_initiative

# -- pure functions --------------------------------------------------------------------------


def test_words_fold_case_diacritics_and_d():
    assert words("Đăng ký KHAI SINH, Đồng Tháp!", folded=True) == ["dang", "ky", "khai", "sinh", "dong", "thap"]
    assert words("Đăng ký KHAI SINH", folded=False) == ["đăng", "ký", "khai", "sinh"]
    # decomposed input (as some keyboards send it) folds the same as precomposed
    assert words("Tie\u0302\u0300n ma\u0306\u0323t", folded=True) == ["tien", "mat"]


def test_padded_columns_keep_fields_apart():
    assert padded("Một cửa, liên thông", folded=True) == " mot cua lien thong "
    # a phrase can never match across two fields
    assert " cua lien " not in padded_fields(["Một cửa", "Liên thông"], folded=True)


def test_has_diacritics():
    assert has_diacritics("Tân An") and has_diacritics("đ")
    assert not has_diacritics("TTHC tan an")


def test_highlight_escapes_then_marks():
    html = highlight("<b>Ngày</b> không dùng tiền mặt & QR", [("khong", "dung", "tien", "mat")])
    assert html == "&lt;b&gt;Ngày&lt;/b&gt; <mark>không dùng tiền mặt</mark> &amp; QR"
    assert highlight("Không khớp gì", [("xyz",)]) == ""


def test_highlight_whole_words_only_and_window():
    assert highlight("Trang tra cứu", [("tra",)]) == "Trang <mark>tra</mark> cứu"
    long_text = "mở đầu " * 100 + "tiền mặt" + " kết thúc" * 100
    html = highlight(long_text, [("tien", "mat")], width=120)
    assert html.startswith("…") and html.endswith("…") and "<mark>tiền mặt</mark>" in html
    assert len(html) < 200


def test_term_groups_expand_longest_synonym():
    synonyms = [[("tthc",), ("thu", "tuc", "hanh", "chinh")],
                [("dvc",), ("dich", "vu", "cong")],
                [("dvctt",), ("dich", "vu", "cong", "truc", "tuyen")]]
    assert term_groups(["giam", "tthc"], synonyms) == [[("giam",)], [("tthc",), ("thu", "tuc", "hanh", "chinh")]]
    assert term_groups(["dich", "vu", "cong", "truc", "tuyen"], synonyms) == [
        [("dvctt",), ("dich", "vu", "cong", "truc", "tuyen")]]


@pytest.mark.django_db
def test_seeded_synonyms_are_data():
    variants = [s.folded_variants for s in Synonym.objects.all()]
    assert [("tthc",), ("thu", "tuc", "hanh", "chinh")] in variants
    assert [("tn", "tkq"), ("tn", "va", "tkq"), ("tiep", "nhan", "va", "tra", "ket", "qua")] in variants
    assert any(("par", "index") in v for v in variants)
    assert any(("ubnd",) in v for v in variants) and any(("ntm",) in v for v in variants)


@pytest.mark.parametrize("params, field", [
    ({"page": "0"}, "page"), ({"page": "abc"}, "page"), ({"page": "1001"}, "page"), ({"page": "٣"}, "page"),
    ({"year": "20x4"}, "year"), ({"year": "1800"}, "year"), ({"level": "village"}, "level"),
    ({"status": "draft' OR 1=1"}, "status"), ({"sort": "random"}, "sort"), ({"q": "a" * 201}, "q"),
    ({"area": "a b"}, "area"), ({"province": "87;--"}, "province"), ({"tag": "x" * 121}, "tag"),
    ({"q": "tiền\x00mặt"}, "q"), ({"recognition": "world"}, "recognition"),
])
def test_bad_parameters_are_named_in_vietnamese(params, field):
    with pytest.raises(QueryError) as info:
        parse_params(params)
    assert set(info.value.errors) == {field}
    assert any(word in info.value.errors[field] for word in ("không hợp lệ", "quá dài"))


def test_parse_params_accepts_a_full_query():
    query = parse_params({"q": "  Ngày không dùng tiền mặt ", "area": "tai-chinh-cong", "province": "87",
                          "level": "commune", "tag": "thanh-toán-số", "status": "recognised", "year": "2024",
                          "sort": "score", "page": "2"})
    assert query.text == "Ngày không dùng tiền mặt" and query.page == 2 and query.sort == "score"
    assert query.filters == {"area": "tai-chinh-cong", "province": "87", "level": "commune",
                             "tag": "thanh-toán-số", "status": "recognised", "year": 2024}


def test_backoff_grows_and_is_capped():
    assert [backoff_seconds(n) for n in range(4)] == [10, 20, 40, 80]
    assert backoff_seconds(20) == 600


# -- keeping the index true -------------------------------------------------------------------


@pytest.fixture(params=[False, True], ids=["answers-computed", "answers-kept"])
def kept(request, settings):
    """The database backend's answers computed each time, or kept as fragment values (the production
    setting): what the index says must show at once either way."""
    from core import page_cache

    settings.FRAGMENT_CACHE_SECONDS = 3600 if request.param else 0
    page_cache.store().clear()
    return request.param


@pytest.fixture
def published(site, commune, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = make_initiative(site["index"], commune, title="Ngày không dùng tiền mặt",
                               status=InitiativeStatus.SUBMITTED)
    return page


def found(text):
    return [h.id for h in DatabaseBackend().search(SearchQuery(text=text)).results]


@pytest.mark.django_db
def test_publish_indexes_and_republish_updates(kept, published, django_capture_on_commit_callbacks):
    assert found("khong dung tien mat") == [published.pk]
    assert found("thu sau") == []
    entry = SearchEntry.objects.get(pk=published.pk)
    assert entry.unit_name == "Xã Long Khánh A" and entry.province_name == "Tỉnh Đồng Tháp"
    assert entry.url == published.url
    published.title = "Thứ Sáu không tiền mặt"
    with django_capture_on_commit_callbacks(execute=True):
        published.save_revision().publish()
    assert found("thu sau") == [published.pk]
    assert SearchEntry.objects.get(pk=published.pk).title == "Thứ Sáu không tiền mặt"


@pytest.mark.django_db
def test_nothing_is_indexed_before_commit(site, commune, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page = make_initiative(site["index"], commune)
    assert not SearchEntry.objects.filter(pk=page.pk).exists()
    for callback in callbacks:
        callback()
    assert SearchEntry.objects.filter(pk=page.pk).exists()


@pytest.mark.django_db
def test_unpublish_and_delete_remove_from_search(kept, published, django_capture_on_commit_callbacks):
    assert found("tien mat") == [published.pk]
    with django_capture_on_commit_callbacks(execute=True):
        published.unpublish()
    assert found("tien mat") == []
    with django_capture_on_commit_callbacks(execute=True):
        published.save_revision().publish()
    assert found("tien mat") == [published.pk]
    with django_capture_on_commit_callbacks(execute=True):
        published.delete()
    assert found("tien mat") == [] and not SearchEntry.objects.exists()


@pytest.mark.django_db
def test_draft_is_never_indexed(site, commune, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_initiative(site["index"], commune, title="Bản nháp bí mật", live=False)
    assert found("ban nhap bi mat") == []


@pytest.mark.django_db
def test_status_change_reindexes(kept, published, django_capture_on_commit_callbacks):
    status = SearchQuery(text="tien mat", filters={"status": InitiativeStatus.UNDER_APPRAISAL})
    assert DatabaseBackend().search(status).results == []
    with django_capture_on_commit_callbacks(execute=True):
        start_appraisal(None, published, authorised=True)
    assert SearchEntry.objects.get(pk=published.pk).status == InitiativeStatus.UNDER_APPRAISAL
    assert [h.id for h in DatabaseBackend().search(status).results] == [published.pk]


@pytest.mark.django_db
def test_a_new_synonym_finds_at_once(kept, published):
    assert found("ngay kdtm") == []
    Synonym.objects.create(terms="KDTM, không dùng tiền mặt")
    assert found("ngay kdtm") == [published.pk]


@pytest.mark.django_db
def test_move_reindexes_url(published, site, django_capture_on_commit_callbacks):
    index = site["index"]
    index.slug = "mo-hinh"
    index.save()  # Wagtail rewrites the children's paths; the search entry is now stale
    assert "/sang-kien/" in SearchEntry.objects.get(pk=published.pk).url
    with django_capture_on_commit_callbacks(execute=True):
        published.refresh_from_db()
        published.move(index, pos="last-child")
    assert SearchEntry.objects.get(pk=published.pk).url.startswith("/mo-hinh/")


@pytest.mark.django_db
def test_publishing_works_when_elasticsearch_is_down(site, commune, settings, caplog,
                                                     django_capture_on_commit_callbacks):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # closed local port
    with django_capture_on_commit_callbacks(execute=True):
        page = make_initiative(site["index"], commune)
    assert SearchEntry.objects.filter(pk=page.pk).exists()  # the database side is still true
    assert "search_index --rebuild" in caplog.text


@pytest.mark.django_db
def test_rebuild_command_restores_the_table(published, capsys):
    from django.core.management import call_command

    SearchEntry.objects.all().delete()
    call_command("search_index", "--rebuild", "--no-progress")
    assert found("tien mat") == [published.pk]
    assert "1 sáng kiến" in capsys.readouterr().out


@pytest.mark.django_db
def test_wagtail_admin_search_still_works(published, client, django_user_model):
    admin = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "matkhau-thu-nghiem")
    client.force_login(admin)
    response = client.get("/admin/pages/search/", {"q": "tiền mặt"})
    assert response.status_code == 200
    assert "Ngày không dùng tiền mặt" in response.content.decode()


@pytest.mark.django_db
def test_adoption_updates_the_count(kept, published, other_commune, django_user_model, django_capture_on_commit_callbacks):
    rollout_actions = pytest.importorskip("rollout.actions", reason="rollout app not present yet")
    if not hasattr(rollout_actions, "record_adoption"):
        pytest.skip("rollout.actions.record_adoption not present yet")
    assert DatabaseBackend().search(SearchQuery(text="tien mat")).results[0].adoption_count == 0
    admin = django_user_model.objects.create_superuser("quantri2", "qt2@example.vn", "matkhau-thu-nghiem")
    with django_capture_on_commit_callbacks(execute=True):
        rollout_actions.record_adoption(admin, published, other_commune, status="operating")
    assert SearchEntry.objects.get(pk=published.pk).adoption_count == 1
    hit = DatabaseBackend().search(SearchQuery(text="tien mat")).results[0]
    assert hit.adoption_count == 1


def test_words_query_for_the_postgresql_index_keeps_every_word_and_alternative():
    """The full-text condition must never exclude an entry the LIKE phrases accept: every word of
    every alternative, groups ANDed; a group with a word outside a-z0-9 is left to LIKE alone."""
    from search.backends.database import _words_query

    groups = [[("mot", "cua"), ("bo", "phan", "mot", "cua")], [("2024",)], [("ha_noi",)], [("xa", "ü")]]
    assert _words_query(groups) == "(('mot' & 'cua') | ('bo' & 'phan' & 'mot' & 'cua')) & (('2024'))"
    assert _words_query([]) == ""
