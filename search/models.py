"""The search layer's own tables.

`SearchEntry` is a denormalised copy of each live initiative, kept true by Celery tasks
(search/tasks.py). The database backend queries it directly; the Elasticsearch backend builds its
documents from it, so the denormalisation lives in one place (search/indexing.py).
`Synonym` is editable data (a snippet): abbreviations of the field expanded at query time.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .text import split_variants, words


class Synonym(models.Model):
    """A group of equivalent spellings, e.g. "TTHC" = "thủ tục hành chính"."""

    terms = models.TextField(
        _("các cách viết tương đương"),
        help_text=_("Mỗi dòng (hoặc cách nhau bằng dấu phẩy) một cách viết, ví dụ: TTHC / thủ tục hành chính."))
    note = models.CharField(_("ghi chú"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("từ đồng nghĩa")
        verbose_name_plural = _("từ đồng nghĩa")
        ordering = ["pk"]

    def __str__(self):
        return " = ".join(split_variants(self.terms))

    @property
    def folded_variants(self):
        """Each variant as folded words, e.g. [("tthc",), ("thu", "tuc", "hanh", "chinh")]."""
        seen, out = set(), []
        for variant in split_variants(self.terms):
            key = tuple(words(variant, folded=True))
            if key and key not in seen:
                seen.add(key)
                out.append(key)
        return out


class SearchEntry(models.Model):
    """One row per live initiative. *_folded / *_exact columns hold ' word word | word ' strings
    (lower case, punctuation removed, folded or with diacritics kept) so that whole-word and
    phrase matching is a LIKE '% w1 w2 %' on both SQLite and PostgreSQL, with the same result."""

    initiative = models.OneToOneField("initiatives.InitiativePage", on_delete=models.CASCADE,
                                      primary_key=True, related_name="search_entry")
    url = models.CharField(max_length=500, blank=True)
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    body_text = models.TextField(blank=True)
    # Matching columns (see class docstring).
    title_folded = models.TextField(blank=True)
    text_folded = models.TextField(blank=True, help_text="title | summary | body | units | area | tags")
    title_exact = models.TextField(blank=True)
    text_exact = models.TextField(blank=True)
    # Origin unit and its ancestors.
    unit = models.ForeignKey("units.AdministrativeUnit", null=True, on_delete=models.SET_NULL, related_name="+")
    unit_name = models.CharField(max_length=120, blank=True)
    unit_level = models.CharField(max_length=10, blank=True, db_index=True)
    district_id_ref = models.BigIntegerField(null=True, blank=True)
    district_name = models.CharField(max_length=120, blank=True)
    province_key = models.CharField(max_length=16, blank=True, db_index=True)
    province_name = models.CharField(max_length=120, blank=True)
    unit_names = models.TextField(blank=True, help_text="unit and ancestors, for suggestions")
    unit_names_folded = models.TextField(blank=True)
    reform_area_slug = models.CharField(max_length=80, blank=True, db_index=True)
    reform_area_name = models.CharField(max_length=120, blank=True)
    tag_names = models.TextField(blank=True, help_text="comma separated")
    status = models.CharField(max_length=20, blank=True, db_index=True)
    recognition_level = models.CharField(max_length=10, blank=True, db_index=True)
    adoption_count = models.PositiveIntegerField(default=0)
    final_score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    start_date = models.DateField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mục chỉ mục tìm kiếm")
        verbose_name_plural = _("chỉ mục tìm kiếm")

    def __str__(self):
        return self.title

    @property
    def tag_list(self):
        return [t for t in self.tag_names.split(",") if t]


class FacetKind(models.TextChoices):
    TAG = "tag", _("Thẻ")
    CAMPAIGN = "campaign", _("Phong trào thi đua")


class SearchFacetValue(models.Model):
    """Multi-valued facets (tags, campaigns) of an entry: one row each, so counts are a GROUP BY."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="facet_values")
    kind = models.CharField(max_length=10, choices=FacetKind.choices)
    value = models.CharField(max_length=120)
    label = models.CharField(max_length=255, blank=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "value"])]
        constraints = [models.UniqueConstraint(fields=["entry", "kind", "value"], name="search_facet_unique")]


class ElasticRebuild(models.Model):
    """One `search_index --rebuild` of the Elasticsearch index. While one runs, index updates are both
    written through the alias (the old index, so searches stay fresh) and queued (QueuedIndexUpdate);
    after the alias moves to the new index the queue is replayed into it, so an update made during the
    rebuild (an unpublish, say) is not lost at the swap."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Đang chạy")
        DONE = "done", _("Xong")
        FAILED = "failed", _("Thất bại")

    index_name = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING, db_index=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    documents = models.PositiveIntegerField(default=0)
    replayed = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("lần xây dựng lại chỉ mục Elasticsearch")
        verbose_name_plural = _("các lần xây dựng lại chỉ mục Elasticsearch")
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.index_name} ({self.get_status_display()})"


class QueuedIndexUpdate(models.Model):
    """An initiative whose index entry changed during a rebuild: replayed into the new index after the
    swap (re-read from SearchEntry, so the replay writes the current state, or deletes it)."""

    initiative_id = models.BigIntegerField(primary_key=True)
    queued_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cập nhật chỉ mục chờ phát lại")
        verbose_name_plural = _("cập nhật chỉ mục chờ phát lại")
