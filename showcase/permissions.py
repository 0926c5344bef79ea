"""Who may see what in the showcase: everyone sees published profiles; only the secretariat (and
superusers) preview drafts and approved profiles before publication. Anything else answers 404."""

from django.http import Http404

from showcase.models import PublicProfile, ShowcasePhoto
from sinovik.roles import OrganiserRole, roles_of


def can_preview(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or OrganiserRole.SECRETARIAT in roles_of(user)


def profile_for_viewer(user, pk: int) -> PublicProfile:
    """The profile `pk` if `user` may read it: published for anyone, any status for the secretariat."""
    profile = PublicProfile.objects.select_related("cover").filter(pk=pk).first()
    if profile is None or not (profile.is_public or can_preview(user)):
        raise Http404
    return profile


def photo_for_viewer(user, pk: int) -> ShowcasePhoto:
    photo = ShowcasePhoto.objects.select_related("profile").filter(pk=pk).first()
    if photo is None or not (photo.profile.is_public or can_preview(user)):
        raise Http404
    return photo
