"""Public feeds (public/feeds.py), included at the site root by config/urls.py."""

from django.urls import path

from . import feeds

app_name = "feeds"

urlpatterns = [
    path("nguon-tin/don-vi/<str:key>/sang-kien.atom", feeds.UnitInitiativesFeed(), name="unit_initiatives"),
    path("nguon-tin/cong-nhan.atom", feeds.RecognitionsFeed(), name="recognitions"),
    path("nguon-tin/sang-kien/<int:pk>/nhan-rong.atom", feeds.InitiativeAdoptionsFeed(), name="initiative_adoptions"),
    path("nguon-tin/thi-dua/<slug:slug>/khen-thuong.atom", feeds.CampaignAwardsFeed(), name="campaign_awards"),
]
