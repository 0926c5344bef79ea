from django.urls import path

from agencies import views

app_name = "agencies"

urlpatterns = [
    path("", views.agency_list, name="list"),
    path("daftar/", views.register, name="register"),
    path("daftar/terkirim/", views.register_done, name="register_done"),
    path("daftar/konfirmasi/<str:token>/", views.confirm_request, name="confirm_request"),
    path("permohonan/", views.request_queue, name="request_queue"),
    path("permohonan/<int:pk>/", views.request_detail, name="request_detail"),
    path("permohonan/<int:pk>/surat/", views.request_letter, name="request_letter"),
    path("permohonan/<int:pk>/verifikasi/", views.request_verify, name="request_verify"),
    path("permohonan/<int:pk>/tolak/", views.request_reject, name="request_reject"),
    path("undangan/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("<int:pk>/", views.agency_detail, name="detail"),
    path("<int:pk>/upp/baru/", views.unit_create, name="unit_create"),
    path("<int:pk>/upp/impor/", views.unit_import, name="unit_import"),
    path("<int:pk>/upp/<int:unit_pk>/ubah/", views.unit_update, name="unit_update"),
    path("<int:pk>/upp/<int:unit_pk>/status/", views.unit_set_active, name="unit_set_active"),
    path("<int:pk>/anggota/undang/", views.member_invite, name="member_invite"),
    path("<int:pk>/anggota/<int:membership_pk>/nonaktifkan/", views.member_deactivate, name="member_deactivate"),
]
