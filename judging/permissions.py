"""Who may see and do what in the judging app. Views call these first.

Screening is the secretariat's: every screening page answers 404 to anyone who is not in the
secretariat of the edition's organiser (they need not know the page exists). The screening result
is read by the agencies it concerns, through Proposal.objects.visible_to.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from competitions.models import Edition
from judging.models import NearDuplicatePair, Objection
from judging.services import screened_proposals
from sinovik.roles import PARTICIPANT_ROLES, OrganiserRole, roles_of
from submissions.models import Proposal


def is_secretariat(user) -> bool:
    return OrganiserRole.SECRETARIAT in roles_of(user) or bool(getattr(user, "is_superuser", False))


def edition_for_secretariat(user, slug: str) -> Edition:
    """The edition at `slug` if `user` is in its organiser's secretariat, else 404."""
    return get_object_or_404(Edition.objects.managed_by(user).select_related("organiser"), slug=slug)


def proposal_for_secretariat(user, edition: Edition, pk: int) -> Proposal:
    """A proposal screened in `edition` (the edition already resolved for the secretariat)."""
    return get_object_or_404(
        screened_proposals(edition).select_related(
            "innovation__agency", "innovation__unit", "group", "category", "edition"
        ),
        pk=pk,
    )


def pair_for_secretariat(user, edition: Edition, pk: int) -> NearDuplicatePair:
    return get_object_or_404(
        NearDuplicatePair.objects.select_related(
            "proposal__innovation__agency",
            "proposal__innovation__unit",
            "proposal__edition",
            "other__innovation__agency",
            "other__innovation__unit",
            "other__edition",
        ),
        pk=pk,
        edition=edition,
    )


def can_read_results(user) -> bool:
    """The agencies' people (Admin Lokal, UPP staff) and the secretariat read screening results."""
    return bool(roles_of(user) & PARTICIPANT_ROLES) or is_secretariat(user)


def edition_for_results(user, slug: str) -> Edition:
    """A public edition whose screening result `user` may read (their agency's proposals), else 404."""
    if not can_read_results(user):
        raise Http404
    return get_object_or_404(Edition.objects.visible_to(user).select_related("organiser"), slug=slug)


# --- Uji publik (public objections) -------------------------------------------------------------


def edition_for_public(user, slug: str) -> Edition:
    """A public edition (or a draft `user` manages), with its stages loaded, else 404."""
    return get_object_or_404(Edition.objects.visible_to(user).with_schedule(), slug=slug)


def objection_for_secretariat(user, edition: Edition, pk: int) -> Objection:
    """An objection of `edition` (the edition already resolved for the secretariat), else 404."""
    return get_object_or_404(
        Objection.objects.select_related("proposal__innovation__agency", "proposal__innovation__unit", "decided_by"),
        pk=pk,
        edition=edition,
    )
