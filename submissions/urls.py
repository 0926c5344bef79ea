from django.urls import include, path

from submissions import views

app_name = "submissions"

urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("baru/<slug:slug>/", views.proposal_start, name="start"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/ubah/", views.proposal_edit, name="edit"),
    path("<int:pk>/identitas/", views.identification_save, name="identification_save"),
    path("<int:pk>/bagian/<int:section_pk>/", views.section_save, name="section_save"),
    path("<int:pk>/kirim/", views.proposal_submit, name="submit"),
    path("<int:pk>/tarik/", views.proposal_withdraw, name="withdraw"),
    path("<int:pk>/tinjau/", views.proposal_review, name="review"),
    path("", include("submissions.file_urls")),
]
