"""Vietnamese alphabetical order (units.text.vn_sort_key), and the unit lists that use it."""

import pytest

from tests.factories import ProvinceFactory
from units.text import vn_sort_key


def test_vietnamese_alphabetical_order():
    names = ["Huế", "Đồng Tháp", "Hà Nội", "Điện Biên", "Dak Test", "Ân Thi", "An Giang", "Ứng Hòa", "Uông Bí",
             "Ô Môn", "Ông Ích Khiêm", "Ơ Rê", "Cần Thơ", "Cà Mau"]
    assert sorted(names, key=vn_sort_key) == [
        "An Giang", "Ân Thi", "Cà Mau", "Cần Thơ", "Dak Test", "Điện Biên", "Đồng Tháp", "Hà Nội", "Huế",
        "Ô Môn", "Ông Ích Khiêm", "Ơ Rê", "Uông Bí", "Ứng Hòa"]


def test_tones_come_after_letters_in_dictionary_order():
    # ngang, huyền, hỏi, ngã, sắc, nặng
    assert sorted(["ma", "mạ", "má", "mã", "mả", "mà"], key=vn_sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert vn_sort_key("HÀ NỘI") == vn_sort_key("hà  nội")
    assert sorted(["An Lão", "Ana"], key=vn_sort_key) == ["An Lão", "Ana"]


@pytest.mark.django_db
def test_unit_list_sorts_provinces_the_vietnamese_way(client):
    for code, name in (("91", "Huế"), ("92", "Hà Nội"), ("93", "Đà Nẵng"), ("94", "Dak Thử")):
        ProvinceFactory(code=code, key=code, name=f"Tỉnh {name}", short_name=name)
    html = client.get("/don-vi/").content.decode()
    positions = [html.index(f"Tỉnh {n}") for n in ("Dak Thử", "Đà Nẵng", "Hà Nội", "Huế")]
    assert positions == sorted(positions)
