"""Beat schedule of campaigns; the lead merges it into settings:
    from campaigns.celery_schedule import CAMPAIGNS_BEAT_SCHEDULE
    CELERY_BEAT_SCHEDULE.update(CAMPAIGNS_BEAT_SCHEDULE)
"""

from celery.schedules import crontab

CAMPAIGNS_BEAT_SCHEDULE = {
    "campaigns-refresh-leaderboards": {
        "task": "campaigns.tasks.refresh_all_leaderboards",
        "schedule": crontab(minute="*/30"),
    },
    "campaigns-evaluate-badges": {
        "task": "campaigns.tasks.evaluate_all_badges",
        "schedule": crontab(hour=2, minute=15),
    },
}
