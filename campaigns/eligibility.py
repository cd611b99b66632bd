"""Eligibility hints from the product's own data: for a title or form and a recipient, which of the
Law's criteria the data shows met, which not, with the evidence linked. Hints only: the council
decides (and criteria the product cannot see, such as discipline, are not listed as met).

- Titles that require an initiative (Law 06/2022/QH15 Art. 21–23): a recognised initiative of which
  the person is an author, recognised at the level the title requires (the scope-of-influence
  decision: base for "Chiến sĩ thi đua cơ sở", province for the province's, national for the
  national title).
- "Chiến sĩ thi đua cơ sở" requires "Lao động tiên tiến" (Art. 23): a confirmed award of that year.
- The province's and the national titles require earlier titles in consecutive years (Art. 21, 22):
  3 × base title, 2 × province title.
- "Cờ thi đua" goes to the leader of an emulation cluster (Art. 25, 26): rank 1 of a peer group's board.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

RANK = {"commune": 1, "district": 1, "province": 2, "national": 3}
STREAKS = {"cstd_tinh": ("cstd_co_so", 3), "cstd_toan_quoc": ("cstd_tinh", 2)}
FLAGS = {"co_thi_dua_tinh", "co_thi_dua_cp"}


@dataclass
class Criterion:
    label: str
    met: bool
    evidence: list = field(default_factory=list)  # (text, url or "")


def longest_streak(years, ending):
    """How many consecutive years up to `ending` (inclusive or the year before) appear in `years`."""
    years = set(years)
    best = 0
    for last in (ending, ending - 1):
        n = 0
        while last - n in years:
            n += 1
        best = max(best, n)
    return best


SCOPE_RANK = {"base": 1, "province": 2, "national": 3}


def reach(page):
    """How far a recognised initiative reaches: its recognition level, or its scope of influence when
    the competent level decided a wider one (appraisal.ScopeDecision)."""
    return max(RANK.get(page.recognition_level, 0), SCOPE_RANK.get(page.influence_scope or "", 0))


def _recognised_initiatives(person, minimum):
    rows = person.recognised_initiatives().order_by("-decision_date")
    return [page for page in rows if reach(page) >= RANK[minimum]]


def criteria(kind, year, *, person=None, unit=None, campaign=None):
    from .models import Award, AwardStatus, LeaderboardRow

    found = []
    if person is not None and kind.required_recognition:
        pages = _recognised_initiatives(person, kind.required_recognition)
        level = dict(kind._meta.get_field("required_recognition").choices)[kind.required_recognition]
        found.append(Criterion(
            _("Là tác giả sáng kiến được công nhận, phạm vi ảnh hưởng từ %(level)s") % {"level": str(level).lower()},
            bool(pages),
            [(_("%(t)s — công nhận %(l)s, quyết định %(n)s") % {
                "t": p.title, "l": p.get_recognition_level_display().lower(), "n": p.decision_number or "—"}
              + (_("; phạm vi ảnh hưởng %(s)s (%(d)s)") % {"s": p.get_influence_scope_display().lower(),
                                                          "d": p.scope_decision_number or "—"}
                 if p.influence_scope else ""), p.url or "")
             for p in pages]))
    if person is not None and kind.code == "cstd_co_so":
        titles = list(Award.objects.filter(recipient_person=person, kind_id="ld_tien_tien", achievement_year=year,
                                           status=AwardStatus.CONFIRMED))
        found.append(Criterion(_("Đạt danh hiệu “Lao động tiên tiến” năm %(y)s") % {"y": year}, bool(titles),
                               [(a.decision_number, a.get_verification_url()) for a in titles]))
    if person is not None and kind.code in STREAKS:
        earlier, needed = STREAKS[kind.code]
        rows = list(Award.objects.filter(recipient_person=person, kind_id=earlier, status=AwardStatus.CONFIRMED)
                    .exclude(achievement_year=None).select_related("kind"))
        streak = longest_streak([a.achievement_year for a in rows], year)
        name = rows[0].kind.name if rows else earlier
        found.append(Criterion(_("%(n)d lần liên tục đạt “%(t)s” (có %(have)d)") % {
            "n": needed, "t": name, "have": streak}, streak >= needed,
            [(f"{a.achievement_year}: {a.decision_number}", a.get_verification_url()) for a in rows]))
    if unit is not None and kind.code in FLAGS and campaign is not None:
        leads = list(LeaderboardRow.objects.filter(campaign=campaign, unit=unit, peer_group__isnull=False, rank=1)
                     .select_related("peer_group"))
        found.append(Criterion(_("Dẫn đầu cụm, khối thi đua (hạng 1 bảng xếp hạng của nhóm)"), bool(leads),
                               [(_("Hạng 1 — %(g)s") % {"g": r.peer_group.name}, campaign.url or "") for r in leads]))
    return found
