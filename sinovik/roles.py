"""The roles a person plays, derived from their relationships.

Roles are never flags on the user. Participant roles come from agencies.Membership (Admin Lokal,
UPP staff); organiser roles from competitions.OrganiserMembership (secretariat, evaluator,
panelist). A signed-in user with none of these is a member of the public. Object-level questions
("may this user edit this proposal?") belong to each app's permissions.py; this module only answers
"which hats does this person wear?", e.g. for navigation and for the MFA requirement.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganiserRole(models.TextChoices):
    """Roles held through competitions.OrganiserMembership."""

    SECRETARIAT = "secretariat", _("Secretariat")
    EVALUATOR = "evaluator", _("Evaluator (TE)")
    PANELIST = "panelist", _("Panelist (TPI)")


class ParticipantRole(models.TextChoices):
    """Roles held through agencies.Membership."""

    ADMIN_LOKAL = "admin_lokal", _("Admin Lokal")
    UPP_STAFF = "upp_staff", _("UPP staff")


ORGANISER_ROLES = frozenset(OrganiserRole.values)
PARTICIPANT_ROLES = frozenset(ParticipantRole.values)

_CACHE_ATTR = "_sinovik_roles"


def roles_of(user) -> frozenset[str]:
    """The set of role values `user` holds through active memberships (empty for the public).

    Cached on the user object, so a request asks the database at most twice.
    """
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        organiser = user.organiser_memberships.filter(is_active=True).values_list("role", flat=True)
        participant = user.agency_memberships.filter(is_active=True).values_list("role", flat=True)
        cached = frozenset(organiser) | frozenset(participant)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def is_organiser_side(user) -> bool:
    return bool(roles_of(user) & ORGANISER_ROLES)
