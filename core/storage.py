"""Private files: kept outside MEDIA_ROOT, under PRIVATE_MEDIA_ROOT (var/private by default), which no
URL serves (not the dev server's /media/, not the web server's). Uploaded import spreadsheets live
here (rollout.ImportJob.file); they are read by the import task and never linked.

The location is read from the settings at each use, so tests (and a deployment) may move it."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)

    @property
    def base_location(self):
        return Path(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Private files have no URL.")


def private_storage():
    """The storage of private uploads (a callable, so migrations name it rather than copy it)."""
    return PrivateStorage()
