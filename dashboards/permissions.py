"""Who may open the organiser dashboards.

They belong to the secretariat of the edition's organiser (and superusers), through the same
helpers the competition settings use. To everyone else, jurors of the same organiser included,
they answer 404, as if they did not exist.
"""

from django.http import Http404

from competitions.models import Edition
from competitions.permissions import can_manage_edition, is_secretariat


def can_use_dashboards(user) -> bool:
    return is_secretariat(user)


def edition_for_dashboard(user, slug: str) -> Edition:
    """The edition at `slug` if `user` is in its organiser's secretariat, else 404."""
    edition = Edition.objects.with_schedule().filter(slug=slug).first()
    if edition is None or not can_manage_edition(user, edition):
        raise Http404
    return edition
