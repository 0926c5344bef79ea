from django.conf import settings
from django.shortcuts import redirect

from sinovik.roles import is_organiser_side

# Pages an organiser without an authenticator may still open: their account, the MFA set-up
# itself, sign-out, the language switch and the health check.
ALLOWED_URL_PREFIXES = ("account_", "mfa_")
ALLOWED_URL_NAMES = {"set_language", "healthz", "home"}


class RequireOrganiserMfaMiddleware:
    """Send secretariat, evaluators and panelists to set up TOTP when MFA_REQUIRED_FOR_ORGANISERS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.MFA_REQUIRED_FOR_ORGANISERS or not request.user.is_authenticated:
            return None
        name = request.resolver_match.url_name or ""
        if name.startswith(ALLOWED_URL_PREFIXES) or name in ALLOWED_URL_NAMES:
            return None
        if not is_organiser_side(request.user) or _has_totp(request.user):
            return None
        return redirect("mfa_activate_totp")


def _has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
