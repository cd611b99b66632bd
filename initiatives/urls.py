from django.urls import path

from . import paper_views

app_name = "recognition_public"
urlpatterns = [
    path("giay-to/bien-nhan/<int:page_id>.pdf", paper_views.receipt, name="receipt"),
    path("giay-to/chung-nhan/<int:page_id>.pdf", paper_views.certificate, name="certificate"),
    path("xac-minh/sang-kien/<int:page_id>/", paper_views.verify, name="verify"),
]
