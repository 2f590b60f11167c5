"""What the session keeps about a sign-in through a provider: the pending identity while the person proves an
existing account, and the id_token needed to sign out at the provider (`id_token_hint`)."""

import time
from dataclasses import asdict

from openbilan.identity.client import VerifiedIdentity

PENDING_KEY = "identity_pending"
SIGNED_IN_KEY = "identity_signed_in"
LOGOUT_STATE_KEY = "identity_logout_state"
PENDING_SECONDS = 15 * 60


def keep_pending(request, identity: VerifiedIdentity) -> None:
    data = asdict(identity)
    data["amr"] = list(identity.amr)
    request.session[PENDING_KEY] = {"identity": data, "at": time.time()}


def pending(request) -> VerifiedIdentity | None:
    entry = request.session.get(PENDING_KEY)
    if not entry or time.time() - entry.get("at", 0) > PENDING_SECONDS:
        return None
    data = {**entry["identity"], "amr": tuple(entry["identity"]["amr"])}
    return VerifiedIdentity(**data)


def drop_pending(request) -> None:
    request.session.pop(PENDING_KEY, None)


def mark_signed_in(request, identity: VerifiedIdentity) -> None:
    request.session[SIGNED_IN_KEY] = {"provider": identity.provider, "id_token": identity.id_token}


def signed_in_with(request) -> dict | None:
    return request.session.get(SIGNED_IN_KEY)
