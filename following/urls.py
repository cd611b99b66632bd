from django.urls import path

from . import views

app_name = "following"

urlpatterns = [
    path("theo-doi/", views.follow, name="follow"),
    path("theo-doi/xac-nhan/<str:token>/", views.confirm, name="confirm"),
    path("theo-doi/huy/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("ap-dung-mo-hinh/<int:pk>/", views.contact, name="contact"),
]
