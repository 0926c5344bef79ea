"""Who may see and configure which edition.

Published and archived editions are public. A draft exists only for its organiser's secretariat
(and superusers): to everyone else its page answers 404, as if it did not exist.
"""

from django.http import Http404

from competitions.models import Edition, EditionDocument, OrganiserMembership

_CACHE_ATTR = "_sinovik_managed_organisers"


def managed_organiser_ids(user) -> frozenset[int]:
    """Organisers whose active secretariat `user` belongs to; cached on the user for the request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = frozenset(
            OrganiserMembership.objects.filter(
                user=user, role=OrganiserMembership.Role.SECRETARIAT, is_active=True
            ).values_list("organiser_id", flat=True)
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def is_secretariat(user) -> bool:
    """Whether `user` configures competitions at all (a secretariat member anywhere, or a superuser)."""
    return bool(getattr(user, "is_superuser", False) or managed_organiser_ids(user))


def can_manage_edition(user, edition: Edition) -> bool:
    return bool(getattr(user, "is_superuser", False) or edition.organiser_id in managed_organiser_ids(user))


def can_view_edition(user, edition: Edition) -> bool:
    return edition.is_public or can_manage_edition(user, edition)


def get_edition_or_404(user, slug: str) -> Edition:
    """The edition at `slug` if `user` may see it, else 404 (drafts do not exist for the public)."""
    edition = Edition.objects.select_related("organiser").filter(slug=slug).first()
    if edition is None or not can_view_edition(user, edition):
        raise Http404
    return edition


def can_download_document(user, document: EditionDocument) -> bool:
    return can_view_edition(user, document.edition) and (
        document.is_public or can_manage_edition(user, document.edition)
    )
