"""URL patterns for a proposal's files (attachments, thumbnails, the PDF); included by submissions/urls.py."""

from django.urls import path

from submissions import file_views

urlpatterns = [
    path("<int:pk>/lampiran/", file_views.attachment_panel, name="attachments"),
    path("<int:pk>/lampiran/jenis/<int:type_pk>/", file_views.attachment_upload, name="attachment_upload"),
    path("<int:pk>/lampiran/bagian/<int:section_pk>/", file_views.evidence_upload, name="evidence_upload"),
    path("<int:pk>/lampiran/<int:attachment_pk>/ganti/", file_views.attachment_replace, name="attachment_replace"),
    path("<int:pk>/lampiran/<int:attachment_pk>/hapus/", file_views.attachment_delete, name="attachment_delete"),
    path("<int:pk>/lampiran/<int:attachment_pk>/unduh/", file_views.attachment_file, name="attachment_file"),
    path(
        "<int:pk>/lampiran/<int:attachment_pk>/miniatur/", file_views.attachment_thumbnail, name="attachment_thumbnail"
    ),
    path("<int:pk>/pdf/", file_views.proposal_pdf, name="pdf"),
]
