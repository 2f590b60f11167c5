from tests.territory.conftest import places, territory  # noqa: F401  (the subset, imported by the real importers)
