from django.urls import include, path

app_name = "submissions"

urlpatterns = [
    path("", include("submissions.file_urls")),
]
