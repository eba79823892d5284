"""Serve a bundled replica outlet over HTTP on loopback, as the real WordPress site would.

Each site directory holds the files a path serves (``/feed/`` -> ``feed/index.xml``, ``/2019/05/288654/``
-> ``2019/05/288654/index.html``) and a ``manifest.json`` describing it (not served). ``{{BASE}}`` in a
file becomes the server's own base URL. Responses carry ``ETag`` and ``Last-Modified`` and answer a
conditional GET with 304, so crawls of an unchanged feed cost what they cost against a real site.
Tests change the site while it runs with :meth:`ReplicaServer.add_file` and ``remove_file``; a path
with a query (``/feed/?paged=2``) is a file of its own; :meth:`ReplicaServer.set_response` makes a path
answer a fixed status, headers and body (a 429 with ``Retry-After``, a bot challenge, a gzip bomb).
"""

from __future__ import annotations

import hashlib
import json
import logging
import mimetypes
import threading
from email.utils import format_datetime, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

from crawler.replicas import corpus

log = logging.getLogger(__name__)

REPLICAS_DIR = Path(__file__).resolve().parent
PLACEHOLDER = b"{{BASE}}"
MANIFEST = "manifest.json"
_INDEX_FILES = ("index.html", "index.xml")


class _File:
    """One servable file, its {{BASE}} already replaced; validators computed once."""

    def __init__(self, key: str, raw: bytes, base_url: str, modified: float) -> None:
        import datetime as dt

        self.body = raw.replace(PLACEHOLDER, base_url.encode())
        self.content_type = _content_type(key, self.body)
        self.etag = f'"{hashlib.sha1(self.body).hexdigest()[:20]}"'
        self.modified = dt.datetime.fromtimestamp(int(modified), dt.UTC)


