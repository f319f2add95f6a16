#!/usr/bin/env python3
# Seeds one offer with N scored applications through the HTTP API, then measures its dashboard
# with wrk (Debian package). Usage: bench_dashboard.py --offreapi BIN --database-url URL [-n 1000]
import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PDF = os.path.join(ROOT, "crates/api/tests/fixtures/pdf/cv_en_rust_backend.pdf")


def call(base, method, path, body=None, token=None, content_type="application/json"):
    data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        request.add_header("content-type", content_type)
    if token:
        request.add_header("authorization", "Bearer " + token)
    # Seeding under load can queue behind PDF extractions: be patient.
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read() or b"null")


def multipart(pdf):
    boundary = "offreapi-bench-boundary"
    body = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"cv\"; filename=\"cv.pdf\"\r\n"
        "Content-Type: application/pdf\r\n\r\n"
    ).encode() + pdf + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--offreapi", required=True)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--duration", default="15s")
    args = parser.parse_args()

    env = dict(os.environ, JWT_SECRET="bench-secret-0123456789-0123456789-01234")
    server = subprocess.Popen(
        [args.offreapi, "--bind", "127.0.0.1:0", "--database-url", args.database_url,
         "--auth-rate-limit-per-minute", "0", "--log-format", "json", "serve"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        base = None
        for line in server.stderr:
            if "OffreAPI is listening" in line:
                base = "http://" + json.loads(line)["address"]
                break
        if base is None:
            sys.exit("the server did not start")
        # Keep reading its log, or the pipe fills and the server blocks on its next line.
        threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()
        api = base + "/api/v1"
        suffix = str(int(time.time()))
        recruiter = call(api, "POST", "/auth/register", {
            "email": f"rh-{suffix}@bench.test", "password": "correct horse battery",
            "full_name": "Bench Recruiter", "role": "recruiter"})["token"]
        offer = call(api, "POST", "/offers", {
            "title": "Senior backend engineer (Rust)",
            "description": "Build web APIs in Rust on PostgreSQL and Kubernetes, with CI/CD.",
            "location": "Lyon", "skills": ["Rust", "PostgreSQL", "Kubernetes", "CI/CD"]},
            token=recruiter)
        pdf = open(PDF, "rb").read()
        body, content_type = multipart(pdf)

        def apply(i):
            token = call(api, "POST", "/auth/register", {
                "email": f"c{i}-{suffix}@bench.test", "password": "correct horse battery",
                "full_name": f"Candidate {i}", "role": "candidate"})["token"]
            call(api, "POST", f"/offers/{offer['id']}/applications", body, token, content_type)

        started = time.time()
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(apply, range(args.n)))
        print(f"seeded {args.n} applications in {time.time() - started:.1f} s")
        dashboard = call(api, "GET", f"/offers/{offer['id']}/dashboard", token=recruiter)
        assert dashboard["count"] == args.n, dashboard["count"]
        url = f"{api}/offers/{offer['id']}/dashboard"
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(f'wrk.headers["Authorization"] = "Bearer {recruiter}"\n')
        for connections in (1, 4):
            out = subprocess.run(
                ["wrk", "-t1", f"-c{connections}", f"-d{args.duration}", "--latency", "-s", script.name, url],
                capture_output=True, text=True, check=True).stdout
            print(f"--- wrk -t1 -c{connections} -d{args.duration} --latency {url}")
            print(out)
        os.unlink(script.name)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
