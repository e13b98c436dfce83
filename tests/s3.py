"""What the tests that talk to S3 share: moto's server on loopback, test-only credentials,
and a fresh bucket per test."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from moto.server import ThreadedMotoServer
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import make_server


@dataclass(frozen=True)
class Request:
    """One request the server answered: path-style, so ``path`` is ``/bucket/key``."""

    method: str
    path: str
    sent: int  # the request body's bytes (an upload)
    received: int  # the response body's bytes (a download)
    copy_source: str  # CopyObject's source, "" for any other request


class RequestLog:
    """Every request moto's server answers, from any process: what a build or a publish
    really downloaded and uploaded, without trusting its own log line."""

    def __init__(self, app):
        self.app = app
        self.requests: list[Request] = []
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        chunks = list(self.app(environ, start_response))
        request = Request(environ["REQUEST_METHOD"], unquote(environ.get("PATH_INFO", "")),
                          int(environ.get("CONTENT_LENGTH") or 0), sum(len(c) for c in chunks),
                          environ.get("HTTP_X_AMZ_COPY_SOURCE", ""))
        with self._lock:
            self.requests.append(request)
        return chunks

    def since(self, start: int) -> list[Request]:
        with self._lock:
            return self.requests[start:]

    def __len__(self) -> int:
        with self._lock:
            return len(self.requests)


class _LoggedMotoServer(ThreadedMotoServer):
    def __init__(self, log_factory):
        super().__init__(ip_address="127.0.0.1", port=0, verbose=False)
        self.log_factory = log_factory
        self.log: RequestLog | None = None

    def _server_entry(self) -> None:  # moto's own, with the app wrapped in the log
        self.log = self.log_factory(DomainDispatcherApplication(create_backend_app))
        self._server = make_server(self._ip_address, self._port, self.log, True, request_handler=MotoRequestHandler)
        self._server_ready_event.set()
        self._server.serve_forever()


def logged_moto_server() -> Iterator[tuple[str, RequestLog]]:
    """moto's S3 server with every request recorded: the endpoint URL and the log."""
    server = _LoggedMotoServer(RequestLog)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}", server.log
    server.stop()


def moto_server() -> Iterator[str]:
    """moto's S3 server on a free loopback port, as an endpoint URL, stopped afterwards."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def isolate_aws(monkeypatch, tmp_path: Path, also_unset: tuple[str, ...] = ()) -> None:
    """Test keys only; the developer's ~/.aws and any AWS_ENDPOINT_URL stay out."""
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", *also_unset):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


def new_bucket(s3, prefix: str) -> str:
    name = f"{prefix}-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    return name
