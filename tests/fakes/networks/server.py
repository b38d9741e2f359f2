"""The machinery the network stand-ins share: one threaded HTTP server (like tests/fakes/scheduler.py)
answering for every stand-in on disjoint paths, a parsed request, canned failures in each
network's own shapes, a file host for the media links, and an OAuth 2.0 authorization server
(authorization code + PKCE S256, refresh with rotation, revocation) the stand-ins configure."""

import base64
import email.parser
import email.policy
import hashlib
import json
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

Answer = tuple[int, Any, dict[str, str]]  # status, body (dict/list → JSON, bytes raw, None empty), headers


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # names lower-cased
    body: bytes
    match: "re.Match[str] | None" = None

    def arg(self, name: str, default: str = "") -> str:
        return self.query.get(name, [default])[0]

    @property
    def bearer(self) -> str:
        value = self.headers.get("authorization", "")
        return value[7:] if value.startswith("Bearer ") else ""

    def json(self) -> Any:
        return json.loads(self.body) if self.body else {}

    def form(self) -> dict[str, str]:
        if self.headers.get("content-type", "").startswith("application/json"):
            return {k: v if isinstance(v, str) else json.dumps(v) for k, v in self.json().items()}
        if self.headers.get("content-type", "").startswith("multipart/form-data"):
            return {k: v for k, v in self.multipart().items() if isinstance(v, str)}
        return {k: v[0] for k, v in parse_qs(self.body.decode()).items()}

    def multipart(self) -> dict[str, Any]:
        """Fields of a multipart/form-data body: text as str, files as (filename, type, bytes)."""
        head = f"Content-Type: {self.headers.get('content-type', '')}\r\n\r\n".encode()
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + self.body)
        fields: dict[str, Any] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            filename = part.get_filename()
            fields.setdefault(name, (filename, part.get_content_type(), payload) if filename else payload.decode())
        return fields


Route = tuple[str, "re.Pattern[str]", Callable[[Request], Answer]]


class FakeNetwork:
    """One network's stand-in. Subclasses list ``routes`` and give their error shapes."""

    name = ""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.base_url = ""
        self.requests: list[Request] = []
        self.tokens: dict[str, str] = {}  # access token → account id
        self.queued: list[Answer] = []  # canned answers, served before anything else (FIFO)
        self.routes: list[Route] = []

    def route(self, method: str, pattern: str, handler: Callable[[Request], Answer]) -> None:
        self.routes.append((method, re.compile(pattern + "$"), handler))

    # -- switches a test flips
    def rate_limit_next(self, *, reset_in: int = 30, count: int = 1) -> None:
        with self.lock:
            self.queued.extend([self.rate_limited(reset_in)] * count)

    def refuse_next(self, reason: str = "refused", *, status: int = 400) -> None:
        with self.lock:
            self.queued.append(self.refused(reason, status))

    def revoke(self, token: str) -> None:
        with self.lock:
            self.tokens.pop(token, None)

    # -- the network's own error shapes (overridden)
    def rate_limited(self, reset_in: int) -> Answer:
        return 429, {"error": "rate limited"}, {"Retry-After": str(reset_in)}

    def refused(self, reason: str, status: int) -> Answer:
        return status, {"error": reason}, {}

    def unauthorized(self) -> Answer:
        return 401, {"error": "unauthorized"}, {}

    # -- dispatch
    def account_of(self, request: Request) -> str | None:
        with self.lock:
            return self.tokens.get(request.bearer)

    def dispatch(self, request: Request) -> Answer | None:
        for method, pattern, handler in self.routes:
            if method == request.method and (match := pattern.match(request.path)):
                request.match = match
                with self.lock:
                    self.requests.append(request)
                    if self.queued:
                        return self.queued.pop(0)
                return handler(request)
        return None

    def calls(self, path_pattern: str, method: str | None = None) -> list[Request]:
        with self.lock:
            return [
                r for r in self.requests if re.search(path_pattern, r.path) and (method is None or r.method == method)
            ]


@dataclass
class OAuthClient:
    client_id: str
    client_secret: str
    redirect_uris: list[str]
    scopes: str = ""


