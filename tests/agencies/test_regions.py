import pytest
from django.core.management import call_command

from agencies.models import Region

pytestmark = pytest.mark.django_db


def test_all_provinces_and_kabupaten_kota_are_loaded_with_official_codes():
    assert Region.objects.provinces().count() == 38
    assert Region.objects.local().count() == 514
    assert Region.objects.filter(level=Region.Level.CITY).count() == 98
    surabaya = Region.objects.get(code="35.78")
    assert (surabaya.name, surabaya.level, surabaya.province.name) == ("Kota Surabaya", "city", "Jawa Timur")


def test_eastern_and_3t_flags_come_with_their_source():
    jayawijaya = Region.objects.get(name="Kabupaten Jayawijaya")
    sleman = Region.objects.get(name="Kabupaten Sleman")

    assert (jayawijaya.is_eastern, jayawijaya.is_3t) == (True, True)
    assert (sleman.is_eastern, sleman.is_3t) == (False, False)
    assert Region.objects.filter(is_3t=True).count() == 61
    assert "Perpres 63/2020" in jayawijaya.flags_source


def test_load_regions_is_idempotent_and_keeps_secretariat_edits(capsys):
    sleman = Region.objects.get(name="Kabupaten Sleman")
    sleman.is_3t, sleman.flags_edited = True, True
    sleman.save()

    call_command("load_regions")

    sleman.refresh_from_db()
    assert Region.objects.count() == 38 + 514
    assert sleman.is_3t is True
    assert "0 created, 552 updated" in capsys.readouterr().out
