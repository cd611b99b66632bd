"""Demo content of the initiatives app, loaded by `manage.py load_demo` (idempotent, keyed by slug /
username). The initiatives come from the articles in ../shared/seeds/ (see demo_content.py); their
status moves go through the named actions, so the status history is real.

Other apps' demo loaders reuse `demo_user(name)`, `demo_initiative(slug)` and `find_unit(key)`.
"""

import logging
import os
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.rich_text import RichText

from core import roles
from units.models import AdministrativeUnit, Affiliation

from .actions import recognise_initiative, submit_initiative
from .demo_content import INITIATIVES, SOURCES, TARGET_GROUPS
from .models import InitiativeIndexPage, InitiativePage, InitiativeSource, KeyFigure, ReformArea, TargetGroup
from .status import InitiativeStatus, RecognitionLevel

logger = logging.getLogger("nhanrong.initiatives")

DEFAULT_PASSWORD = "nhanrong-demo"

# name -> account. Every account is bound to a unit in force today (issue 18): officers to today's
# communes (they act for the communes merged into them too, core.roles), council members to today's
# province or commune; the initiatives keep the pre-2025 units the source reports name.
DEMO_USERS = {
    "admin": {"username": "admin", "first_name": "Quản trị", "last_name": "hệ thống",
              "group": roles.ADMINISTRATORS, "superuser": True},
    "editor": {"username": "bientap", "first_name": "Biên tập", "last_name": "viên", "group": roles.EDITORS},
    "officer_long_khanh_a": {"username": "canbo_longkhanha", "first_name": "Cán bộ", "last_name": "Long Khánh",
                             "group": roles.COMMUNE_OFFICERS, "unit": "29983", "office": "UBND xã Long Khánh"},
    "officer_phu_thuan_a": {"username": "canbo_phuthuana", "first_name": "Cán bộ", "last_name": "Long Phú Thuận",
                            "group": roles.COMMUNE_OFFICERS, "unit": "29992", "office": "UBND xã Long Phú Thuận"},
    "council_dong_thap": {"username": "hoidong_dongthap", "first_name": "Thành viên", "last_name": "hội đồng tỉnh",
                          "group": roles.COUNCIL_MEMBERS, "unit": "82", "office": "Sở Nội vụ tỉnh Đồng Tháp"},
    # Huyện Tân Hồng was abolished on 1/7/2025; Xã Tân Hồng (29926) took over its seat, Thị trấn Sa Rài.
    "council_tan_hong": {"username": "hoidong_tanhong", "first_name": "Thành viên", "last_name": "hội đồng xã",
                         "group": roles.COUNCIL_MEMBERS, "unit": "29926", "office": "UBND xã Tân Hồng"},
}

_LEVELS = {"province": RecognitionLevel.PROVINCE, "district": RecognitionLevel.DISTRICT}
_RECOGNITION_NOTES = {
    "province": "Theo bài báo nguồn: các sở, ngành đã thẩm định và UBND tỉnh thống nhất cho triển khai "
                "sáng kiến. Bài không nêu số, ngày quyết định.",
    "district": "Theo bài báo nguồn: Chủ tịch UBND huyện đã chỉ đạo nhân rộng mô hình. Bài không nêu số, "
                "ngày quyết định.",
}


def demo_password():
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD


def required_unit_keys():
    keys = {spec["unit"] for spec in INITIATIVES}
    keys |= {spec["unit"] for spec in DEMO_USERS.values() if spec.get("unit")}
    return sorted(keys)


def find_unit(key):
    """The unit with this key; a historic key ("h" + code) also matches a historic unit by code."""
    unit = AdministrativeUnit.objects.filter(key=key).first()
    if unit is None and key.startswith("h"):
        unit = AdministrativeUnit.objects.historic().filter(code=key[1:]).order_by("pk").first()
    return unit


def resolve_units(keys):
    units = {key: find_unit(key) for key in keys}
    missing = [key for key, unit in units.items() if unit is None]
    if missing:
        raise CommandError(_(
            "Chưa nạp đủ đơn vị hành chính: không tìm thấy đơn vị có mã %(keys)s. Hãy chạy "
            "`python manage.py load_units` trước, rồi chạy lại `python manage.py load_demo`."
        ) % {"keys": ", ".join(missing)})
    return units


def demo_user(name):
    """A demo account by its name in DEMO_USERS (e.g. "admin", "officer_long_khanh_a") or its username."""
    spec = DEMO_USERS.get(name)
    username = spec["username"] if spec else name
    return get_user_model().objects.get(username=username)


def demo_initiative(slug):
    return InitiativePage.objects.get(slug=slug)


