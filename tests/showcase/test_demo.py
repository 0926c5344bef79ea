"""The demo, seeded once (it takes the whole chain of demos, so one test checks it all)."""

import pytest
from django.core.management import call_command
from django.db.models import Count

from showcase import demo
from showcase.models import PublicProfile, ShowcasePhoto
from submissions.models import Award

pytestmark = pytest.mark.django_db


def test_demo_publishes_past_editions_keeps_a_draft_and_seeds_the_same_data_twice(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", verbosity=0)
    published = PublicProfile.objects.published()
    before = (PublicProfile.objects.count(), ShowcasePhoto.objects.count(), Award.objects.count())

    demo.seed()

    assert {2021, 2022, 2023} <= set(published.values_list("awards__year", flat=True))
    assert published.count() >= 30
    assert published.filter(is_eastern=True).count() >= 8
    assert published.filter(is_3t=True).exists()
    assert published.exclude(title_en="").count() >= 5
    assert published.filter(best_tier=Award.Tier.OUTSTANDING).count() >= 2
    assert not published.filter(cover=None).exists()
    assert published.get(title__startswith="Honai Adminduk").is_replicated
    assert PublicProfile.objects.get(title="Lumbung Pangan Mataraman").status == PublicProfile.Status.DRAFT
    assert (PublicProfile.objects.count(), ShowcasePhoto.objects.count(), Award.objects.count()) == before
    assert not PublicProfile.objects.values("innovation").annotate(n=Count("pk")).filter(n__gt=1).exists()
