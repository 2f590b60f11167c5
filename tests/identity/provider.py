"""A small, standards-compliant OpenID Connect provider for the tests and for trying the sign-in locally.

It serves what FranceConnect and ProConnect serve (discovery, authorize, token, userinfo as a signed JWT, JWKS,
end-session) on 127.0.0.1, in a thread, signing with joserfc. It checks what a real provider checks (registered
redirect URIs, client secret, single-use codes, PKCE, `state` and `nonce` of at least 32 characters, the
id_token_hint of a sign-out). A test can make it misbehave like an attacker in the middle would: send back another
`state`, an id_token carrying an earlier `nonce`, or a signature by a key it does not publish.

Try it by hand: `.venv/bin/python -m tests.identity.provider` (docs/OPERATIONS.md, "Trying it locally")."""

import base64
import hashlib
import html
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from socketserver import ThreadingMixIn
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from joserfc import jwt
from joserfc.jwk import ECKey, KeySet, RSAKey

MIN_RANDOM = 32  # FranceConnect and ProConnect refuse a shorter state or nonce


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def _key(algo: str, kid: str):
    parameters = {"kid": kid, "use": "sig", "alg": algo}
    if algo.startswith("ES"):
        return ECKey.generate_key("P-256", parameters=parameters, private=True)
    return RSAKey.generate_key(2048, parameters=parameters, private=True)


@dataclass
class Client:
    secret: str
    redirect_uris: set[str]
    post_logout_redirect_uris: set[str]


@dataclass
class Identity:
    """The person the provider vouches for. `acr` and `amr` are what this sign-in achieved."""

    sub: str
    email: str
    email_verified: bool = True
    given_name: str = "Camille"
    usual_name: str = "Test"
    siret: str = ""
    acr: str = "eidas1"
    amr: list[str] = field(default_factory=lambda: ["pwd"])


