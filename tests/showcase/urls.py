"""The project's URLs plus the root-level sitemap.xml and robots.txt, as sinovik/urls.py is to wire them."""

from django.urls import path

from showcase import views as showcase_views
from sinovik.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("sitemap.xml", showcase_views.sitemap, name="sitemap"),
    path("robots.txt", showcase_views.robots_txt, name="robots_txt"),
    *project_urlpatterns,
]
