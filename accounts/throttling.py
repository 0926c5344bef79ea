def login_identifier(request, credentials: dict | None) -> str | None:
    """The address a login attempt is for, whichever form sent it (allauth: email; admin: username).

    django-axes locks on this together with the client address (settings.AXES_LOCKOUT_PARAMETERS).
    """
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if not value and request is not None:
        value = request.POST.get("login") or request.POST.get("username")
    return value.strip().lower() if value else None
