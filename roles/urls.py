from django.urls import path

from . import views

app_name = "roles"

urlpatterns = [
    path("", views.home, name="home"),
    path("roles/<slug:slug>/", views.role_detail, name="detail"),
]
