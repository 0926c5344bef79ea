"""Settings for benchmarks/showcase.py only: the project's settings, plus a URL conf with a bare view
to measure against, and static files served from the finders (no collectstatic needed)."""

import os
import warnings

from sinovik.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.showcase_urls"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

# 0 turns the showcase cache off, to measure what every request costs when it renders.
SHOWCASE_PAGE_CACHE_SECONDS = int(os.environ.get("SHOWCASE_PAGE_CACHE_SECONDS", "300"))

# Static files come from the finders here; WhiteNoise's note about the missing STATIC_ROOT is noise.
warnings.filterwarnings("ignore", message="No directory at")
