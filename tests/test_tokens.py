"""The one token helper: a fresh secret each time, kept only as its SHA-256."""

import hashlib

from openbilan import tokens


def test_a_token_is_new_each_time_long_and_url_safe():
    made = {tokens.new_token() for _ in range(50)}
    assert len(made) == 50
    assert all(len(token) >= 43 and token.replace("-", "").replace("_", "").isalnum() for token in made)


def test_a_prefix_is_kept_in_front():
    assert tokens.new_token("obk_").startswith("obk_")


def test_the_hash_is_the_sha256_of_the_whole_token_and_does_not_contain_it():
    token = tokens.new_token()
    assert tokens.token_hash(token) == hashlib.sha256(token.encode()).hexdigest()
    assert token not in tokens.token_hash(token) and len(tokens.token_hash(token)) == 64
