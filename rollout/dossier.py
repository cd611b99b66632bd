"""The replication evidence dossier (hồ sơ minh chứng nhân rộng) a council reads before deciding the
scope of influence (phạm vi ảnh hưởng) of a recognised initiative: where it was adopted, grouped by
today's province (units from before 1 July 2025 rolled up to their successors' province), since when,
and the before/after figures of the adopting units (rollout.impact). Built only from public data (the
adoptions and indicators shown on the public pages), so the page and the PDF are public too."""

import dataclasses
import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.pdf import BOLD, Paper, vn_date, vn_num
from units.models import current_successors_map
from units.vocabulary import todays_province_of

from .impact import initiative_impact
from .models import Adoption


@dataclasses.dataclass
class ProvinceGroup:
    province: object
    adoptions: list
    first_start: datetime.date | None


@dataclasses.dataclass
class Dossier:
    initiative: object
    provinces: list
    adopters: int
    first_start: datetime.date | None
    impacts: list
    built_on: datetime.date


def build_dossier(initiative):
    # Started adoptions (rollout.models.adoption.STARTED_STATUSES, the one rule), grouped by today's
    # province as every public page groups them (units.vocabulary.todays_province_of).
    adoptions = list(Adoption.objects.filter(initiative=initiative).started()
                     .select_related("unit", "unit__province").order_by("start_date", "unit__name"))
    successors = current_successors_map([a.unit for a in adoptions])
    groups = {}
    for adoption in adoptions:
        province = todays_province_of(adoption.unit)
        adoption.today_units = successors.get(adoption.unit.pk, [])
        key = province.pk if province else None
        groups.setdefault(key, ProvinceGroup(province, [], None)).adoptions.append(adoption)
    for group in groups.values():
        starts = [a.start_date for a in group.adoptions if a.start_date]
        group.first_start = min(starts) if starts else None
    ordered = sorted(groups.values(), key=lambda g: (-len(g.adoptions), g.province.name if g.province else "~"))
    starts = [a.start_date for a in adoptions if a.start_date]
    return Dossier(initiative=initiative, provinces=ordered, adopters=len(adoptions),
                   first_start=min(starts) if starts else None,
                   impacts=initiative_impact(initiative, Adoption.objects.filter(pk__in=[a.pk for a in adoptions])),
                   built_on=timezone.localdate())


def dossier_pdf(dossier):
    page = dossier.initiative
    paper = Paper(_("Hồ sơ minh chứng nhân rộng — %(t)s") % {"t": page.title})
    paper.centred(_("HỒ SƠ MINH CHỨNG NHÂN RỘNG SÁNG KIẾN"), BOLD, 14)
    paper.centred(f"“{page.title}”", BOLD, 12)
    paper.pairs([
        (_("Đơn vị sáng kiến"), page.origin_unit.name),
        (_("Quyết định công nhận"), f"{page.decision_number or '—'} ({vn_date(page.decision_date)})"),
        (_("Số đơn vị đã nhân rộng"), vn_num(dossier.adopters, 0)),
        (_("Áp dụng sớm nhất từ"), vn_date(dossier.first_start)),
        (_("Số tỉnh, thành phố (theo địa giới hiện nay)"), vn_num(len([g for g in dossier.provinces if g.province]), 0)),
        (_("Lập ngày"), vn_date(dossier.built_on)),
    ])
    paper.heading(_("Nơi nhân rộng, theo tỉnh/thành phố hiện nay"))
    for group in dossier.provinces:
        name = group.province.name if group.province else _("Chưa xác định tỉnh")
        paper.text(_("%(p)s: %(n)s đơn vị, từ %(d)s") % {"p": name, "n": len(group.adoptions),
                                                        "d": vn_date(group.first_start)}, BOLD)
        for adoption in group.adoptions:
            unit = str(adoption.unit)
            if adoption.unit.is_historic and adoption.today_units:
                unit += " → " + ", ".join(u.name for u in adoption.today_units)
            paper.text(f"{unit} — {adoption.get_status_display()}, {_('từ')} {vn_date(adoption.start_date)}", indent=8)
    paper.heading(_("Số liệu trước và sau khi áp dụng"))
    if not dossier.impacts:
        paper.text(_("Chưa có số liệu trước và sau của các đơn vị nhân rộng."))
    for impact in dossier.impacts:
        paper.text(_("%(m)s: %(i)s/%(n)s đơn vị cải thiện") % {"m": impact.metric.name_vi, "i": impact.improved,
                                                              "n": impact.measured}, BOLD)
        for row in impact.rows:
            paper.text(_("%(u)s: trước %(b)s (%(bk)s), sau %(l)s (%(lk)s)") % {
                "u": row.unit.name, "b": vn_num(row.baseline_value), "bk": row.baseline_key,
                "l": vn_num(row.latest_value), "lk": row.latest_key}, indent=8)
    return paper.bytes()


def dossier_summary(initiative):
    """The dossier in a few lines, for the council's scope-of-influence screen (appraisal reads it
    through the "nhanrong_scope_evidence" hook, registered in rollout/wagtail_hooks.py: appraisal and
    rollout are siblings and do not import each other)."""
    dossier = build_dossier(initiative)
    named = [g for g in dossier.provinces if g.province]
    if dossier.adopters:
        lines = [_("%(n)s đơn vị đã nhân rộng, ở %(p)s tỉnh/thành phố (theo địa giới hiện nay), sớm nhất từ %(d)s.")
                 % {"n": vn_num(dossier.adopters, 0), "p": vn_num(len(named), 0), "d": vn_date(dossier.first_start)}]
    else:
        lines = [_("Chưa ghi nhận đơn vị nào nhân rộng (chỉ áp dụng tại đơn vị có sáng kiến).")]
    for group in dossier.provinces:
        lines.append(_("%(p)s: %(n)s đơn vị, từ %(d)s") % {
            "p": group.province.name if group.province else _("Chưa xác định tỉnh"),
            "n": vn_num(len(group.adoptions), 0), "d": vn_date(group.first_start)})
    for impact in dossier.impacts:
        lines.append(_("%(m)s: %(i)s/%(n)s đơn vị cải thiện") % {
            "m": impact.metric.name_vi, "i": vn_num(impact.improved, 0), "n": vn_num(impact.measured, 0)})
    return {"lines": lines, "adopters": dossier.adopters, "provinces": len(named),
            "first_start": dossier.first_start, "built_on": dossier.built_on}
