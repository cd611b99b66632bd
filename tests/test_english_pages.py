"""English visitors (the language switch) see English data labels: indicator names, search sort
labels and reform areas, period labels and chart summaries; Vietnamese visitors still see
Vietnamese, and files and the importer keep the Vietnamese forms whatever the page's language."""

import datetime

import pytest
from django.utils import translation

from rollout.charts import describe
from rollout.importing.parsing import parse_period
from rollout.models import Metric
from rollout.periods import Period, period_label
from tests.open_data_world import world  # noqa: F401  (fixture)
from tests.search_corpus import corpus  # noqa: F401  (fixture)
from tests.showcase_data import build_world

ON_TIME_VI = "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn"
ON_TIME_EN = "Share of dossiers resolved early or on time"


def switch_to_english(client, next_url="/"):
    response = client.post("/i18n/setlang/", {"language": "en", "next": next_url})
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"


def html(response):
    assert response.status_code == 200
    return response.content.decode()


# -- indicator names ---------------------------------------------------------------------------

@pytest.mark.django_db
def test_metric_display_name_follows_the_language(english):
    metric = Metric.objects.get(code="dossiers_on_time_pct")
    assert metric.display_name == ON_TIME_VI
    with translation.override("en"):
        assert metric.display_name == ON_TIME_EN
        metric.name_en = ""
        assert metric.display_name == ON_TIME_VI  # no English name recorded: the Vietnamese one


def test_showcase_shows_the_english_indicator_name(client, site, province, english):
    build_world(site, province)
    params = {"xep-theo": "hieu-qua", "chi-tieu": "dossiers_on_time_pct"}
    vietnamese = html(client.get("/mo-hinh-tieu-bieu/", params))
    assert ON_TIME_VI in vietnamese and ON_TIME_EN not in vietnamese
    switch_to_english(client, "/mo-hinh-tieu-bieu/")
    page = html(client.get("/mo-hinh-tieu-bieu/", params))
    assert '<html lang="en">' in page
    assert f">{ON_TIME_EN}</option>" in page  # the indicator select
    assert f"“{ON_TIME_EN}”" in page and f"({ON_TIME_EN})" in page  # the definition and each model's figure
    assert ON_TIME_VI not in page


def test_compare_counts_and_indicator_rows_in_english(client, site, province, english):
    build_world(site, province)
    switch_to_english(client, "/so-sanh/")
    page = html(client.get("/so-sanh/", {"don-vi": ["30000"]}))
    assert "Choose 2 to 4 units to compare; you have chosen only 1." in page
    page = html(client.get("/so-sanh/", {"sang-kien": ["a", "b", "c", "d", "e"]}))
    assert "At most 4 initiatives can be compared at once; you have chosen 5." in page
    page = html(client.get("/so-sanh/", {"don-vi": ["30000", "30001"]}))
    assert ON_TIME_EN in page and ON_TIME_VI not in page


# -- search --------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_search_sort_labels_and_reform_areas_in_english(client, corpus, english):  # noqa: F811
    vietnamese = html(client.get("/tim-kiem/", {"q": "tien mat"}))
    assert ">Liên quan nhất</option>" in vietnamese and ">Điểm thẩm định cao nhất</option>" in vietnamese
    assert "Cải cách tài chính công" in vietnamese
    switch_to_english(client, "/tim-kiem/")
    page = html(client.get("/tim-kiem/", {"q": "tien mat"}))
    for label in ("Most relevant", "Newest", "Most replicated", "Highest appraisal score"):
        assert f">{label}</option>" in page
    assert "Liên quan nhất" not in page
    # the facet and the hits: the area's English name (the index holds the Vietnamese one)
    assert "Public finance reform" in page and "Cải cách tài chính công" not in page


# -- open data ----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_open_data_page_explains_in_english_files_keep_vietnamese(client, world, english):  # noqa: F811
    switch_to_english(client, "/du-lieu-mo/")
    page = html(client.get("/du-lieu-mo/"))
    assert "Unit key, e.g. 29950; includes former units merged into it and the units under it" in page
    assert "whole number" in page and "Khoá đơn vị (key)" not in page and "số nguyên" not in page
    download = client.get("/du-lieu-mo/so-lieu.csv", {"unit": "29953", "period_from": "2022"})
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    assert "Năm 2022" in text and "Năm 2023" in text  # the period as reports write it, not "2022"


# -- periods and chart summaries -----------------------------------------------------------------

@pytest.mark.parametrize("period, english_label, short", [
    (Period.year_of(2022), "2022", "2022"),
    (Period.half(2024, 1), "H1 2024", "H1 2024"),
    (Period.half(2024, 2), "H2 2024", "H2 2024"),
    (Period.quarter(2024, 1), "Q1 2024", "Q1 2024"),
    (Period.month(2024, 3), "March 2024", "03/2024"),
    (Period.year_to_date(2020, 11), "First 11 months of 2020", "11 mo. 2020"),
])
def test_period_labels_in_english_and_the_importer_still_reads_vietnamese(period, english_label, short, english):
    vietnamese = period.label
    with translation.override("en"):
        assert period.label == english_label and period.short_label == short
        assert period_label(period.key) == english_label
        assert period.label_vi == vietnamese  # files and admin forms
        assert parse_period(period.label_vi) == period


def test_chart_summary_in_english(english):
    points = [(datetime.date(2022, 12, 31), 90, "2022"), (datetime.date(2023, 12, 31), 95, "2023")]
    assert describe(points, datetime.date(2023, 1, 1)).startswith("2 kỳ số liệu, từ 2022 (90) đến 2023 (95).")
    with translation.override("en"):
        text = describe(points, datetime.date(2023, 1, 1))
        assert text == "2 periods of figures, from 2022 (90) to 2023 (95). Adoption started: 01/01/2023."
        assert describe(points[:1]) == "1 period of figures: 2022 (90)."
        assert describe([]) == "No figures yet."
