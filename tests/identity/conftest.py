from tests.identity.fixtures import client_base_url, franceconnect_provider, proconnect_provider  # noqa: F401
