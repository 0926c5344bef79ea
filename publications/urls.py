from django.urls import path

from publications import views

app_name = "publications"

urlpatterns = [
    path("", views.index, name="index"),
    path("edisi/<slug:slug>/", views.manage, name="manage"),
    path("edisi/<slug:slug>/buku/baru/", views.book_create, name="book_create"),
    path("edisi/<slug:slug>/sertifikat/buat/", views.certificates_generate, name="certificates_generate"),
    path("edisi/<slug:slug>/sertifikat/status/", views.certificates_status, name="certificates_status"),
    path("buku/<int:pk>.pdf", views.book_download, name="book_download"),
    path("buku/<int:pk>/ubah/", views.book_edit, name="book_edit"),
    path("buku/<int:pk>/buat/", views.book_generate, name="book_generate"),
    path("buku/<int:pk>/status/", views.book_status, name="book_status"),
    path("sertifikat/", views.verify_lookup, name="verify_lookup"),
    path("sertifikat/saya/", views.my_certificates, name="my_certificates"),
    path("sertifikat/<int:pk>.pdf", views.certificate_download, name="certificate_download"),
    path("sertifikat/<int:pk>/cabut/", views.certificate_revoke, name="certificate_revoke"),
    path("sertifikat/<str:code>/", views.verify, name="verify"),
]
