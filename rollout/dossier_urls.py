from django.urls import path

from . import dossier_views

app_name = "dossier"
urlpatterns = [
    path("ho-so-nhan-rong/<int:page_id>/", dossier_views.dossier_page, name="page"),
    path("ho-so-nhan-rong/<int:page_id>.pdf", dossier_views.dossier_download, name="pdf"),
]
