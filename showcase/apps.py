from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowcaseConfig(AppConfig):
    name = "showcase"
    verbose_name = _("Showcase")

    def ready(self) -> None:
        # Typo-tolerant search (showcase.search) uses pg_trgm's word-similarity operator. The lookup is
        # registered on the two searched fields only, so the project need not install
        # django.contrib.postgres; on SQLite it is simply never used.
        from django.contrib.postgres.lookups import TrigramWordSimilar

        from showcase.models import PublicProfile

        for name in ("title", "agency_name"):
            PublicProfile._meta.get_field(name).register_lookup(TrigramWordSimilar)
