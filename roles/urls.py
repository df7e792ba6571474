from django.urls import path

from . import views

app_name = "roles"

urlpatterns = [
    path("", views.home, name="home"),
    path("roles/", views.role_list, name="list"),
    path("roles/<slug:slug>/", views.role_detail, name="detail"),
    path("compare/", views.compare, name="compare"),
    path("career-path/", views.career_path, name="career_path"),
    path("data/", views.data, name="data"),
    path("data/roles.json", views.data_roles, name="data_roles"),
    path("data/salaries.csv", views.data_salaries, name="data_salaries"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
]
