from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("", views.directory_view, name="directory"),
    path("mine/", views.my_organisation, name="mine"),
    path("<slug:slug>/", views.detail_view, name="detail"),
]
