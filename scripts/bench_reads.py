#!/usr/bin/env python3
# Side-by-side throughput of the public reads with the in-memory offer cache off and on, with
# /healthz as the ceiling, on SQLite (BENCHMARKS.md, "Public reads: the offer cache").
"""Two release servers, one started with --read-cache-ms 0 (every read goes to the database,
as before the cache) and one with the default, each on its own new SQLite file seeded through
the HTTP API (bench_http.seed: 40 listed offers, an offer with 100 applications). Each round runs
wrk -t2 -c16 on /healthz, the offers list, one offer and the 100-application dashboard against
both servers in turn, so that both see the same machine noise. Prints a table of medians and
writes every run to --out.

    python3 scripts/bench_reads.py --rounds 3 --duration 10 --out reads.json

With --builds DIR,DIR,... it compares release builds instead (each DIR holds offreapi and
offreapi-pdf), every one with the cache off, so that the figures show the code, e.g. the
release profile's settings.
"""

import argparse
import json
import os
import shutil
import statistics
import tempfile

from bench_http import (Endpoint, SERVER_LOG, log, proc_memory, run_wrk, seed, sha256,
                        start_server)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin-dir", default=os.path.expanduser("~/.cache/offreapi/target/release"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--builds", help="comma-separated directories of release builds")
    parser.add_argument("--out", default="bench_reads.json")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="offreapi-bench-reads-")
    if args.builds:
        variants = [(os.path.basename(d.rstrip("/")), d, ["--read-cache-ms", "0"])
                    for d in args.builds.split(",")]
    else:
        variants = [("cache off", args.bin_dir, ["--read-cache-ms", "0"]),
                    ("cache on", args.bin_dir, [])]
    servers = {}
    try:
        for label, bin_dir, extra in variants:
            # Copies, so that a rebuild during the run cannot swap the binaries.
            copy = os.path.join(workdir, label.replace(" ", "-"))
            os.makedirs(copy, exist_ok=True)
            for name in ("offreapi", "offreapi-pdf"):
                shutil.copy2(os.path.join(bin_dir, name), os.path.join(copy, name))
            binary = os.path.join(copy, "offreapi")
            log(f"{label}: offreapi sha256 {sha256(binary)}, {os.path.getsize(binary):,} bytes")
            database_url = f"sqlite://{workdir}/{label.replace(' ', '-')}.db"
            server, base = start_server(binary, database_url,
                                        os.path.join(workdir, f"{label}.log"), extra)
            SERVER_LOG[server.pid] = os.path.join(workdir, f"{label}.log")
            seeded = seed(base, 100, 40, 0)
            auth = f'wrk.headers["Authorization"] = "Bearer {seeded["recruiter"]}"\n'
            servers[label] = (server, base, [
                Endpoint("healthz", "/healthz"),
                Endpoint("offers list", "/api/v1/offers"),
                Endpoint("one offer", f"/api/v1/offers/{seeded['offer']}"),
                Endpoint("dashboard, 100 applications",
                         f"/api/v1/offers/{seeded['dash100']}/dashboard", auth),
            ])
        runs = []
        for round_ in range(args.rounds):
            for label, (server, base, endpoints) in servers.items():
                for endpoint in endpoints:
                    run_wrk(base, endpoint, args.connections, 2, server.pid, workdir)
                    result = run_wrk(base, endpoint, args.connections, args.duration,
                                     server.pid, workdir)
                    result.update({"round": round_, "server": label})
                    runs.append(result)
                    log(f"round {round_} {label:9} {endpoint.name:28} {result['rps']:9.0f} req/s"
                        f"  p99 {result['p99_us'] / 1000:6.2f} ms  errors {result['errors']}"
                        f"  cpu/1000 {result['cpu_s_per_1000']:.3f} s"
                        f"  rss peak {result['rss_peak_kib'] / 1024:.1f} MiB")
        memory = {label: proc_memory(server.pid) for label, (server, _, _) in servers.items()}
    finally:
        for server, _, _ in servers.values():
            server.terminate()
            server.wait()
        shutil.rmtree(workdir, ignore_errors=True)

    print("| endpoint | server | req/s, median (range) | ÷ /healthz, median | p99 ms | CPU-s per 1,000 | peak RSS MiB |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for label in servers:
        health = {r["round"]: r["rps"] for r in runs
                  if r["server"] == label and r["endpoint"] == "healthz"}
        for name in [e.name for e in servers[label][2]]:
            mine = [r for r in runs if r["server"] == label and r["endpoint"] == name]
            rps = [r["rps"] for r in mine]
            ratio = statistics.median(r["rps"] / health[r["round"]] for r in mine)
            print(f"| {name} | {label} | {statistics.median(rps):,.0f} ({min(rps):,.0f}–{max(rps):,.0f})"
                  f" | {ratio:.3f} | {statistics.median(r['p99_us'] for r in mine) / 1000:.2f}"
                  f" | {statistics.median(r['cpu_s_per_1000'] for r in mine):.3f}"
                  f" | {max(r['rss_peak_kib'] for r in mine) / 1024:.1f} |")
    with open(args.out, "w") as f:
        json.dump({"runs": runs, "memory_at_end": memory}, f, indent=1)


if __name__ == "__main__":
    main()
