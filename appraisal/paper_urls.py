from django.urls import path

from . import paper_views

app_name = "recognition_papers"
urlpatterns = [path("giay-to/bien-ban/<int:entry_id>.pdf", paper_views.minutes, name="minutes")]
