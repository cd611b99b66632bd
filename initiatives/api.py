"""Read-only JSON under /api/v1/ for this app (django-ninja router, mounted in config/api.py)."""

from ninja import Router

router = Router(tags=["initiatives"])
