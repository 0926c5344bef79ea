from django.utils.functional import SimpleLazyObject

from sinovik.roles import ORGANISER_ROLES, roles_of


def portal(request) -> dict:
    """What the base layout needs on every page; lazy, so pages that do not ask pay nothing."""
    roles = SimpleLazyObject(lambda: roles_of(request.user))
    return {
        "portal_roles": roles,
        "portal_is_organiser": SimpleLazyObject(lambda: bool(roles & ORGANISER_ROLES)),
    }