class TestProvider:
    __test__ = False  # not a pytest class

    def __init__(self, *, name: str = "Fournisseur de test", sign_algo: str = "RS256", pkce: bool = True):
        self.name = name
        self.sign_algo = sign_algo
        self.pkce = pkce
        self.key = _key(sign_algo, "signing-key")
        self.impostor_key = _key(sign_algo, "signing-key")  # same kid, never published
        self.clients: dict[str, Client] = {}
        self.identities: list[Identity] = []
        # "state", "nonce_replay", "signature", "audience", "expired", "userinfo_json": what an attacker or a
        # broken provider would send back.
        self.misbehave: set[str] = set()
        self.authorizations: list[dict] = []  # every valid authorization request, in order
        self.logouts: list[dict] = []
        self._pending: dict[str, dict] = {}
        self._codes: dict[str, dict] = {}
        self._tokens: dict[str, dict] = {}
        self._server = None
        self._thread = None

    # --- life cycle -------------------------------------------------------------------------------------------

    def start(self, port: int = 0) -> "TestProvider":
        self._server = make_server("127.0.0.1", port, self.app, server_class=_Server, handler_class=_QuietHandler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = None

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/api/v2"

    def register(self, client_id: str, secret: str, *, redirect_uri: str, post_logout_redirect_uri: str) -> None:
        self.clients[client_id] = Client(secret, {redirect_uri}, {post_logout_redirect_uri})

    def settings_for(self, client_id: str, **extra) -> dict:
        """The entry of settings.OPENBILAN_IDENTITY_PROVIDERS that points OpenBilan at this provider."""
        return {
            "issuer": self.issuer,
            "client_id": client_id,
            "client_secret": self.clients[client_id].secret,
            "sign_algo": self.sign_algo,
            **extra,
        }

    # --- HTTP --------------------------------------------------------------------------------------------------

    def app(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        prefix = "/api/v2"
        routes = {
            "/.well-known/openid-configuration": self._discovery,
            "/authorize": self._authorize,
            "/token": self._token,
            "/userinfo": self._userinfo,
            "/jwks": self._jwks,
            "/session/end": self._end_session,
        }
        handler = routes.get(path[len(prefix) :]) if path.startswith(prefix) else None
        if handler is None:
            status, headers, body = "404 Not Found", [("Content-Type", "text/plain")], b"not found"
        else:
            status, headers, body = handler(environ)
        start_response(status, headers)
        return [body]

    @staticmethod
    def _json(data, status="200 OK"):
        return status, [("Content-Type", "application/json"), ("Cache-Control", "no-store")], json.dumps(data).encode()

    @staticmethod
    def _redirect(url):
        return "302 Found", [("Location", url)], b""

    @staticmethod
    def _form(environ) -> dict[str, str]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length).decode() if length else ""
        return {key: values[0] for key, values in parse_qs(body).items()}

    @staticmethod
    def _query(environ) -> dict[str, str]:
        return {key: values[0] for key, values in parse_qs(environ.get("QUERY_STRING", "")).items()}

    def _discovery(self, environ):
        base = self.issuer
        document = {
            "issuer": base,
            "authorization_endpoint": f"{base}/authorize",
            "token_endpoint": f"{base}/token",
            "userinfo_endpoint": f"{base}/userinfo",
            "jwks_uri": f"{base}/jwks",
            "end_session_endpoint": f"{base}/session/end",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": [self.sign_algo],
            "userinfo_signing_alg_values_supported": [self.sign_algo],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "scopes_supported": ["openid", "email", "given_name", "usual_name", "siret"],
            "claims_parameter_supported": True,
            "acr_values_supported": sorted({identity.acr for identity in self.identities} | {"eidas1"}),
        }
        if self.pkce:
            document["code_challenge_methods_supported"] = ["S256"]
        return self._json(document)

    def _jwks(self, environ):
        return self._json(KeySet([self.key]).as_dict(private=False))

    def _page(self, title: str, body: str, status="200 OK"):
        page = (
            '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title></head><body><main><h1>{html.escape(title)}</h1>{body}</main>"
            "</body></html>"
        )
        return status, [("Content-Type", "text/html; charset=utf-8")], page.encode()

    def _authorize(self, environ):
        if environ["REQUEST_METHOD"] == "POST":
            return self._authorize_confirm(self._form(environ))
        params = self._query(environ)
        client = self.clients.get(params.get("client_id", ""))
        redirect_uri = params.get("redirect_uri", "")
        if client is None or redirect_uri not in client.redirect_uris:
            return self._page("Demande refusée", "<p>Client ou adresse de retour inconnus.</p>", "400 Bad Request")
        problem = None
        if params.get("response_type") != "code":
            problem = "unsupported_response_type"
        elif "openid" not in params.get("scope", "").split():
            problem = "invalid_scope"
        elif len(params.get("state", "")) < MIN_RANDOM or len(params.get("nonce", "")) < MIN_RANDOM:
            problem = "invalid_request"  # FranceConnect and ProConnect refuse a short state or nonce
        elif params.get("code_challenge") and params.get("code_challenge_method") != "S256":
            problem = "invalid_request"
        if problem:
            query = urlencode({"error": problem, "state": params.get("state", "")})
            return self._redirect(f"{redirect_uri}?{query}")
        self.authorizations.append(params)
        request_id = secrets.token_urlsafe(16)
        self._pending[request_id] = params
        choices = "".join(
            f'<p><input type="radio" name="identity" id="identity-{index}" value="{index}"'
            f"{' checked' if index == 0 else ''}>"
            f'<label for="identity-{index}">{html.escape(identity.email)}</label></p>'
            for index, identity in enumerate(self.identities)
        )
        body = (
            f"<p>{html.escape(self.name)} : un faux fournisseur d'identité, pour les essais seulement.</p>"
            f'<form method="post" action="{self.issuer}/authorize">'
            f'<input type="hidden" name="request_id" value="{request_id}">'
            f"<fieldset><legend>Identité à utiliser</legend>{choices}</fieldset>"
            '<button type="submit">Continuer</button></form>'
        )
        return self._page(self.name, body)

    def _authorize_confirm(self, form):
        params = self._pending.pop(form.get("request_id", ""), None)
        if params is None or not self.identities:
            return self._page("Demande inconnue", "<p>Recommencez depuis le service.</p>", "400 Bad Request")
        identity = self.identities[int(form.get("identity", "0") or 0) % len(self.identities)]
        code = secrets.token_urlsafe(32)
        self._codes[code] = {"params": params, "identity": identity, "issued": time.time()}
        state = params["state"]
        if "state" in self.misbehave:
            state = secrets.token_urlsafe(36)
        return self._redirect(f"{params['redirect_uri']}?{urlencode({'code': code, 'state': state})}")

    def _client_from(self, environ, form) -> tuple[str, Client | None]:
        auth = environ.get("HTTP_AUTHORIZATION", "")
        if auth.startswith("Basic "):
            client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
        else:
            client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        client = self.clients.get(client_id)
        if client is None or not secrets.compare_digest(client.secret, secret):
            return client_id, None
        return client_id, client

    def _sign(self, claims: dict) -> str:
        key = self.impostor_key if "signature" in self.misbehave else self.key
        return jwt.encode({"alg": self.sign_algo, "kid": "signing-key"}, claims, key)

    def _token(self, environ):
        form = self._form(environ)
        client_id, client = self._client_from(environ, form)
        if client is None:
            return self._json({"error": "invalid_client"}, "401 Unauthorized")
        grant = self._codes.pop(form.get("code", ""), None)  # single use
        if (
            form.get("grant_type") != "authorization_code"
            or grant is None
            or grant["params"]["client_id"] != client_id
            or grant["params"]["redirect_uri"] != form.get("redirect_uri")
            or time.time() - grant["issued"] > 60
        ):
            return self._json({"error": "invalid_grant"}, "400 Bad Request")
        challenge = grant["params"].get("code_challenge")
        if challenge:
            verifier = form.get("code_verifier", "").encode()
            computed = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=").decode()
            if computed != challenge:
                return self._json({"error": "invalid_grant"}, "400 Bad Request")
        identity, params = grant["identity"], grant["params"]
        nonce = params["nonce"]
        if "nonce_replay" in self.misbehave and len(self.authorizations) > 1:
            nonce = self.authorizations[-2]["nonce"]  # an id_token of an earlier sign-in, played again
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": identity.sub,
            "aud": "another-service" if "audience" in self.misbehave else client_id,
            "exp": now - 600 if "expired" in self.misbehave else now + 60,
            "iat": now,
            "auth_time": now,
            "nonce": nonce,
            "acr": identity.acr,
            "amr": identity.amr,
        }
        access_token = secrets.token_urlsafe(32)
        self._tokens[access_token] = {"identity": identity, "client_id": client_id, "scope": params["scope"]}
        return self._json(
            {"access_token": access_token, "token_type": "Bearer", "expires_in": 60, "id_token": self._sign(claims)}
        )

    def _userinfo(self, environ):
        auth = environ.get("HTTP_AUTHORIZATION", "")
        grant = self._tokens.get(auth[7:]) if auth.startswith("Bearer ") else None
        if grant is None:
            return "401 Unauthorized", [("WWW-Authenticate", 'Bearer error="invalid_token"')], b""
        identity, scopes = grant["identity"], set(grant["scope"].split())
        claims = {"iss": self.issuer, "aud": grant["client_id"], "sub": identity.sub}
        if "email" in scopes:
            claims.update(email=identity.email, email_verified=identity.email_verified)
        if "given_name" in scopes:
            claims["given_name"] = identity.given_name
        if "usual_name" in scopes:
            claims["usual_name"] = identity.usual_name
        if "siret" in scopes and identity.siret:
            claims["siret"] = identity.siret
        if "userinfo_json" in self.misbehave:
            return self._json(claims)
        return "200 OK", [("Content-Type", "application/jwt")], self._sign(claims).encode()

    def _end_session(self, environ):
        params = self._query(environ)
        try:
            claims = jwt.decode(params.get("id_token_hint", ""), self.key).claims
        except Exception:  # any unreadable hint is refused
            return self._page("Déconnexion refusée", "<p>id_token_hint invalide.</p>", "400 Bad Request")
        client = self.clients.get(claims.get("aud", ""))
        target = params.get("post_logout_redirect_uri", "")
        if client is None or target not in client.post_logout_redirect_uris:
            return self._page("Déconnexion refusée", "<p>Adresse de retour inconnue.</p>", "400 Bad Request")
        self.logouts.append({"sub": claims["sub"], "state": params.get("state", "")})
        return self._redirect(f"{target}?{urlencode({'state': params.get('state', '')})}")


