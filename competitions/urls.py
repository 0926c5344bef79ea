from django.urls import path

from competitions import views

app_name = "competitions"

urlpatterns = [
    path("", views.edition_list, name="list"),
    path("<slug:slug>/", views.edition_detail, name="detail"),
    path("<slug:slug>/dokumen/<int:pk>/", views.document_download, name="document"),
    path("<slug:slug>/pengumuman/<int:pk>/surat/", views.announcement_letter, name="announcement_letter"),
]
