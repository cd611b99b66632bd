"""Initiatives as Wagtail pages, bulk-inserted.

`index.add_child()` costs a dozen queries per page (tree locking, revisions, signals): hours for
100,000 pages. Here the rows are written directly, exactly as treebeard and Wagtail would write
them: each child of the index page gets the next materialised-path step (MP_Node conventions:
`steplen` 4, base-36 `alphabet`), depth + 1, `url_path` = the index's + slug, live, published, in
the default locale; the parent's `numchild` is updated once at the end. The base `wagtailcore_page`
rows go in with bulk_create (ids come back), the InitiativePage rows with one multi-row INSERT per
batch (Django refuses bulk_create on multi-table inheritance, so the two tables are written in turn).
"""

import contextlib
import datetime
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.db.models.signals import post_delete, pre_delete
from wagtail.models import Locale, Page

from initiatives.models import InitiativeIndexPage, InitiativePage, ReformArea
from initiatives.status import InitiativeStatus, RecognitionLevel

from .shapes import random_day

SLUG_PREFIX = "gen-"
MARKER = "Dữ liệu sinh tự động"

KINDS = ["Mô hình", "Sáng kiến", "Giải pháp"]
SUBJECTS = [
    "Một cửa không giấy", "Ngày thứ Bảy không hẹn", "Trả kết quả thủ tục hành chính tại nhà",
    "Dịch vụ công trực tuyến toàn trình", "Thanh toán không dùng tiền mặt", "Tổ công nghệ số cộng đồng",
    "Bình dân học vụ số", "Số hoá hồ sơ hộ tịch", "Zalo hỗ trợ người dân làm thủ tục",
    "Cán bộ một cửa đến từng thôn", "Chấm điểm mức độ hài lòng tại quầy", "Ký số hồ sơ đất đai",
    "Giờ vàng tiếp công dân", "Bản đồ số thủ tục hành chính", "Điểm hỗ trợ dịch vụ công tại nhà văn hoá",
    "Tiếp nhận hồ sơ ngoài giờ hành chính", "Chính quyền thân thiện, người dân hài lòng",
    "Cải cách thủ tục cấp giấy chứng nhận quyền sử dụng đất", "Hộ tịch điện tử liên thông",
    "Camera giám sát bộ phận một cửa",
]
WHY = [
    "giảm thời gian giải quyết hồ sơ cho người dân",
    "tăng tỷ lệ hồ sơ trực tuyến và đúng hạn",
    "công khai, minh bạch quy trình xử lý",
    "giúp người cao tuổi và vùng sâu tiếp cận dịch vụ công",
]
STATUS_WEIGHTS = [(InitiativeStatus.RECOGNISED, 70), (InitiativeStatus.SUBMITTED, 10),
                  (InitiativeStatus.UNDER_APPRAISAL, 10), (InitiativeStatus.NOT_RECOGNISED, 10)]
LEVEL_WEIGHTS = [(RecognitionLevel.COMMUNE, 60), (RecognitionLevel.DISTRICT, 15),
                 (RecognitionLevel.PROVINCE, 20), (RecognitionLevel.NATIONAL, 5)]


def _pick(rng, weighted):
    values, weights = zip(*weighted)
    return rng.choices(values, weights)[0]


def _uuid(rng):
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def generated_pages():
    return InitiativePage.objects.filter(slug__startswith=SLUG_PREFIX)


def the_index():
    index = InitiativeIndexPage.objects.first()
    if index is None:
        from home.site_setup import setup_site

        setup_site()
        index = InitiativeIndexPage.objects.first()
    return index


def make_page_rows(rng, number, unit, areas, tz):
    """The field values of one generated initiative (title, dates, status…), deterministic for rng."""
    subject = rng.choice(SUBJECTS)
    title = f"{rng.choice(KINDS)} “{subject}” tại {unit.name}"
    published = random_day(rng)
    status = _pick(rng, STATUS_WEIGHTS)
    recognised = status == InitiativeStatus.RECOGNISED
    when = datetime.datetime.combine(published, datetime.time(8 + rng.randint(0, 9), rng.randint(0, 59)), tz)
    return {
        "number": number, "title": title, "published": when,
        "summary": f"{subject} — {rng.choice(WHY)}. {MARKER}.",
        "body": [{"type": "paragraph", "id": str(_uuid(rng)),
                  "value": f"<p>{unit.name} triển khai {subject.lower()}, {rng.choice(WHY)}.</p>"}],
        "unit_id": unit.pk, "area_id": rng.choice(areas) if areas else None,
        "start_date": published - datetime.timedelta(days=rng.randint(30, 365)),
        "status": status, "level": _pick(rng, LEVEL_WEIGHTS) if recognised else "",
        "decision_number": f"{rng.randint(1, 3999)}/QĐ-UBND" if recognised else "",
        "decision_date": published if recognised else None,
        "score": round(rng.uniform(70, 98), 2) if status != InitiativeStatus.SUBMITTED else None,
        "translation_key": _uuid(rng),
        "featured": rng.random() < 0.002,
    }