@dataclass
class OAuthServer:
    """RFC 6749 authorization code grant with PKCE (RFC 7636, S256) and refresh (§6), as the
    networks run it. The authorization page approves at once for ``approve_as`` (the account id)."""

    access_lifetime: int | None = 7200
    issue_refresh: bool = True
    refresh_lifetime: int | None = None
    client_auth: str = "client_secret_basic"  # or client_secret_post, or "any"
    require_pkce: bool = False
    clients: dict[str, OAuthClient] = field(default_factory=dict)
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    refresh_tokens: dict[str, tuple[str, str]] = field(default_factory=dict)  # token → (account, scope)
    approve_as: str = ""

    def add_client(self, redirect_uris: list[str], scopes: str = "", client_id: str = "") -> OAuthClient:
        client = OAuthClient(client_id or secrets.token_hex(8), secrets.token_urlsafe(16), redirect_uris, scopes)
        self.clients[client.client_id] = client
        return client

    def authorize(self, request: Request) -> Answer:
        q = {k: v[0] for k, v in request.query.items()}
        client = self.clients.get(q.get("client_id", ""))
        if client is None or q.get("redirect_uri") not in client.redirect_uris:
            return 400, {"error": "invalid_client", "error_description": "unknown client or redirect_uri"}, {}
        redirect = q["redirect_uri"]
        if q.get("response_type") != "code":
            return 302, None, {"Location": f"{redirect}?{urlencode({'error': 'unsupported_response_type'})}"}
        if (self.require_pkce or q.get("code_challenge")) and q.get("code_challenge_method", "plain") != "S256":
            return 302, None, {"Location": f"{redirect}?{urlencode({'error': 'invalid_request'})}"}
        code = secrets.token_urlsafe(12)
        self.codes[code] = {
            "client_id": client.client_id,
            "redirect_uri": redirect,
            "challenge": q.get("code_challenge", ""),
            "scope": q.get("scope", ""),
            "account": self.approve_as,
        }
        params = {"code": code, **({"state": q["state"]} if "state" in q else {})}
        return 302, None, {"Location": f"{redirect}?{urlencode(params)}"}

    def _client(self, request: Request, form: dict[str, str]) -> OAuthClient | None:
        header = request.headers.get("authorization", "")
        if header.startswith("Basic ") and self.client_auth in ("client_secret_basic", "any"):
            client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
        elif self.client_auth in ("client_secret_post", "any"):
            client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        else:
            return None
        client = self.clients.get(client_id)
        return client if client and secrets.compare_digest(client.client_secret, secret) else None

    def token(self, request: Request, issue: Callable[[str], str]) -> Answer:
        """``issue(account)`` mints an access token for the account (the stand-in stores it)."""
        form = request.form()
        client = self._client(request, form)
        if client is None:
            return 401, {"error": "invalid_client", "error_description": "client authentication failed"}, {}
        grant = form.get("grant_type")
        if grant == "authorization_code":
            found = self._code_grant(form, client)
        elif grant == "refresh_token":
            found = self.refresh_tokens.pop(form.get("refresh_token", ""), None)
        else:
            return 400, {"error": "unsupported_grant_type"}, {}
        if found is None:
            return 400, {"error": "invalid_grant", "error_description": "the grant is invalid or revoked"}, {}
        account, scope = found
        body: dict[str, Any] = {"access_token": issue(account), "token_type": "bearer", "scope": scope}
        if self.access_lifetime:
            body["expires_in"] = self.access_lifetime
        if self.issue_refresh:
            refresh = secrets.token_urlsafe(24)
            self.refresh_tokens[refresh] = (account, scope)
            body["refresh_token"] = refresh
            if self.refresh_lifetime:
                body["refresh_token_expires_in"] = self.refresh_lifetime
        body["created_at"] = int(time.time())
        return 200, body, {"Cache-Control": "no-store"}

    def _code_grant(self, form: dict[str, str], client: OAuthClient) -> tuple[str, str] | None:
        grant = self.codes.pop(form.get("code", ""), None)
        if not grant or grant["client_id"] != client.client_id or grant["redirect_uri"] != form.get("redirect_uri"):
            return None
        if grant["challenge"]:
            digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
            if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["challenge"]:
                return None
        elif self.require_pkce:
            return None
        return grant["account"], grant["scope"]

    def revoke_account(self, account: str) -> None:
        """The user removed our app: every refresh token of the account answers invalid_grant."""
        for token, (owner, _) in list(self.refresh_tokens.items()):
            if owner == account:
                del self.refresh_tokens[token]


class FileHost(FakeNetwork):
    """Serves the media links a post carries (``host(bytes, type) → url``), like presigned links."""

    name = "files"

    def __init__(self) -> None:
        super().__init__()
        self.files: dict[str, tuple[bytes, str]] = {}
        self.route("GET", r"/_files/(?P<name>[\w.-]+)", self._get)

    def host(self, content: bytes, mime_type: str) -> str:
        name = secrets.token_hex(8)
        self.files[name] = (content, mime_type)
        return f"{self.base_url}/_files/{name}"

    def _get(self, request: Request) -> Answer:
        found = self.files.get(request.match["name"])
        if not found:
            return 404, {"error": "no such file"}, {}
        return 200, found[0], {"Content-Type": found[1]}


class FakeServer:
    """One threaded server answering for several stand-ins (their paths do not overlap)."""

    def __init__(self, fakes: list[FakeNetwork], *, port: int = 0, host: str = "127.0.0.1") -> None:
        self.fakes = fakes
        self.host = host
        self.port = port
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> "FakeServer":
        self._server = ThreadingHTTPServer((self.host, self.port), type("H", (_Handler,), {"fakes": self.fakes}))
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        for fake in self.fakes:
            fake.base_url = self.url
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def wait(self) -> None:
        """Block until interrupted (the server runs on its own thread)."""
        threading.Event().wait()

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


class _Handler(BaseHTTPRequestHandler):
    fakes: list[FakeNetwork]
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def _respond(self) -> None:
        split = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        request = Request(
            method=self.command,
            path=split.path,
            query=parse_qs(split.query),
            headers={k.lower(): v for k, v in self.headers.items()},
            body=self.rfile.read(length) if length else b"",
        )
        answer = next((a for fake in self.fakes if (a := fake.dispatch(request)) is not None), None)
        status, body, headers = answer or (404, {"error": "NotFound", "message": "no such route"}, {})
        if isinstance(body, bytes):
            raw = body
        else:
            raw = b"" if body is None else json.dumps(body).encode()
            headers = {"Content-Type": "application/json; charset=utf-8", **headers}
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    do_GET = do_POST = do_PUT = do_DELETE = _respond
