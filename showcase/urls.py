from django.urls import path

from showcase import views

app_name = "showcase"

urlpatterns = [
    path("", views.index, name="index"),
    path("statistik/", views.statistics, name="statistics"),
    path("data.csv", views.export_csv, name="export_csv"),
    path("data.json", views.export_json, name="export_json"),
    path("api/", views.api_docs, name="api_docs"),
    path("api/openapi.json", views.api_schema, name="api_schema"),
    path("api/v1/inovasi/", views.api_list, name="api_list"),
    path("api/v1/inovasi/<int:pk>/", views.api_detail, name="api_detail"),
    path("foto/<int:pk>.jpg", views.photo, name="photo"),
    path("foto/<int:pk>/kecil.jpg", views.photo_thumbnail, name="photo_thumbnail"),
    path("<int:pk>-<slug:slug>/", views.detail, name="detail"),
]
