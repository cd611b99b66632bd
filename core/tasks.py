from celery import shared_task


@shared_task(name="nhanrong.ping")
def ping():
    """Round trip through the broker and a worker; used by `manage.py check_services`."""
    return "pong"