def main() -> None:  # pragma: no cover - a tool to try the sign-in by hand
    """Run a FranceConnect-like provider on :9100 and a ProConnect-like one on :9200 for `make run`."""
    base = "http://127.0.0.1:8000/compte/identite"
    franceconnect = TestProvider(name="FranceConnect de test", sign_algo="ES256")
    franceconnect.identities = [Identity(sub="demo-fc-1", email="beneficiaire@demo.openbilan.fr")]
    proconnect = TestProvider(name="ProConnect de test")
    proconnect.identities = [
        Identity(
            sub="demo-pc-1",
            email="prescripteur@demo.openbilan.fr",
            siret="13000548100010",
            acr="https://proconnect.gouv.fr/assurance/self-asserted-2fa",
            amr=["pwd", "mfa"],
        ),
        Identity(sub="demo-pc-2", email="nouvel.agent@demo.openbilan.fr", siret="13000548100010"),
    ]
    for slug, provider, port in (("franceconnect", franceconnect, 9100), ("proconnect", proconnect, 9200)):
        provider.register(
            "openbilan-local",
            "secret-local",
            redirect_uri=f"{base}/{slug}/retour/",
            post_logout_redirect_uri=f"{base}/deconnecte/",
        )
        provider.start(port)
    print("Test providers running (Ctrl+C to stop). Start OpenBilan with:")
    print(f"FRANCECONNECT_ISSUER={franceconnect.issuer} FRANCECONNECT_CLIENT_ID=openbilan-local \\")
    print("FRANCECONNECT_CLIENT_SECRET=secret-local FRANCECONNECT_TRUST_EMAIL=1 \\")
    print(f"PROCONNECT_ISSUER={proconnect.issuer} PROCONNECT_CLIENT_ID=openbilan-local \\")
    print("PROCONNECT_CLIENT_SECRET=secret-local make run")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        franceconnect.stop()
        proconnect.stop()


if __name__ == "__main__":
    main()
