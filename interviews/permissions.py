"""Who may see and do what in the interviews app. Views call these first.

- The secretariat of the edition's organiser manages slots, placement, attendance and the final
  ranking; to everyone else those pages answer 404.
- An agency's Admin Lokal (of the agency, or of a BUMD's local government) and the UPP's staff see
  their finalist's interview, confirm it and upload materials; other people get 404.
- A panelist sees the slots they sit on. The interview materials are readable by the agency, the
  secretariat and the slot's panelists.
- Field verification: the secretariat plans the visits of its editions; a verifier (organiser staff
  named on the visit) sees and fills only their own visits; photos are for the visit's verifiers and
  the edition's secretariat. Everyone else gets 404.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from competitions.models import Edition
from interviews.models import FieldVisit, Interview
from sinovik.roles import ORGANISER_ROLES, PARTICIPANT_ROLES, OrganiserRole, roles_of


def is_secretariat(user) -> bool:
    return OrganiserRole.SECRETARIAT in roles_of(user) or bool(getattr(user, "is_superuser", False))


def is_panelist(user) -> bool:
    return OrganiserRole.PANELIST in roles_of(user)


def is_agency_person(user) -> bool:
    return bool(roles_of(user) & PARTICIPANT_ROLES)


def edition_for_secretariat(user, slug: str) -> Edition:
    """The edition at `slug` if `user` is in its organiser's secretariat, else 404."""
    return get_object_or_404(Edition.objects.managed_by(user).select_related("organiser"), slug=slug)


def interview_for_secretariat(user, edition: Edition, pk: int) -> Interview:
    return get_object_or_404(Interview.objects.with_context(), pk=pk, slot__edition=edition)


def interview_for_agency(user, pk: int) -> Interview:
    """The interview of a proposal of `user`'s agency or UPP, else 404."""
    if not is_agency_person(user):
        raise Http404
    return get_object_or_404(Interview.objects.for_agency_user(user).with_context(), pk=pk)


def interview_for_reader(user, pk: int) -> Interview:
    """For the materials: the agency's people, the edition's secretariat, or a panelist of the slot."""
    interview = get_object_or_404(Interview.objects.with_context(), pk=pk)
    if is_agency_person(user) and Interview.objects.for_agency_user(user).filter(pk=pk).exists():
        return interview
    if Edition.objects.managed_by(user).filter(pk=interview.slot.edition_id).exists():
        return interview
    if interview.slot.panelists.filter(pk=user.pk).exists():
        return interview
    raise Http404


# --- Field verification ----------------------------------------------------------------------------


def is_organiser_staff(user) -> bool:
    """Secretariat, evaluators and panelists: the people who may be sent on a field visit."""
    return bool(roles_of(user) & ORGANISER_ROLES)


def visit_for_verifier(user, pk: int) -> FieldVisit:
    """A field visit `user` is a verifier of, else 404."""
    if not is_organiser_staff(user):
        raise Http404
    return get_object_or_404(FieldVisit.objects.for_verifier(user).with_context(), pk=pk)


def visit_for_reader(user, pk: int) -> FieldVisit:
    """For the photos: the visit's verifiers and the edition's secretariat."""
    visit = get_object_or_404(FieldVisit.objects.select_related("edition"), pk=pk)
    if visit.verifiers.filter(pk=user.pk).exists() and is_organiser_staff(user):
        return visit
    if Edition.objects.managed_by(user).filter(pk=visit.edition_id).exists():
        return visit
    raise Http404