def ensure_users(units):
    User = get_user_model()
    password = demo_password()
    users = {}
    for name, spec in DEMO_USERS.items():
        user, created = User.objects.get_or_create(username=spec["username"], defaults={
            "first_name": spec["first_name"], "last_name": spec["last_name"],
            "email": f"{spec['username']}@nhanrong.invalid"})
        superuser = spec.get("superuser", False)
        if user.is_superuser != superuser or user.is_staff != superuser or not user.is_active:
            user.is_superuser = user.is_staff = superuser
            user.is_active = True
            user.save(update_fields=["is_superuser", "is_staff", "is_active"])
        # The printed login must work, so the password is (re)set whenever it differs.
        if not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=spec["group"]))
        if spec.get("unit"):
            Affiliation.objects.update_or_create(user=user, defaults={
                "unit": units[spec["unit"]], "office": spec["office"]})
        users[name] = user
    return users


def ensure_target_groups():
    groups = {}
    for key, (name, name_en) in TARGET_GROUPS.items():
        group, _created = TargetGroup.objects.get_or_create(name=name, defaults={"name_en": name_en})
        groups[key] = group
    return groups


def _body(paragraphs):
    blocks = []
    for heading, text in paragraphs:
        blocks.append(("heading", heading))
        blocks.append(("paragraph", RichText(f"<p>{text}</p>")))
    return blocks


def _sources(spec):
    article = SOURCES[spec["source"]]
    # The article is cited by title, publisher and date; which stored copy it is stays in the code.
    rows = [InitiativeSource(sort_order=0, note=_("Nội dung minh hoạ dựa trên bài báo này."), **article)]
    for extra in spec.get("extra_sources", []):
        rows.append(InitiativeSource(sort_order=len(rows), note=_("Nêu trong bài “%(title)s”") % {"title": article["title"]},
                                     **extra))
    return rows


def _create_page(index, spec, unit, target_groups, actor):
    page = InitiativePage(
        title=spec["title"], slug=spec["slug"], summary=spec["summary"], body=_body(spec["body"]),
        origin_unit=unit, owning_office=spec["office"], reform_area=ReformArea.objects.get(slug=spec["area"]),
        start_date=spec.get("start"), featured=spec["featured"],
    )
    page.key_figures = [
        KeyFigure(sort_order=i, label=label, value=Decimal(value), unit=unit_label, period=period)
        for i, (label, value, unit_label, period) in enumerate(spec["figures"])
    ]
    page.sources = _sources(spec)
    page.target_groups = [target_groups[key] for key in spec["groups"]]
    page.tags.add(*spec["tags"])
    index.add_child(instance=page)
    page.save_revision(user=actor).publish(user=actor)
    return page


def _apply_status(page, spec, actor):
    """Move a new page along the lifecycle the article supports, through the named actions."""
    target = spec["status"]
    if page.status == InitiativeStatus.DRAFT:
        submit_initiative(actor, page, note=_("Nội dung minh hoạ theo bài “%(title)s”.") % {
            "title": SOURCES[spec["source"]]["title"]})
    if target in _LEVELS and page.status in (InitiativeStatus.SUBMITTED, InitiativeStatus.UNDER_APPRAISAL):
        recognise_initiative(actor, page, _LEVELS[target], note=_RECOGNITION_NOTES[target])


def ensure_initiative(index, spec, units, target_groups, actor):
    """Create the initiative of `spec` if its slug is new; an existing page keeps its (possibly edited) content."""
    with transaction.atomic():
        page = InitiativePage.objects.child_of(index).filter(slug=spec["slug"]).first()
        created = page is None
        if created:
            page = _create_page(index, spec, units[spec["unit"]], target_groups, actor)
            logger.info("demo initiative created: %s", spec["slug"])
        _apply_status(page, spec, actor)
    return page, created


def load(stdout):
    """Create the demo users and initiatives. Safe to run twice: nothing is duplicated."""
    units = resolve_units(required_unit_keys())
    index = InitiativeIndexPage.objects.first()
    if index is None:  # the page tree and the roles come first (home.site_setup, run by load_demo)
        raise CommandError(_("Chưa có cây trang: hãy chạy manage.py setup_site trước."))
    users = ensure_users(units)
    target_groups = ensure_target_groups()
    created = 0
    for spec in INITIATIVES:
        _page, was_created = ensure_initiative(index, spec, units, target_groups, users["admin"])
        created += was_created
    stdout.write(_("Sáng kiến minh hoạ: tạo mới %(new)d, đã có %(old)d (tổng %(total)d).") % {
        "new": created, "old": len(INITIATIVES) - created, "total": len(INITIATIVES)} + "\n")
    print_logins(stdout, users)
    return users


def print_logins(stdout, users):
    stdout.write(_("Tài khoản minh hoạ — đăng nhập tại /admin/, mật khẩu chung: %(password)s "
                   "(đổi bằng biến môi trường DEMO_PASSWORD):") % {"password": demo_password()} + "\n")
    for name, user in users.items():
        spec = DEMO_USERS[name]
        where = f", {spec['office']}" if spec.get("office") else ""
        role = _("quản trị toàn quyền (superuser)") if spec.get("superuser") else spec["group"]
        stdout.write(f"  {user.username:<18} {role}{where}\n")
