import pytest

from tests.competitions import factories


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded documents of a test never land in the project's media folder.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def edition(secretariat):
    """A published edition of the secretariat fixture's organiser, with no stages yet."""
    organiser = secretariat.organiser_memberships.get().organiser
    return factories.EditionFactory(organiser=organiser, slug="kipp-2026", year=2026)


@pytest.fixture
def group(edition):
    return factories.GroupFactory(edition=edition, name="Kelompok Umum")
