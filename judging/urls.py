from django.urls import path

from judging.views import decisions, objections, screening

app_name = "judging"

urlpatterns = [
    path("", screening.index, name="index"),
    path("<slug:slug>/seleksi/", screening.queue, name="queue"),
    path("<slug:slug>/seleksi/periksa/", screening.run_checks, name="run_checks"),
    path("<slug:slug>/seleksi/keputusan-massal/", screening.bulk_decide, name="bulk_decide"),
    path("<slug:slug>/seleksi/usulan/<int:pk>/", screening.proposal_screening, name="proposal"),
    path("<slug:slug>/seleksi/usulan/<int:pk>/keputusan/", screening.decide, name="decide"),
    path("<slug:slug>/seleksi/kemiripan/<int:pk>/", screening.pair_detail, name="pair"),
    path("<slug:slug>/seleksi/umumkan/", screening.publish, name="publish"),
    path("<slug:slug>/seleksi/umumkan/ulang/", screening.publish_retry, name="publish_retry"),
    path("<slug:slug>/hasil-seleksi/", screening.agency_results, name="agency_results"),
    path("<slug:slug>/finalis/", decisions.shortlists, name="shortlists"),
    path("<slug:slug>/finalis/draf/<int:pk>/", decisions.shortlist, name="shortlist"),
    path("<slug:slug>/finalis/draf/<int:pk>/ubah/", decisions.shortlist_override, name="shortlist_override"),
    path("<slug:slug>/finalis/umumkan-pemenang/", decisions.publish_winners, name="publish_winners"),
    path("<slug:slug>/finalis/draf/<int:pk>/tetapkan/", decisions.shortlist_apply, name="shortlist_apply"),
    path("<slug:slug>/uji-publik/", objections.finalists, name="objection_finalists"),
    path("<slug:slug>/uji-publik/finalis/<int:pk>/keberatan/", objections.objection_new, name="objection_new"),
    path("<slug:slug>/uji-publik/terkirim/", objections.objection_sent, name="objection_sent"),
    path("<slug:slug>/uji-publik/hasil/", objections.objection_log, name="objection_log"),
    path("uji-publik/konfirmasi/<str:token>/", objections.objection_confirm, name="objection_confirm"),
    path("<slug:slug>/keberatan/", objections.objections, name="objections"),
    path("<slug:slug>/keberatan/<int:pk>/", objections.objection, name="objection"),
    path("<slug:slug>/keberatan/<int:pk>/bukti/", objections.objection_evidence, name="objection_evidence"),
    path("<slug:slug>/keberatan/<int:pk>/putuskan/", objections.objection_decide, name="objection_decide"),
    path("<slug:slug>/keberatan-instansi/", objections.agency_objections, name="agency_objections"),
]
