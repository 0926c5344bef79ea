from django.urls import path

from jury.views import juror, secretariat

app_name = "jury"

urlpatterns = [
    path("", juror.queue, name="queue"),
    path("<int:round_pk>/<int:proposal_pk>/", juror.score, name="score"),
    path("<int:round_pk>/<int:proposal_pk>/nilai/<int:criterion_pk>/", juror.score_save, name="score_save"),
    path("<int:round_pk>/<int:proposal_pk>/komentar/", juror.comment_save, name="comment_save"),
    path("<int:round_pk>/<int:proposal_pk>/kirim/", juror.submit, name="submit"),
    path("<int:round_pk>/<int:proposal_pk>/konflik/", juror.recuse, name="recuse"),
    path("<int:round_pk>/<int:proposal_pk>/pdf/", juror.proposal_pdf, name="pdf"),
    path("<int:round_pk>/<int:proposal_pk>/lampiran/<int:attachment_pk>/", juror.attachment, name="attachment"),
    path("kelola/", secretariat.rounds, name="rounds"),
    path("kelola/<int:pk>/penugasan/", secretariat.assignments, name="assignments"),
    path("kelola/<int:pk>/penugasan/otomatis/", secretariat.assign_auto, name="assign_auto"),
    path("kelola/<int:pk>/penugasan/tambah/", secretariat.assign_add, name="assign_add"),
    path("kelola/<int:pk>/penugasan/pindah/", secretariat.assign_move, name="assign_move"),
    path("kelola/<int:pk>/penugasan/impor/", secretariat.assign_import, name="assign_import"),
    path("kelola/<int:pk>/penugasan/<int:assignment_pk>/hapus/", secretariat.assign_remove, name="assign_remove"),
    path("kelola/<int:pk>/penugasan/tinjauan-tambahan/", secretariat.assign_flagged, name="assign_flagged"),
    path("kelola/<int:pk>/kemajuan/", secretariat.progress, name="progress"),
    path("kelola/<int:pk>/kemajuan/pengingat/", secretariat.remind, name="remind"),
    path("kelola/<int:pk>/peringkat/", secretariat.ranking, name="ranking"),
    path("kelola/<int:pk>/peringkat/unduh.<str:fmt>", secretariat.ranking_export, name="ranking_export"),
    path("kelola/<int:pk>/peringkat/nominasi/", secretariat.nominate, name="nominate"),
    path("kelola/<int:pk>/peringkat/konfirmasi/", secretariat.confirm, name="confirm"),
    path("kelola/<int:pk>/usulan/<int:proposal_pk>/", secretariat.proposal_reviews, name="proposal_reviews"),
]
