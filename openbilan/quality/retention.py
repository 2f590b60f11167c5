"""The quality domain's part of the nightly retention purge: openbilan/privacy/erasure.py finds this module like every
domain's `retention.py` and calls `purge_expired()` before it purges the bilans that have ended."""

from openbilan.quality.services import purge_closed_statements


def purge_expired() -> int:
    """The personal part of the complaints closed long enough ago (docs/QUALITY.md); returns the rows deleted."""
    return purge_closed_statements()
