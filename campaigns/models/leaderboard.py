from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from units.models import AdministrativeUnit


class PeerGroup(models.Model):
    """Units that compete with each other (urban wards, rural communes, border communes…)."""

    name = models.CharField(_("tên nhóm"), max_length=120)
    slug = models.SlugField(_("mã đường dẫn"), unique=True)
    description = models.CharField(_("mô tả"), max_length=300, blank=True)
    units = models.ManyToManyField(AdministrativeUnit, verbose_name=_("đơn vị"), blank=True, related_name="peer_groups")

    class Meta:
        verbose_name = _("nhóm đơn vị tương đồng")
        verbose_name_plural = _("nhóm đơn vị tương đồng")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Movement(models.TextChoices):
    UP = "up", _("Tăng hạng")
    DOWN = "down", _("Giảm hạng")
    SAME = "same", _("Giữ hạng")
    NEW = "new", _("Mới")


class LeaderboardRow(models.Model):
    """One unit on one board of a campaign: the overall board (peer_group empty) or a peer group's.
    Written only by campaigns.leaderboard.refresh_leaderboard; page views read these rows."""

    campaign = models.ForeignKey("campaigns.CampaignPage", on_delete=models.CASCADE, related_name="leaderboard_rows")
    peer_group = models.ForeignKey(PeerGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE, related_name="+")
    province = models.ForeignKey(AdministrativeUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=10, db_index=True)
    points = models.IntegerField(default=0)
    rank = models.PositiveIntegerField()
    position = models.PositiveIntegerField(help_text="display order: rank, then unit name, then code")
    previous_rank = models.PositiveIntegerField(null=True, blank=True)
    movement = models.CharField(max_length=4, choices=Movement.choices, default=Movement.NEW)
    # The period (YYYY-MM) the previous_rank belongs to; movement is measured against the last period.
    period = models.CharField(max_length=7)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], condition=Q(peer_group__isnull=True),
                                    name="leaderboard_overall_unique"),
            models.UniqueConstraint(fields=["campaign", "peer_group", "unit"], condition=Q(peer_group__isnull=False),
                                    name="leaderboard_peer_unique"),
        ]
        indexes = [models.Index(fields=["campaign", "peer_group", "position"])]

    @property
    def rank_change(self):
        return None if self.previous_rank is None else self.previous_rank - self.rank
