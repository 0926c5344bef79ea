"""URL patterns for a proposal's files (attachments, thumbnails, the PDF); included by submissions/urls.py."""

urlpatterns: list = []
