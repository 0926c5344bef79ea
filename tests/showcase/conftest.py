import pytest
from django.utils import translation

from showcase.search import _configs


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Photos made by a test never land in the project's media folder.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _indonesian_by_default():
    # A request to /en/ leaves English active in this thread; start every test in the default language.
    translation.activate("id")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_search_config():
    _configs.clear()


@pytest.fixture
def edition():
    from tests.showcase.factories import archived_edition

    return archived_edition(2023)


@pytest.fixture
def surabaya():
    from tests.showcase.factories import agency_in

    return agency_in("Kota Surabaya", name="Pemerintah Kota Surabaya")


@pytest.fixture
def jayawijaya():
    from agencies.models import Agency
    from tests.showcase.factories import agency_in

    return agency_in("Kabupaten Jayawijaya", name="Pemerintah Kabupaten Jayawijaya", kind=Agency.Kind.KABUPATEN)
