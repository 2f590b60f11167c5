"""The one decorator views use to require a role."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from openbilan.privacy import security_log


def role_required(*roles: str):
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not request.user.roles.intersection(roles):
                security_log.event("access_denied", user_id=request.user.pk, view=view.__name__)
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
