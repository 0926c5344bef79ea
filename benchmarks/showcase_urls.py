"""The project's URLs plus /bench/bare/, the baseline the benchmark compares the showcase with.
Used only by benchmarks/showcase.py (through benchmarks.showcase_settings), never in production."""

from django.http import HttpResponse
from django.urls import path

from sinovik.urls import urlpatterns as project_urlpatterns


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *project_urlpatterns]
