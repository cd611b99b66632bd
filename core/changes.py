"""The public change events: one signal, `public_changed`, sent whenever something a public page shows
may have changed, saying what changed. Caches of public content listen to it and to nothing else: the
home page's headline figures (home/figures.py) and the public page cache (core/page_cache.py). A
write that sends no event (shell, raw SQL) is only bounded by each cache's TTL.

    public_changed.send(sender, kind=…, instance=…)

`kind` is one of KINDS; `instance` is the object concerned when there is one (the page, the
adoption…), else None. Who sends what:

- core (this module): Wagtail's page events — a page published, unpublished, moved or deleted
  (kind "page", instance the page);
- initiatives (apps.py): its `status_changed` signal — submitted, recognised, returned…, appraisal
  decisions too (kind "status");
- rollout (apps.py): `adoption_changed` and `observation_recorded`, from the actions and the imports,
  sent on commit (kinds "adoption", "observation");
- campaigns (apps.py): its tasks that changed something (points recorded, leaderboard refreshed,
  badges awarded: they write in bulk or raw SQL, so no model signal fires) and an Award or BadgeAward
  saved or deleted one by one (kind "campaign").

Each app announces its own events, so this module imports no app of ours.
"""

from django.dispatch import Signal

PAGE = "page"
STATUS = "status"
ADOPTION = "adoption"
OBSERVATION = "observation"
CAMPAIGN = "campaign"
KINDS = (PAGE, STATUS, ADOPTION, OBSERVATION, CAMPAIGN)

public_changed = Signal()  # kwargs: kind (one of KINDS), instance (or None)


def announce(kind, instance=None, sender=None):
    """Send `public_changed` for `kind` (and the object concerned, if any)."""
    if kind not in KINDS:
        raise ValueError(f"unknown public change kind: {kind!r}")
    public_changed.send(sender=sender if sender is not None else kind, kind=kind, instance=instance)


def relay(signal, kind, uid):
    """Announce `kind` each time `signal` is sent (an app's own signal becomes a public change)."""

    def on_signal(sender=None, **kwargs):
        announce(kind, sender=sender)

    signal.connect(on_signal, weak=False, dispatch_uid=f"public_changed.{uid}")


def connect_page_events():
    """Wagtail's page events as public changes (kind "page"); connected once in CoreConfig.ready()."""
    from django.db.models.signals import post_delete
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    def on_page(sender=None, instance=None, **kwargs):
        if isinstance(instance, Page):
            announce(PAGE, instance=instance, sender=sender)

    for name, signal in (("page_published", page_published), ("page_unpublished", page_unpublished),
                         ("post_page_move", post_page_move), ("page_deleted", post_delete)):
        signal.connect(on_page, weak=False, dispatch_uid=f"public_changed.{name}")


def connect_public_changes(receiver, uid, *, page_types=None, kinds=KINDS):
    """Call `receiver()` (no arguments) after each public change of one of `kinds`; a page event only
    when the page is one of `page_types` (default: any page). `uid` is the dispatch uid, so connecting
    twice (tests, autoreload) connects once."""
    kinds = frozenset(kinds)

    def on_change(sender=None, kind=None, instance=None, **kwargs):
        if kind not in kinds:
            return
        if kind == PAGE and page_types is not None and not isinstance(instance, tuple(page_types)):
            return
        receiver()

    public_changed.connect(on_change, weak=False, dispatch_uid=uid)
