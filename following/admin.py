"""The subscriptions in the Django admin, read-only, the address masked: an administrator sees how
many follow what, never who."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Subscription, UnitContact


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("masked", "kind", "target_label", "status", "created_at", "confirmed_at", "digests_sent")
    list_filter = ("status", "kind")
    fields = ("masked", "kind", "target_label", "status", "created_at", "confirmed_at", "unsubscribed_at",
              "digest_since", "digests_sent")
    readonly_fields = fields
    search_fields = ()  # searching by address would tell whether an address follows something

    @admin.display(description=_("thư điện tử"))
    def masked(self, obj):
        return obj.masked_email

    @admin.display(description=_("theo dõi"))
    def target_label(self, obj):
        target = obj.target
        return getattr(target, "title", None) or getattr(target, "name", "")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("initiative", "unit", "campaign")


@admin.register(UnitContact)
class UnitContactAdmin(admin.ModelAdmin):
    list_display = ("unit", "office", "phone")
    search_fields = ("unit__name", "office")
    raw_id_fields = ("unit",)