class PageWriter:
    """Appends generated initiatives under the index page, batch by batch."""

    def __init__(self, index=None):
        self.index = index or the_index()
        self.content_type = ContentType.objects.get_for_model(InitiativePage)
        self.locale = Locale.get_default()
        last = self.index.get_last_child()
        self.next_step = Page._str2int(last.path[-Page.steplen:]) + 1 if last else 1
        self.written = 0
        self.db = router.db_for_write(InitiativePage)

    def write(self, rows):
        """Insert a batch of make_page_rows() dicts; returns their page ids in order."""
        index = self.index
        bases = []
        for row in rows:
            slug = f"{SLUG_PREFIX}{row['number']:06d}"
            bases.append(Page(
                path=Page._get_path(index.path, index.depth + 1, self.next_step), depth=index.depth + 1,
                numchild=0, title=row["title"], draft_title=row["title"], slug=slug,
                content_type=self.content_type, live=True, has_unpublished_changes=False,
                url_path=f"{index.url_path}{slug}/", seo_title="", show_in_menus=False, search_description="",
                expired=False, locked=False, first_published_at=row["published"],
                last_published_at=row["published"], latest_revision_created_at=None,
                translation_key=row["translation_key"], locale=self.locale))
            self.next_step += 1
        Page.objects.bulk_create(bases)
        children = []
        for base, row in zip(bases, rows):
            page = InitiativePage(
                page_ptr_id=base.pk, summary=row["summary"], body=row["body"], origin_unit_id=row["unit_id"],
                owning_office="", reform_area_id=row["area_id"], start_date=row["start_date"], featured=row["featured"],
                status=row["status"], recognition_level=row["level"], decision_number=row["decision_number"],
                decision_date=row["decision_date"], final_score=row["score"])
            children.append(page)
        fields = [f for f in InitiativePage._meta.local_concrete_fields]
        InitiativePage._base_manager._insert(children, fields=fields, using=self.db)
        self.written += len(rows)
        return [base.pk for base in bases]

    def finish(self):
        """The parent's child count, as treebeard keeps it."""
        Page.objects.filter(pk=self.index.pk).update(numchild=Page.objects.child_of(self.index).count())


def reform_area_ids():
    return list(ReformArea.objects.order_by("sort_order", "pk").values_list("pk", flat=True))


@contextlib.contextmanager
def _delete_signals_muted():
    """Page deletion without per-object pre/post_delete handlers (search and reference index
    upkeep: a few queries per page, hours at 100,000 pages). Their rows are removed in bulk by
    the caller instead. Also lets the collector use fast (single statement) deletes."""
    saved = {sig: (sig.receivers, sig.sender_receivers_cache.copy()) for sig in (pre_delete, post_delete)}
    try:
        for sig in saved:
            sig.receivers = []
            sig.sender_receivers_cache.clear()
        yield
    finally:
        for sig, (receivers, cache) in saved.items():
            sig.receivers = receivers
            sig.sender_receivers_cache.clear()
            sig.sender_receivers_cache.update(cache)


def delete_generated_pages(progress=None, batch=2000):
    """Remove generated initiative pages (slug "gen-…") with their dependants, in batches."""
    from django.db.models import QuerySet
    from wagtail.models import ReferenceIndex
    from wagtail.search.models import IndexEntry

    index = the_index()
    ids = list(generated_pages().values_list("pk", flat=True))
    types = ContentType.objects.get_for_models(Page, InitiativePage).values()
    db = connections[router.db_for_write(Page)].alias
    with _delete_signals_muted():
        for start in range(0, len(ids), batch):
            chunk = ids[start:start + batch]
            IndexEntry.objects.filter(content_type__in=types, object_id__in=[str(i) for i in chunk]).delete()
            ReferenceIndex.objects.filter(base_content_type__in=types, object_id__in=[str(i) for i in chunk]).delete()
            # Plain QuerySet.delete: treebeard's builds one OR per node; these pages are all leaves.
            QuerySet(model=Page, using=db).filter(pk__in=chunk).delete()
            if progress:
                progress(len(chunk))
    Page.objects.filter(pk=index.pk).update(numchild=Page.objects.child_of(index).count())
    return len(ids)
