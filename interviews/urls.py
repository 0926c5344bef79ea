from django.urls import path

from interviews import field_views, views

app_name = "interviews"

urlpatterns = [
    path("jadwal/", views.schedule, name="schedule"),
    path("jadwal/<int:pk>/", views.interview, name="interview"),
    path("jadwal/<int:pk>/jawab/", views.answer, name="answer"),
    path("jadwal/<int:pk>/materi/", views.materials, name="materials"),
    path("jadwal/<int:pk>/kalender.ics", views.calendar, name="calendar"),
    path("jadwal/<int:pk>/berkas/<str:kind>/", views.material, name="material"),
    path("panel/", views.panel, name="panel"),
    path("kelola/<slug:slug>/", views.slots, name="slots"),
    path("kelola/<slug:slug>/otomatis/", views.assign, name="assign"),
    path("kelola/<slug:slug>/<int:pk>/pindah/", views.move, name="move"),
    path("kelola/<slug:slug>/<int:pk>/kehadiran/", views.attendance, name="attendance"),
    path("kelola/<slug:slug>/nilai-akhir/", views.final, name="final"),
    path("kelola/<slug:slug>/nilai-akhir.csv", views.final_csv, name="final_csv"),
    path("kelola/<slug:slug>/nilai-akhir/pemenang/", views.draft_winners, name="draft_winners"),
    path("kelola/<slug:slug>/verifikasi/", field_views.visits, name="field_visits"),
    path("kelola/<slug:slug>/verifikasi/<int:proposal_pk>/", field_views.plan, name="field_plan"),
    path("verifikasi/", field_views.mine, name="field_mine"),
    path("verifikasi/<int:pk>/", field_views.visit, name="field_visit"),
    path("verifikasi/<int:pk>/tanda-tangan/", field_views.sign_off, name="field_sign_off"),
    path("verifikasi/<int:pk>/foto/<int:photo_pk>/", field_views.photo, name="field_photo"),
    path("verifikasi/<int:pk>/foto/<int:photo_pk>/hapus/", field_views.remove_photo, name="field_remove_photo"),
]
