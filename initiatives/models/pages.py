
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.panels import ReadOnlyPanel
from core.slugs import AsciiSlugMixin
from units.models import AdministrativeUnit
from units.text import fold

from ..blocks import BodyBlock
from ..forms import InitiativePageForm
from ..status import InfluenceScope, InitiativeStatus, RecognitionLevel
from .application import ApplicationFields, application_panels
from .taxonomy import ReformArea


def paginate(request, items, per_page=12, count=None):
    """The requested page of `items`; out-of-range or junk page numbers fall back sensibly. `count`
    (when the caller knows it) replaces the COUNT query."""
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count  # a cached_property: this replaces the query
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def fold_titles(title, draft_title=""):
    """" title | draft title " folded, what the chooser's search reads (the draft's only if it differs)."""
    folded = [fold(t) for t in (title, draft_title) if t]
    return " | ".join(dict.fromkeys(folded))[:520]


class InitiativeTag(TaggedItemBase):
    content_object = ParentalKey("initiatives.InitiativePage", related_name="tagged_items", on_delete=models.CASCADE)


PROVINCES_TTL = 300  # seconds; any public change (a page published…) invalidates the list sooner


class InitiativeIndexPage(AsciiSlugMixin, Page):
    intro = models.TextField(_("giới thiệu"), blank=True)
    # The English pages (language switch) show these; empty -> the Vietnamese title and intro.
    title_en = models.CharField(_("tiêu đề tiếng Anh"), max_length=255, blank=True)
    intro_en = models.TextField(_("giới thiệu tiếng Anh"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("title_en"), FieldPanel("intro_en")]
    subpage_types = ["initiatives.InitiativePage"]
    parent_page_types = ["home.HomePage"]
    max_count = 1

    class Meta:
        verbose_name = _("danh mục sáng kiến")

    def _in_english(self):
        from django.utils.translation import get_language

        return (get_language() or "").startswith("en")

    @property
    def display_title(self):
        return self.title_en if self.title_en and self._in_english() else self.title

    @property
    def display_intro(self):
        return self.intro_en if self.intro_en and self._in_english() else self.intro

    def initiatives(self):
        from public.rules import public_initiatives  # the public rule (the page renders the public list)

        return (
            public_initiatives()
            .child_of(self)
            .select_related("origin_unit", "origin_unit__province", "reform_area")
            .order_by("-first_published_at", "-pk")
        )

    def provinces_with_initiatives(self, live):
        """Today's provinces that have initiatives, their own or their predecessors'. Which ones is
        cached until the next public change (reading every live initiative's unit costs 100+ ms at
        national scale)."""
        from core.page_cache import cached_until_change

        ids = cached_until_change(f"initiatives:index-provinces:v1:{self.pk}", lambda: list(
            AdministrativeUnit.objects.current().provinces().filter(
                Q(pk__in=live.values("origin_unit__province"))
                | Q(pk__in=live.values("origin_unit__successors__province"))
                | Q(pk__in=live.values("origin_unit__province__successors"))
            ).values_list("pk", flat=True)), PROVINCES_TTL)
        return AdministrativeUnit.objects.filter(pk__in=ids).order_by("short_name", "key")

    def get_context(self, request, *args, **kwargs):
        from core.page_cache import tag_page

        tag_page(request, "listing")  # changed by adoptions (and everything not narrowed), not by observations
        context = super().get_context(request, *args, **kwargs)
        items = self.initiatives()
        selected = {key: request.GET.get(key, "").strip()[:100] for key in ("area", "province", "tag")}
        if selected["area"]:
            items = items.filter(reform_area__slug=selected["area"])
        if selected["province"]:
            # A current province also lists the initiatives of the pre-2025 units merged into it
            # (their historic province, or their commune's successor, lies in it).
            # Today's map only (units.vocabulary): an old province's key or name ("h54", "Phú Yên")
            # means the province in force today that took it over.
            from units.vocabulary import resolve_current_province

            province = resolve_current_province(selected["province"])
            if province is None:
                items = items.none()
            else:
                from ..queries import in_province

                selected["province"] = province.key
                items = in_province(items, province)
        if selected["tag"]:
            items = items.filter(tagged_items__tag__slug=selected["tag"]).distinct()
        from public import listing
        from public.rules import public_initiatives

        # Text, status, sort and the comparison picks (public/listing.py).
        items, tools = listing.refine(request, items)
        values = {**selected, **tools}
        live = public_initiatives().child_of(self)
        areas = list(ReformArea.objects.all())
        provinces = self.provinces_with_initiatives(live)
        # The filter's tags and the list's total change only when a page is published, unpublished,
        # moved or deleted or its status changes: kept (core/fragments.py, exact) until then. Reading every
        # live initiative's tags and counting every one of them grew with the data (100,000 initiatives:
        # the count alone 81 ms). A text query is counted each time (the search index follows a
        # publication by a task).
        from core.fragments import cached_value

        tag_ids = cached_value("initiatives-index-tags", [self.pk], (), lambda: list(
            InitiativeTag.objects.filter(content_object__in=live).order_by().values_list("tag", flat=True).distinct()))
        tags = Tag.objects.filter(pk__in=tag_ids).order_by("name")
        count = None
        if not tools["q"]:
            count = cached_value("initiatives-index-count", [self.pk, selected["area"], selected["province"],
                                                              selected["tag"], tools["status"]], (), items.count)
        page = paginate(request, items, count=count)
        if count is None:
            page.object_list = list(page.object_list)  # the cards get their comparison links below
        else:
            # Which initiatives are on this page is kept too ("listing": the adopters' sort changes with
            # adoptions, rollout/page_invalidation.py): ordering every public initiative for the first 12 read the whole table.
            ids = cached_value("initiatives-index-ids", [self.pk, selected["area"], selected["province"],
                                                         selected["tag"], tools["status"], tools["sort"], page.number],
                               # the impact sort follows observations too ("rollout")
                               ["listing", "rollout"] if tools["sort"] == "hieu-qua-cao" else ["listing"],
                               lambda: list(page.object_list.values_list("pk", flat=True)))
            found = {item.pk: item for item in items.filter(pk__in=ids)}
            page.object_list = [found[pk] for pk in ids if pk in found]
        base_url = self.url or request.path
        names = {  # each chip names its field: "Tỉnh, thành phố: Đồng Tháp"
            "area": next((a.display_name for a in areas if a.slug == selected["area"]), selected["area"]),
            "province": next((p.name for p in provinces if p.key == selected["province"]), selected["province"]),
            "tag": next((t.name for t in tags if t.slug == selected["tag"]), selected["tag"]) if selected["tag"] else "",
        }
        labels = {
            "q": _("Từ khoá: “%(q)s”") % {"q": tools["q"]} if tools["q"] else "",
            "status": _("Trạng thái: %(s)s") % {"s": listing.status_label(tools["status"])} if tools["status"] else "",
            "area": _("Lĩnh vực: %(a)s") % {"a": names["area"]} if selected["area"] else "",
            "province": _("Tỉnh, thành phố: %(p)s") % {"p": names["province"]} if selected["province"] else "",
            "tag": _("Thẻ: %(t)s") % {"t": names["tag"]} if selected["tag"] else "",
        }
        context.update(
            initiatives=page,
            areas=areas,
            provinces=provinces,
            tags=tags,
            selected=values,
            statuses=listing.status_choices(),
            sorts=list(listing.SORTS.items()),
            sort=tools["sort"] or listing.DEFAULT_SORT,
            chips=listing.chips(base_url, values, labels),
            comparison=listing.comparison(base_url, values, page.object_list),
            filtered=any(values.get(k) for k in labels),
            # Pagination links keep the filters, the sort and the comparison picks.
            filter_query=listing.query_string(values),
        )
        return context


class InitiativePage(AsciiSlugMixin, ApplicationFields, Page):
    """A reform initiative or model (sáng kiến / mô hình), registered by the unit that invented it."""

    # A card's comparison link (public/listing.py sets them on the cards of a listing). The defaults
    # spare the template's failed lookups (an exception each) on the cards of other pages.
    in_comparison = False
    compare_href = ""

    summary = models.TextField(_("tóm tắt"), max_length=600)
    body = StreamField(BodyBlock(), verbose_name=_("nội dung"), blank=True)
    origin_unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị sáng kiến"),
                                    on_delete=models.PROTECT, related_name="initiatives")
    owning_office = models.CharField(_("cơ quan chủ trì"), max_length=200, blank=True,
                                     help_text=_("Ví dụ: UBND xã Long Khánh A, Phòng Y tế huyện"))
    reform_area = models.ForeignKey(ReformArea, verbose_name=_("lĩnh vực cải cách"), null=True,
                                    on_delete=models.PROTECT, related_name="initiatives")
    tags = ClusterTaggableManager(through=InitiativeTag, blank=True, verbose_name=_("thẻ"))
    target_groups = ParentalManyToManyField("initiatives.TargetGroup", blank=True,
                                            verbose_name=_("đối tượng thụ hưởng"))
    start_date = models.DateField(_("ngày bắt đầu"), null=True, blank=True)
    image = models.ForeignKey("wagtailimages.Image", verbose_name=_("ảnh đại diện"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    featured = models.BooleanField(_("nổi bật"), default=False)

    # Lifecycle: changed only through initiatives.actions, never by the edit form.
    status = models.CharField(_("trạng thái"), max_length=20, choices=InitiativeStatus.choices,
                              default=InitiativeStatus.DRAFT, db_index=True)
    recognition_level = models.CharField(_("cấp công nhận"), max_length=10, choices=RecognitionLevel.choices,
                                         blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    final_score = models.DecimalField(_("điểm thẩm định"), max_digits=6, decimal_places=2, null=True, blank=True)
    council_name = models.CharField(_("hội đồng công nhận"), max_length=200, blank=True)
    influence_scope = models.CharField(_("phạm vi ảnh hưởng"), max_length=10, choices=InfluenceScope.choices,
                                       blank=True)
    scope_decision_number = models.CharField(_("số quyết định phạm vi ảnh hưởng"), max_length=60, blank=True)
    scope_decision_date = models.DateField(_("ngày quyết định phạm vi ảnh hưởng"), null=True, blank=True)
    # The title (and the draft's title) folded: the admin's initiative chooser searches it without
    # diacritics ("khong hen" finds "không hẹn"); kept by save(), never edited.
    title_folded = models.CharField(max_length=520, blank=True, editable=False)

    base_form_class = InitiativePageForm
    parent_page_types = ["initiatives.InitiativeIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("origin_unit"), FieldPanel("owning_office"), FieldPanel("reform_area"),
             FieldPanel("start_date")],
            heading=_("Đơn vị và lĩnh vực"),
        ),
        FieldPanel("tags"),
        FieldPanel("target_groups"),
        FieldPanel("image"),
        FieldPanel("body"),
        InlinePanel("key_figures", label=_("Số liệu chính")),
        InlinePanel("sources", label=_("Nguồn")),
        application_panels(),
        MultiFieldPanel(
            [ReadOnlyPanel("status"), ReadOnlyPanel("recognition_level"),
             ReadOnlyPanel("decision_number"), ReadOnlyPanel("decision_date")],  # "—" when empty, dd/mm/yyyy
            heading=_("Trạng thái (đổi qua thao tác Gửi thẩm định / quyết định của hội đồng)"),
        ),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("featured")]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("owning_office"),
        index.FilterField("status"),
        index.FilterField("origin_unit"),
        index.FilterField("reform_area"),
        index.RelatedFields("origin_unit", [index.SearchField("name")]),
    ]

    class Meta:
        verbose_name = _("sáng kiến, mô hình")
        verbose_name_plural = _("sáng kiến, mô hình")

    # Lifecycle fields belong to the actions, not to page revisions: publishing or reverting a
    # revision must never roll a decision back.
    LIFECYCLE_FIELDS = ("status", "recognition_level", "decision_number", "decision_date", "final_score",
                        "council_name", "influence_scope", "scope_decision_number", "scope_decision_date")

    def save(self, *args, **kwargs):
        self.title_folded = fold_titles(self.title, self.draft_title)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"title", "draft_title"} & set(update_fields):
            kwargs["update_fields"] = [*update_fields, "title_folded"]
        return super().save(*args, **kwargs)

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        for field in self.LIFECYCLE_FIELDS:
            setattr(obj, field, getattr(self, field))
        return obj

    @property
    def status_string(self):
        """What the admin's page list, dashboard and choosers show as the page's status: the lifecycle
        ("Đã gửi thẩm định", "Được yêu cầu bổ sung"…), not Wagtail's draft/live word."""
        label = str(self.get_status_display())
        if self.live and self.has_unpublished_changes:
            return _("%(status)s · có bản sửa chưa công bố") % {"status": label}
        return label

    def permissions_for_user(self, user):
        from ..permissions import InitiativePermissionTester

        return InitiativePermissionTester(user, self)

    def public_application(self):
        """[(label, text)] of the application's public sections (never the confidential information)."""
        from .application import PUBLIC_APPLICATION_FIELDS

        rows = []
        for name in PUBLIC_APPLICATION_FIELDS:
            value = getattr(self, name)
            if value:
                rows.append((self._meta.get_field(name).verbose_name.capitalize(),
                             value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else value))
        return rows

    def attachments(self):
        """The documents attached in the body, in order, once each: [{document, kind, note}]. A plain
        document block counts as "Tài liệu khác". Whether a visitor may download one is the document
        server's rule (public initiative; see docs/security.md), not this list's."""
        from ..blocks import DOCUMENT_KINDS

        kinds = dict(DOCUMENT_KINDS)
        seen, rows = set(), []
        for block in self.body:
            if block.block_type == "document":
                document, kind, note = block.value, "other", ""
            elif block.block_type == "attachment":
                document, kind, note = block.value.get("document"), block.value.get("kind"), block.value.get("note")
            else:
                continue
            if document is None or document.pk in seen:
                continue
            seen.add(document.pk)
            size = document.file_size  # Wagtail records it on upload; a document made in code may lack it
            if size is None:
                try:
                    size = document.file.size
                except (OSError, ValueError):
                    size = None
            rows.append({"document": document, "kind": kinds.get(kind, kinds["other"]), "note": note or "",
                         "size": size})
        return rows

    @property
    def is_recognised(self):
        return self.status == InitiativeStatus.RECOGNISED

    def get_context(self, request, *args, **kwargs):
        from core.page_cache import tag_page

        tag_page(request, f"initiative:{self.pk}")  # rollout/page_invalidation.py names it on a write
        context = super().get_context(request, *args, **kwargs)
        # The unit with its parents in one query (communes are at most two levels below a province).
        context["unit"] = (AdministrativeUnit.objects.select_related("parent", "parent__parent")
                           .filter(pk=self.origin_unit_id).first())
        context["key_figures"] = self.key_figures.all()
        context["sources"] = self.sources.all()
        context["tag_list"] = self.tags.all()
        context["target_group_list"] = self.target_groups.all()
        context["attachments"] = self.attachments()
        context["public_authors"] = [a for a in self.authors.all() if a.public_consent] if self.is_recognised else []
        context["application"] = self.public_application()
        context["history"] = (self.status_changes.exclude(to_status=InitiativeStatus.DRAFT)
                              .order_by("created_at", "pk"))
        return context


