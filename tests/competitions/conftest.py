import pytest
from django.utils import translation

from tests.competitions import factories


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded documents of a test never land in the project's media folder.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _indonesian_by_default():
    # A request to /en/ leaves English active in this thread; reverse() and gettext in the next
    # test would then speak English. Start every test in the site's default language.
    translation.activate("id")
    yield
    translation.deactivate()


@pytest.fixture
def edition(secretariat):
    """A published edition of the secretariat fixture's organiser, with no stages yet."""
    organiser = secretariat.organiser_memberships.get().organiser
    return factories.EditionFactory(organiser=organiser, slug="kipp-2026", year=2026)


@pytest.fixture
def group(edition):
    return factories.GroupFactory(edition=edition, name="Kelompok Umum")


@pytest.fixture
def answer_model(transactional_db):
    """A stand-in for the submissions app's answer table, which does not exist yet.

    It points at FormSection and Category with on_delete=PROTECT, exactly as the real answers and
    proposals must (see competitions/models/form.py). Registered and created for one test, then
    dropped and unregistered, so no other test sees it. Creating a table needs a test outside a
    transaction; tests/conftest.py puts back the rows migrations loaded (regions, SDGs) after the flush.
    """
    from django.apps import apps
    from django.db import connection, models

    from competitions.models import Category, FormSection

    class StandInAnswer(models.Model):
        section = models.ForeignKey(FormSection, on_delete=models.PROTECT, related_name="standin_answers")
        category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="standin_answers")
        text = models.TextField(blank=True)

        class Meta:
            # An installed app other than competitions, so the deletion rules see it as they will
            # see the submissions app.
            app_label = "sinovik"
            verbose_name = "proposal answer"
            verbose_name_plural = "proposal answers"

        def __str__(self) -> str:
            return self.text

    with connection.schema_editor() as editor:
        editor.create_model(StandInAnswer)
    try:
        yield StandInAnswer
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(StandInAnswer)
        del apps.all_models["sinovik"]["standinanswer"]
        apps.clear_cache()
