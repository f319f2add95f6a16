#!/usr/bin/env python3
"""Tests scripts/local_ingress.sh and deploy/web/nginx.conf without building anything: a fake
dist directory and a stand-in API (an echoing http.server) behind the real nginx topology.

Prints one `ok`/`FAIL` line per check and `local-ingress: N passed, M failed` last; exits 1 on
any failure. Standard library only.
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "local_ingress.sh"
JS = "offreapi-web-0123456789abcdef.js"
WASM = "offreapi-web-fedcba9876543210.wasm"
BOOT = "boot-00112233445566ff.js"
CSS = "style-89abcdef01234567.css"
INDEX = b"<!doctype html><title>OffreAPI</title><script type=module src=/" + BOOT.encode() + b"></script>"
IMMUTABLE = "public, max-age=31536000, immutable"


class FakeApi(BaseHTTPRequestHandler):
    """Answers every request with what it received, so routing and headers can be asserted."""

    protocol_version = "HTTP/1.1"

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        received = 0
        if length:
            while received < length:
                chunk = self.rfile.read(min(65536, length - received))
                if not chunk:
                    break
                received += len(chunk)
        elif self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                if size == 0:
                    self.rfile.readline()
                    break
                received += len(self.rfile.read(size))
                self.rfile.readline()
        body = json.dumps(
            {
                "served_by": "fake-api",
                "method": self.command,
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body_bytes": received,
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = _answer

    def log_message(self, *args) -> None:  # quiet: the checks print what matters
        pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Checks:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def check(self, name: str, condition: bool, detail: str = "") -> None:
        if condition:
            self.passed += 1
            print(f"local-ingress: ok   {name}")
        else:
            self.failed += 1
            print(f"local-ingress: FAIL {name}{': ' + detail if detail else ''}", file=sys.stderr)


def request(port: int, method: str, path: str, headers: dict | None = None, body: bytes | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def from_api(body: bytes) -> dict | None:
    try:
        answer = json.loads(body)
    except ValueError:
        return None
    return answer if isinstance(answer, dict) and answer.get("served_by") == "fake-api" else None


def main() -> int:
    checks = Checks()
    with tempfile.TemporaryDirectory(prefix="offreapi-ingress-") as tmp:
        dist = Path(tmp) / "dist"
        work = Path(tmp) / "w"
        dist.mkdir()
        (dist / "index.html").write_bytes(INDEX)
        # Compressible and over gzip_min_length, like the real glue code.
        (dist / JS).write_text("export default function init() {}\n" * 200)
        (dist / WASM).write_bytes(b"\0asm\1\0\0\0" + bytes(4096))
        (dist / CSS).write_text("body { margin: 0 }\n" * 100)
        (dist / BOOT).write_text(f"import init from './{JS}';\ninit({{ module_or_path: '/{WASM}' }});\n")

        api = ThreadingHTTPServer(("127.0.0.1", 0), FakeApi)
        threading.Thread(target=api.serve_forever, daemon=True).start()
        api_port = api.server_address[1]
        port = free_port()
        started = subprocess.run(
            ["bash", str(SCRIPT), "start", str(dist), str(api_port), str(port), str(work)],
            capture_output=True,
            text=True,
        )
        pid = started.stdout.strip()
        checks.check(
            "start returns once nginx answers and prints its pid",
            started.returncode == 0 and pid.isdigit() and (work / "nginx.pid").read_text().strip() == pid,
            started.stderr.strip()[-500:],
        )
        if started.returncode != 0:
            print(f"local-ingress: {checks.passed} passed, {checks.failed} failed")
            return 1
        try:
            run_checks(checks, port)
        finally:
            stopped = subprocess.run(["bash", str(SCRIPT), "stop", str(work)], capture_output=True, text=True)
            checks.check(
                "stop ends nginx",
                stopped.returncode == 0 and not Path(f"/proc/{pid}").exists(),
                stopped.stderr.strip(),
            )
            api.shutdown()
    print(f"local-ingress: {checks.passed} passed, {checks.failed} failed")
    return 0 if checks.failed == 0 else 1


def run_checks(checks: Checks, port: int) -> None:
    # --- Routes that belong to the API, as in the Ingress ---
    for path in ["/api", "/api/v1/offers?q=rust&page=1", "/api/openapi.json", "/docs", "/docs/", "/docs/index.html", "/healthz", "/readyz"]:
        status, _, body = request(port, "GET", path)
        answer = from_api(body)
        checks.check(f"GET {path} reaches the API unchanged", status == 200 and answer is not None and answer["path"] == path,
                     f"status {status}, body {body[:80]!r}")

    status, _, body = request(
        port, "GET", "/api/v1/me", {"Host": "jobs.example.test", "X-Forwarded-For": "203.0.113.9"}
    )
    answer = from_api(body) or {"headers": {}}
    h = answer["headers"]
    checks.check("the API sees the client's Host", h.get("host") == "jobs.example.test", str(h.get("host")))
    checks.check("X-Forwarded-For is the peer, a client-sent value is dropped", h.get("x-forwarded-for") == "127.0.0.1",
                 str(h.get("x-forwarded-for")))
    checks.check("X-Forwarded-Proto and X-Real-IP are set", h.get("x-forwarded-proto") == "http" and h.get("x-real-ip") == "127.0.0.1",
                 str(h))

    # --- Uploads: up to the API's 10 MiB plus multipart overhead pass, more is refused at the edge ---
    ten_mib_and_change = b"x" * (10 * 1024 * 1024 + 200_000)
    status, _, body = request(port, "POST", "/api/v1/offers/1/applications", {"Content-Type": "application/pdf"}, ten_mib_and_change)
    answer = from_api(body)
    checks.check("a 10.2 MiB upload reaches the API whole", status == 200 and answer is not None and answer["body_bytes"] == len(ten_mib_and_change),
                 f"status {status}")
    status, _, body = request(port, "POST", "/api/v1/offers/1/applications", {"Content-Type": "application/pdf"}, b"x" * (12 * 1024 * 1024))
    checks.check("a 12 MiB upload is refused with 413 before the API", status == 413 and from_api(body) is None, f"status {status}")

    # --- Not routed to the API ---
    for path in ["/metrics", "/apix", "/healthz/extra", "/readyzz", "/docsx"]:
        status, headers, body = request(port, "GET", path)
        checks.check(f"GET {path} does not reach the API (the SPA answers)",
                     from_api(body) is None and status == 200 and body == INDEX, f"status {status}, body {body[:80]!r}")

    # --- The web server: index, fallback, caching, types, compression, headers ---
    for path in ["/", "/index.html", "/offers/42", "/recruiter/offers/42/dashboard", "/signin?next=%2Fme"]:
        status, headers, body = request(port, "GET", path)
        checks.check(f"GET {path} is index.html, never cached", status == 200 and body == INDEX and headers.get("cache-control") == "no-cache"
                     and headers.get("content-type", "").startswith("text/html"), f"status {status}, {headers.get('cache-control')}")

    for name, content_type in [(JS, "application/javascript"), (BOOT, "application/javascript"), (WASM, "application/wasm"), (CSS, "text/css")]:
        status, headers, _ = request(port, "GET", f"/{name}")
        checks.check(f"GET /{name} is {content_type}, cached for a year", status == 200 and headers.get("content-type", "").startswith(content_type)
                     and headers.get("cache-control") == IMMUTABLE, f"status {status}, {headers}")

    status, headers, body = request(port, "GET", f"/{JS}", {"Accept-Encoding": "gzip"})
    checks.check("JavaScript is gzipped on request", status == 200 and headers.get("content-encoding") == "gzip"
                 and gzip.decompress(body).startswith(b"export default") and "accept-encoding" in headers.get("vary", "").lower(), str(headers))
    status, headers, _ = request(port, "GET", f"/{WASM}", {"Accept-Encoding": "gzip"})
    checks.check("WebAssembly is gzipped on request", status == 200 and headers.get("content-encoding") == "gzip", str(headers))

    for path in ["/offreapi-web-1111111111111111.js", "/offreapi-web-1111111111111111.wasm", "/favicon.ico", "/offers/42/photo.png"]:
        status, headers, body = request(port, "GET", path)
        checks.check(f"GET {path} (missing file) is a 404, not index.html",
                     status == 404 and body != INDEX and "immutable" not in headers.get("cache-control", ""), f"status {status}")

    status, headers, _ = request(port, "GET", "/offers/42")
    wanted = {
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
        "referrer-policy": "strict-origin-when-cross-origin",
    }
    csp = headers.get("content-security-policy", "")
    checks.check("security headers on pages", all(headers.get(k) == v for k, v in wanted.items())
                 and "frame-ancestors 'none'" in csp and "script-src 'self' 'wasm-unsafe-eval';" in csp, str(headers))
    status, headers, _ = request(port, "GET", "/missing.js")
    checks.check("security headers on 404s too", headers.get("x-content-type-options") == "nosniff", str(headers))
    checks.check("no nginx version in Server", headers.get("server") == "nginx", str(headers.get("server")))


if __name__ == "__main__":
    os.environ.pop("http_proxy", None)
    sys.exit(main())