class KeyFigure(Orderable):
    """A figure the initiative's source reports (e.g. 98,9% of dossiers on time)."""

    page = ParentalKey(InitiativePage, on_delete=models.CASCADE, related_name="key_figures")
    label = models.CharField(_("chỉ tiêu"), max_length=200)
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("đơn vị tính"), max_length=30, blank=True, help_text=_("%, hồ sơ, ngày, điểm…"))
    period = models.CharField(_("kỳ"), max_length=60, blank=True, help_text=_("Ví dụ: Năm 2023"))

    panels = [FieldPanel("label"), FieldPanel("value"), FieldPanel("unit"), FieldPanel("period")]

    class Meta(Orderable.Meta):
        verbose_name = _("số liệu chính")


class InitiativeSource(Orderable):
    """Where the facts come from: a news report, a decision, a plan."""

    page = ParentalKey(InitiativePage, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(_("tiêu đề"), max_length=300)
    publisher = models.CharField(_("nơi phát hành"), max_length=200, blank=True)
    published_on = models.DateField(_("ngày phát hành"), null=True, blank=True)
    url = models.URLField(_("địa chỉ"), blank=True)
    decision_number = models.CharField(_("số văn bản"), max_length=60, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    panels = [FieldPanel("title"), FieldPanel("publisher"), FieldPanel("published_on"), FieldPanel("url"),
              FieldPanel("decision_number"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("nguồn")