class ReplicaServer:
    """A replica site served by a ``ThreadingHTTPServer`` in a background thread; quiet, loopback."""

    def __init__(self, site_dir: Path, host: str = "127.0.0.1", port: int = 0) -> None:
        self.site_dir = Path(site_dir)
        if not self.site_dir.is_dir():
            raise FileNotFoundError(f"replica site not found: {self.site_dir}")
        self.host, self.port = host, port
        self.requests: list[tuple[str, str, int]] = []
        self._files: dict[str, _File] = {}
        self._canned: dict[str, list[tuple[int, dict[str, str], bytes]]] = {}
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @classmethod
    def blank(
        cls, site_dir: Path, site_id: str = "site", feeds: tuple[str, ...] = ("/feed/",)
    ) -> ReplicaServer:
        """A started server for a new, empty site (tests and benchmarks fill it with ``add_file``)."""
        site_dir.mkdir(parents=True, exist_ok=True)
        manifest = {"id": site_id, "feeds": list(feeds), "articles": []}
        (site_dir / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        return cls(site_dir).start()

    @property
    def base_url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("server not started")
        return f"http://{self.host}:{self.port}"

    @property
    def manifest(self) -> dict[str, Any]:
        result: dict[str, Any] = json.loads((self.site_dir / MANIFEST).read_text(encoding="utf-8"))
        return result

    def start(self) -> ReplicaServer:
        if self._httpd is not None:
            return self
        self._httpd = _QuietServer((self.host, self.port), _handler_for(self))
        self.port = self._httpd.server_address[1]
        with self._lock:
            for path in sorted(self.site_dir.rglob("*")):
                if path.is_file() and path.name != MANIFEST:
                    key = path.relative_to(self.site_dir).as_posix()
                    self._files[key] = _File(key, path.read_bytes(), self.base_url, path.stat().st_mtime)
            manifest = self.manifest if (self.site_dir / MANIFEST).is_file() else {}
            if corpus.is_corpus_site(manifest):  # pages from the article-page corpus, feed rendered
                modified = (self.site_dir / MANIFEST).stat().st_mtime
                for site_path, raw in corpus.site_files(manifest).items():
                    key = _file_key(site_path)
                    self._files[key] = _File(key, raw, self.base_url, modified)
        self._thread = threading.Thread(target=self._httpd.serve_forever, name=f"replica-{self.site_dir.name}",
                                        kwargs={"poll_interval": 0.05}, daemon=True)  # fmt: skip
        self._thread.start()
        log.debug("replica %s serving at %s", self.site_dir.name, self.base_url)
        return self

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd, self._thread = None, None

    def __enter__(self) -> ReplicaServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    def add_file(self, path: str, content: str | bytes) -> None:
        """Serve ``content`` (``{{BASE}}`` replaced) at a site path such as ``2025/12/new/index.html``."""
        import time

        data = content.encode("utf-8") if isinstance(content, str) else content
        key = _file_key(path)
        with self._lock:
            previous = self._files.get(key)
            # A replaced file must look newer even within the same second, for If-Modified-Since.
            modified = max(time.time(), previous.modified.timestamp() + 1 if previous else 0.0)
            self._files[key] = _File(key, data, self.base_url, modified)

    def remove_file(self, path: str) -> None:
        """Stop serving a file: its path answers 404 from now on."""
        with self._lock:
            self._files.pop(_file_key(path), None)

    def set_response(self, path: str, status: int, headers: dict[str, str] | None = None, body: bytes = b"",
                     times: int = 1) -> None:  # fmt: skip
        """Answer the next ``times`` requests for ``path`` (query included) with this response."""
        with self._lock:
            self._canned.setdefault(path, []).extend([(status, dict(headers or {}), body)] * times)

    def clear_responses(self) -> None:
        with self._lock:
            self._canned.clear()

    def _take_canned(self, path: str) -> tuple[int, dict[str, str], bytes] | None:
        with self._lock:
            queue = self._canned.get(path)
            return queue.pop(0) if queue else None

    def reset_log(self) -> None:
        with self._lock:
            self.requests.clear()

    def _lookup(self, path: str) -> tuple[_File | None, str | None]:
        """The file for a request path, or the slash-ended URL to redirect to, as WordPress does."""
        parts = urlsplit(path)
        key = unquote(parts.path).lstrip("/")
        with self._lock:
            if parts.query:  # /feed/?paged=2: served only when that page was added
                query = unquote(parts.query)  # /?tag=%d8%aa... however its escapes are written
                folder = key if key.endswith("/") or not key else key + "/"
                for index in _INDEX_FILES:
                    if f"{folder}{index}?{query}" in self._files:
                        return self._files[f"{folder}{index}?{query}"], None
                if f"{key}?{query}" in self._files:
                    return self._files[f"{key}?{query}"], None
                return None, None
            if key and not key.endswith("/") and key in self._files:
                return self._files[key], None
            folder = key if key.endswith("/") or not key else key + "/"
            for index in _INDEX_FILES:
                if folder + index in self._files:
                    return (self._files[folder + index], None) if folder == key else (None, "/" + folder)
        return None, None

    def _record(self, method: str, path: str, status: int) -> None:
        with self._lock:
            self.requests.append((method, path, status))


def _file_key(path: str) -> str:
    if "?" in path:
        bare, query = path.split("?", 1)
        return f"{_file_key(bare)}?{unquote(query)}"
    key = path.lstrip("/")
    return key + "index.html" if key.endswith("/") or not key else key


def _content_type(key: str, body: bytes) -> str:
    key = key.split("?", 1)[0]
    if key.endswith(".gz"):
        return "application/gzip"
    if key.endswith(".xml") or body[:5] == b"<?xml":
        head = body[:500]
        kind = "rss+xml" if b"<rss" in head else "atom+xml" if b"<feed" in head else "xml"
        return f"application/{kind}; charset=UTF-8"
    if key.endswith((".html", ".htm")):
        return "text/html; charset=UTF-8"
    guessed = mimetypes.guess_type(key)[0] or "application/octet-stream"
    return f"{guessed}; charset=UTF-8" if guessed.startswith("text/") or guessed.endswith("json") else guessed


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("replica: connection error from %s", client_address, exc_info=True)


def _handler_for(site: ReplicaServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "nginx"
        sys_version = ""

        def do_GET(self) -> None:
            self._serve(send_body=True)

        def do_HEAD(self) -> None:
            self._serve(send_body=False)

        def _serve(self, send_body: bool) -> None:
            canned = site._take_canned(self.path)
            if canned is not None:
                status, headers, body = canned
                self._reply(HTTPStatus(status), headers, body, send_body)
                return
            found, redirect = site._lookup(self.path)
            if redirect is not None:
                self._reply(HTTPStatus.MOVED_PERMANENTLY, {"Location": site.base_url + redirect})
                return
            if found is None:
                self._reply(HTTPStatus.NOT_FOUND, {"Content-Type": "text/html; charset=UTF-8"},
                            b"<html><body><h1>404 Not Found</h1></body></html>", send_body)  # fmt: skip
                return
            headers = {"ETag": found.etag, "Last-Modified": format_datetime(found.modified, usegmt=True)}
            if self._not_modified(found):
                self._reply(HTTPStatus.NOT_MODIFIED, headers)
                return
            headers["Content-Type"] = found.content_type
            self._reply(HTTPStatus.OK, headers, found.body, send_body)

        def _not_modified(self, found: _File) -> bool:
            if_none_match = self.headers.get("If-None-Match")
            if if_none_match is not None:  # it takes precedence over If-Modified-Since (RFC 9110 13.2.2)
                return found.etag in {tag.strip() for tag in if_none_match.split(",")} or if_none_match == "*"
            since = self.headers.get("If-Modified-Since")
            if since:
                try:
                    return found.modified <= parsedate_to_datetime(since)
                except (TypeError, ValueError):
                    return False
            return False

        def _reply(self, status: HTTPStatus, headers: dict[str, str], body: bytes = b"",
                   send_body: bool = True) -> None:  # fmt: skip
            site._record(self.command, self.path, int(status))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if status != HTTPStatus.NOT_MODIFIED:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if send_body and body and status != HTTPStatus.NOT_MODIFIED:
                self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # quiet: no access log on stderr
            return

    return Handler
