"""Secret tokens (shared links, invitations, identity links, API keys): made here, kept only as a hash. Pure Python.

A token is 32 random bytes (256 bits), URL-safe; the database stores its SHA-256, so a leaked table opens nothing.
256 random bits need no slow, salted hash, and the lookup by hash stays one indexed query.
"""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 32


def new_token(prefix: str = "") -> str:
    """A fresh secret, shown once (in a link or on screen) and never stored."""
    return prefix + secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """The SHA-256 of the whole token, in hex: what the database keeps and looks up."""
    return hashlib.sha256(token.encode()).hexdigest()
