from tests.identity.fixtures import franceconnect, identity_base_url, proconnect  # noqa: F401
