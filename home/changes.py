"""The events that change what the public pages show, listed once. Both caches of public content
listen here: the home page's headline figures (home/figures.py) and the public page cache
(home/page_cache.py). A write that bypasses these events (shell, raw SQL, a queryset .update() such
as an award confirmed or revoked) is only bounded by each cache's TTL.

- initiatives.actions.status_changed: submitted, recognised, returned… (appraisal decisions too);
- rollout.signals.adoption_changed and observation_recorded (actions and imports, sent on commit);
- Wagtail: a page published, unpublished, moved or deleted (`page_types` narrows to some classes);
- with `campaigns=True`: a campaigns Celery task that changed something (points recorded, leaderboard
  refreshed, badges awarded: these write in bulk or in raw SQL, so no model signal fires), and an
  Award or BadgeAward saved or deleted one by one (admin).
"""

CAMPAIGN_TASKS = "campaigns.tasks."


def connect_public_changes(receiver, uid, *, page_types=None, campaigns=False):
    """Call `receiver()` (no arguments) after each event above. `uid` prefixes the dispatch uids, so
    connecting twice (tests, autoreload) connects once."""
    from django.db.models.signals import post_delete
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from initiatives.actions import recognition_changed, status_changed
    from rollout.signals import adoption_changed, observation_recorded

    page_types = tuple(page_types or (Page,))

    def on_event(sender=None, **kwargs):
        receiver()

    def on_page(sender=None, instance=None, **kwargs):
        if isinstance(instance, page_types):
            receiver()

    for name, signal in (("status_changed", status_changed), ("recognition_changed", recognition_changed),
                         ("adoption_changed", adoption_changed),
                         ("observation_recorded", observation_recorded)):
        signal.connect(on_event, weak=False, dispatch_uid=f"{uid}.{name}")
    for name, signal in (("page_published", page_published), ("page_unpublished", page_unpublished),
                         ("post_page_move", post_page_move), ("page_deleted", post_delete)):
        signal.connect(on_page, weak=False, dispatch_uid=f"{uid}.{name}")
    if campaigns:
        _connect_campaigns(on_event, uid)


def _connect_campaigns(on_event, uid):
    from celery.signals import task_postrun
    from django.db.models.signals import post_delete, post_save

    from campaigns.models import Award, BadgeAward

    def on_task(sender=None, retval=None, state=None, **kwargs):
        # Tasks return what they changed (entries, rows, awards); 0 means nothing did.
        if getattr(sender, "name", "").startswith(CAMPAIGN_TASKS) and state == "SUCCESS" and retval != 0:
            on_event()

    task_postrun.connect(on_task, weak=False, dispatch_uid=f"{uid}.campaign_tasks")
    for model in (Award, BadgeAward):
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(on_event, sender=model, weak=False, dispatch_uid=f"{uid}.{model.__name__}.{name}")
