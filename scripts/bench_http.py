#!/usr/bin/env python3
# HTTP benchmarks of the release server on SQLite and PostgreSQL: saturation throughput (wrk),
# latency at half of it, CPU per 1,000 requests, resident memory and start-up time.
"""Reproduces BENCHMARKS.md, "HTTP throughput, latency and memory".

Nothing is built: the release binaries are copied to a temporary directory first (so that a
rebuild during the run cannot swap them) and their sha256 printed. Needs wrk (Debian) and, for
PostgreSQL, a server reachable at --postgres-admin-url (the script creates and drops the
database offreapi_bench). Every figure printed comes from this machine at run time; the raw
numbers go to --out as JSON.

For each database the script:

1. starts `offreapi --auth-rate-limit-per-minute 0 serve` and reads VmRSS/VmHWM idle;
2. seeds through the HTTP API only: one recruiter, 40 listed offers, an offer with 100 and one
   with 1,000 applications (1,000 candidates each uploading cv_en_rust_backend.pdf), and a pool
   of open offers that the upload runs apply to (a candidate applies once per offer);
3. in each of --rounds rounds, for every endpoint and every --connections value: wrk -t2 for 2 s
   (warm-up), then for --duration with --latency; offreapi's utime+stime (and its reaped
   children's, i.e. offreapi-pdf) from /proc/PID/stat before and after, VmRSS sampled every
   50 ms, and the machine's busy time (so other processes' share can be reported);
4. latency at 50 % of saturation: wrk with 64 connections, each waiting an exponential
   "think time" between requests (a wrk `delay()`), calibrated so that the achieved rate is
   half of the endpoint's saturation throughput; still closed loop (at most 64 outstanding);
5. offreapi-load (open loop, its default mix): closed loop with 32 users to find the mix's
   saturation, then open-loop Poisson arrivals at half of it;
6. memory again at the end, then idle.

Memory part (SQLite): the same seeding, then for each endpoint a fresh server on that database,
VmRSS idle, wrk at the largest --connections (warm-up, then --duration), peak VmRSS and VmHWM,
and VmRSS 2 s after: one endpoint's peak cannot leak into the next one's figure. Also context
switches per request (all the server's threads, /proc/PID/task/*/status).

Start-up part: exec to the first 200 of /readyz on SQLite, polled every 1 ms, on a database
already migrated and on a new file; with hyperfine installed, `offreapi migrate` timed too.

    python3 scripts/bench_http.py                      # everything, about 45 minutes
    python3 scripts/bench_http.py --parts memory,startup --rounds 1
"""
import argparse
import hashlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

# The seeding client of the dashboard benchmark (this directory is on sys.path when run).
from bench_dashboard import call

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PDF = os.path.join(ROOT, "crates/api/tests/fixtures/pdf/cv_en_rust_backend.pdf")
CVS = os.path.join(ROOT, "crates/api/tests/fixtures/pdf")
TICK = os.sysconf("SC_CLK_TCK")
SECRET = "bench-http-secret-0123456789-abcdefghijklmnop"
PASSWORD = "correct horse battery staple"
BOUNDARY = "offreapi-bench-boundary"


def log(*args):
    print(time.strftime("%H:%M:%S"), *args, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- HTTP client for seeding

def multipart(pdf):
    return (
        f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"cv\"; filename=\"cv.pdf\"\r\n"
        "Content-Type: application/pdf\r\n\r\n"
    ).encode() + pdf + f"\r\n--{BOUNDARY}--\r\n".encode()


OFFER_KINDS = [
    ("Développeuse backend Rust", ["Rust", "PostgreSQL", "Kubernetes", "Docker"], "Lyon"),
    ("Frontend engineer", ["TypeScript", "React", "CSS"], "Paris"),
    ("Data engineer", ["Python", "SQL", "Spark", "Airflow"], "Remote"),
    ("Comptable", ["Comptabilité", "TVA", "Bilan"], "Nantes"),
]


def offer_body(i, title=None):
    kind_title, skills, location = OFFER_KINDS[i % len(OFFER_KINDS)]
    title = title or f"{kind_title} ({i})"
    return {
        "title": title,
        "description": f"{title}: build and run our services. Skills: {', '.join(skills)}. "
                       "Une équipe de huit personnes, télétravail partiel.",
        "location": location, "skills": skills, "questions": []}


# ---------------------------------------------------------------- /proc readings

def proc_ticks(pid):
    """utime+stime of the process, and cutime+cstime of its reaped children, in ticks."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # fields[0] is the state (field 3); utime is field 14 → index 11.
    return int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])


def proc_memory(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                out[line.split(":")[0]] = int(line.split()[1])  # KiB
    return out


def machine_busy_ticks():
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal
    return sum(values[:3]) + sum(values[5:8])


def postgres_ticks():
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/comm") as f:
                if f.read().strip() != "postgres":
                    continue
            total += proc_ticks(int(pid))[0]
        except (FileNotFoundError, ProcessLookupError, IndexError):
            pass
    return total


def loadavg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


class RssSampler:
    def __init__(self, pid, interval=0.05):
        self.pid, self.interval, self.peak = pid, interval, 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        while not self.stop.is_set():
            try:
                self.peak = max(self.peak, proc_memory(self.pid)["VmRSS"])
            except (FileNotFoundError, KeyError):
                return
            self.stop.wait(self.interval)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


# ---------------------------------------------------------------- wrk

LUA_COMMON = r"""
local counter = 1
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,' ..
    '"status":%d,"timeout":%d,"mean_us":%.1f,"max_us":%d,"p50_us":%d,"p75_us":%d,"p90_us":%d,' ..
    '"p99_us":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency.mean, latency.max, latency:percentile(50), latency:percentile(75),
    latency:percentile(90), latency:percentile(99)))
end
"""

LUA_THINK = r"""
local think_ms = %(think_ms)f
function delay()
  if think_ms <= 0 then return 0 end
  local x = -think_ms * math.log(1 - math.random())
  return math.floor(x + math.random())
end
"""

LUA_INIT_SEED = r"""
function init(args)
  math.randomseed(%(seed)d + tid)
  %(init_more)s
end
"""

LUA_UPLOAD = r"""
local items = {}
local body
local n = 0
function upload_init()
  local f = assert(io.open("%(pdf)s", "rb"))
  local pdf = f:read("*a")
  f:close()
  body = "--%(boundary)s\r\nContent-Disposition: form-data; name=\"cv\"; filename=\"cv.pdf\"\r\n" ..
         "Content-Type: application/pdf\r\n\r\n" .. pdf .. "\r\n--%(boundary)s--\r\n"
  local i = 0
  for line in io.lines("%(pairs)s") do
    if i %% %(threads)d == tid - 1 then
      local token, offer = line:match("(%%S+) (%%S+)")
      table.insert(items, {"/api/v1/offers/" .. offer .. "/applications", "Bearer " .. token})
    end
    i = i + 1
  end
end
function request()
  n = n + 1
  local item = items[((n - 1) %% #items) + 1]
  return wrk.format("POST", item[1], {["Authorization"] = item[2],
    ["Content-Type"] = "multipart/form-data; boundary=%(boundary)s"}, body)
end
"""


class Endpoint:
    def __init__(self, name, path, lua="", upload=False):
        self.name, self.path, self.lua, self.upload = name, path, lua, upload


def thread_ticks(pid):
    """Ticks (utime+stime) of each thread of the process, keyed by thread id, with its name."""
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                text = f.read()
            name = text[text.index("(") + 1:text.rindex(")")]
            fields = text.rsplit(")", 1)[1].split()
            switches = 0
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                for line in f:
                    if "ctxt_switches:" in line:
                        switches += int(line.split()[1])
            out[tid] = (name, int(fields[11]) + int(fields[12]), switches)
        except (FileNotFoundError, ProcessLookupError):
            pass
    return out


def by_thread_name(before, after):
    """CPU seconds per thread name between two thread_ticks readings (digits folded to #)."""
    groups = {}
    for tid, (name, ticks, _) in after.items():
        key = "".join("#" if c.isdigit() else c for c in name)
        groups[key] = groups.get(key, 0) + (ticks - before.get(tid, (name, 0, 0))[1]) / TICK
    return {k: round(v, 2) for k, v in sorted(groups.items(), key=lambda kv: -kv[1]) if v > 0}


def context_switches(before, after):
    """Voluntary + involuntary context switches of the process's threads between two readings."""
    return sum(sw - before.get(tid, (None, 0, 0))[2] for tid, (_, _, sw) in after.items())


SERVER_LOG = {}


def run_wrk(base, endpoint, connections, duration, server_pid, workdir, *, threads=2,
            think_ms=None, upload_pairs=None, seed=1):
    """One wrk run; returns wrk's figures with the server's CPU and memory over the run."""
    lua = LUA_COMMON + endpoint.lua
    init_more = ""
    if endpoint.upload:
        lua += LUA_UPLOAD % {"pdf": PDF, "boundary": BOUNDARY, "pairs": upload_pairs,
                             "threads": threads}
        init_more = "upload_init()"
    lua += LUA_INIT_SEED % {"seed": seed, "init_more": init_more}
    if think_ms is not None:
        lua += LUA_THINK % {"think_ms": think_ms}
    script = os.path.join(workdir, f"wrk-{endpoint.name}.lua")
    with open(script, "w") as f:
        f.write(lua)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "30s",
               "--latency", "-s", script, base + endpoint.path]
    tasks0 = thread_ticks(server_pid)
    ticks0, children0 = proc_ticks(server_pid)
    pg0, busy0, wall0 = postgres_ticks(), machine_busy_ticks(), time.perf_counter()
    with RssSampler(server_pid) as sampler:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        out = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - wall0
    ticks1, children1 = proc_ticks(server_pid)
    pg1, busy1 = postgres_ticks(), machine_busy_ticks()
    tasks1 = thread_ticks(server_pid)
    if server_pid in SERVER_LOG:
        os.truncate(SERVER_LOG[server_pid], 0)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{out}")
    result = json.loads(out.split("RESULT ", 1)[1].splitlines()[0])
    seconds = result["duration_us"] / 1e6
    server_cpu = (ticks1 - ticks0) / TICK
    children_cpu = (children1 - children0) / TICK
    pg_cpu = (pg1 - pg0) / TICK
    wrk_cpu = usage.ru_utime + usage.ru_stime
    busy = (busy1 - busy0) / TICK
    memory = proc_memory(server_pid)
    result.update({
        "endpoint": endpoint.name, "connections": connections, "command": " ".join(command),
        "rps": result["requests"] / seconds,
        "errors": result["connect"] + result["read"] + result["write"] + result["status"]
                  + result["timeout"],
        "server_cpu_s": server_cpu, "children_cpu_s": children_cpu, "postgres_cpu_s": pg_cpu,
        "wrk_cpu_s": wrk_cpu, "machine_busy_s": busy, "wall_s": wall,
        "other_cpu_share": max(0.0, busy - server_cpu - children_cpu - pg_cpu - wrk_cpu)
                           / (wall * os.cpu_count()),
        "cpu_s_per_1000": 1000 * server_cpu / max(result["requests"], 1),
        "cpu_s_per_1000_with_children": 1000 * (server_cpu + children_cpu) / max(result["requests"], 1),
        "postgres_cpu_s_per_1000": 1000 * pg_cpu / max(result["requests"], 1),
        "rss_peak_kib": sampler.peak, "rss_end_kib": memory["VmRSS"],
        "hwm_kib": memory["VmHWM"], "loadavg_after": loadavg(),
        "server_threads": len(tasks1), "cpu_by_thread": by_thread_name(tasks0, tasks1),
        "context_switches_per_request": context_switches(tasks0, tasks1)
                                        / max(result["requests"], 1),
    })
    return result


# ---------------------------------------------------------------- server

def start_server(binary, database_url, log_path, extra=()):
    # The log (one JSON line per request) goes to a file opened for appending, so the benchmark
    # does not spend CPU reading it and can truncate it between runs.
    open(log_path, "wb").close()
    log_file = open(log_path, "ab")
    server = subprocess.Popen(
        [binary, "--database-url", database_url, "--bind", "127.0.0.1:0",
         "--jwt-secret", SECRET, "--auth-rate-limit-per-minute", "0", "--log-format", "json",
         *extra, "serve"],
        stdout=subprocess.DEVNULL, stderr=log_file)
    log_file.close()
    base = None
    deadline = time.time() + 120
    while base is None:
        if server.poll() is not None or time.time() > deadline:
            sys.exit("the server did not start")
        with open(log_path, errors="replace") as f:
            for line in f:
                if "OffreAPI is listening" in line:
                    base = "http://" + json.loads(line)["address"]
        time.sleep(0.01)
    while True:
        try:
            with urllib.request.urlopen(base + "/readyz", timeout=5) as r:
                if r.status == 200:
                    break
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.01)
    return server, base


def seed(base, n_candidates, n_list_offers, pool_offers):
    api = base + "/api/v1"
    started = time.time()
    email = "rh@bench.test"
    recruiter = call(api, "POST", "/auth/register", {
        "email": email, "password": PASSWORD, "full_name": "Bench Recruiter",
        "role": "recruiter"})["token"]
    for i in range(n_list_offers):
        call(api, "POST", "/offers", offer_body(i), token=recruiter)
    dash100 = call(api, "POST", "/offers", offer_body(0, "Senior backend engineer (Rust), 100"),
                   token=recruiter)["id"]
    dash1000 = call(api, "POST", "/offers", offer_body(0, "Senior backend engineer (Rust), 1000"),
                    token=recruiter)["id"]
    pool = [call(api, "POST", "/offers", offer_body(i, f"Upload pool offer {i}"),
                 token=recruiter)["id"] for i in range(pool_offers)]
    some_offer = call(api, "GET", "/offers?page=1")["items"][0]["id"]
    body = multipart(open(PDF, "rb").read())
    content_type = f"multipart/form-data; boundary={BOUNDARY}"

    def candidate(i):
        token = call(api, "POST", "/auth/register", {
            "email": f"c{i}@bench.test", "password": PASSWORD,
            "full_name": f"Candidate {i}", "role": "candidate"})["token"]
        call(api, "POST", f"/offers/{dash1000}/applications", body, token, content_type)
        if i < 100:
            call(api, "POST", f"/offers/{dash100}/applications", body, token, content_type)
        return token

    t0 = time.time()
    with ThreadPoolExecutor(max_workers=4) as pool_exec:
        tokens = list(pool_exec.map(candidate, range(n_candidates)))
    applied = time.time() - t0
    for offer, n in ((dash100, min(100, n_candidates)), (dash1000, n_candidates)):
        count = call(api, "GET", f"/offers/{offer}/dashboard", token=recruiter)["count"]
        assert count == n, (offer, count, n)
    dashboard_bytes = len(urllib.request.urlopen(urllib.request.Request(
        f"{api}/offers/{dash1000}/dashboard",
        headers={"authorization": "Bearer " + recruiter})).read())
    list_body = urllib.request.urlopen(api + "/offers").read()
    return {
        "recruiter": recruiter, "email": email, "dash100": dash100, "dash1000": dash1000,
        "pool": pool, "offer": some_offer, "candidates": tokens,
        "open_offers": json.loads(list_body)["total"], "list_bytes": len(list_body),
        "dashboard1000_bytes": dashboard_bytes,
        "register_and_apply_s": applied, "seed_s": time.time() - started,
    }


class UploadPairs:
    """Fresh (candidate, offer) pairs for each upload run: offers from the pre-made pool."""

    def __init__(self, seeded, workdir):
        self.seeded, self.workdir, self.next, self.files = seeded, workdir, 0, 0

    def file(self, offers_needed):
        pool = self.seeded["pool"]
        if self.next + offers_needed > len(pool):
            raise RuntimeError("the upload offer pool is exhausted: raise --pool-offers")
        offers = pool[self.next:self.next + offers_needed]
        self.next += offers_needed
        self.files += 1
        path = os.path.join(self.workdir, f"pairs-{self.files}.txt")
        with open(path, "w") as f:
            # Interleave offers so both wrk threads spread over all of them.
            for offer in offers:
                for token in self.seeded["candidates"]:
                    f.write(f"{token} {offer}\n")
        return path


def endpoints(seeded):
    auth = f'wrk.headers["Authorization"] = "Bearer {seeded["recruiter"]}"\n'
    login = ('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
             f'wrk.body = \'{json.dumps({"email": seeded["email"], "password": PASSWORD})}\'\n')
    return [
        Endpoint("healthz", "/healthz"),
        Endpoint("offers list", "/api/v1/offers"),
        Endpoint("one offer", f"/api/v1/offers/{seeded['offer']}"),
        Endpoint("login", "/api/v1/auth/login", login),
        Endpoint("dashboard, 100 applications", f"/api/v1/offers/{seeded['dash100']}/dashboard", auth),
        Endpoint("dashboard, 1,000 applications", f"/api/v1/offers/{seeded['dash1000']}/dashboard", auth),
        Endpoint("CV upload", "/api/v1/offers", upload=True),  # the path comes from the script,
    ]


def offers_for(rate, seconds, candidates):
    return max(1, int(rate * seconds * 1.5 / candidates) + 1)


def bench_database(label, binary, loadgen, database_url, args, workdir):
    log(f"[{label}] starting the server on {database_url}")
    log_path = os.path.join(workdir, f"server-{label}.log")
    server, base = start_server(binary, database_url, log_path)
    pid = server.pid
    SERVER_LOG[pid] = log_path
    report = {"database": label, "database_url": database_url, "runs": [], "latency": [],
              "loadgen": []}
    try:
        time.sleep(1.0)
        report["idle_after_start"] = proc_memory(pid)
        log(f"[{label}] idle after start: {report['idle_after_start']}")
        seeded = seed(base, args.candidates, args.list_offers, args.pool_offers)
        report["seed"] = {k: v for k, v in seeded.items()
                          if k not in ("candidates", "recruiter", "pool")}
        report["after_seed"] = proc_memory(pid)
        log(f"[{label}] seeded: {report['seed']}")
        pairs = UploadPairs(seeded, workdir)
        eps = endpoints(seeded)
        # Saturation: rounds × endpoints × connection counts, warm-up before each.
        for round_ in range(args.rounds):
            for endpoint in eps:
                for connections in args.connections:
                    kwargs = {}
                    if endpoint.upload:
                        kwargs["upload_pairs"] = pairs.file(offers_for(600, 2, args.candidates))
                    run_wrk(base, endpoint, connections, 2, pid, workdir, **kwargs)
                    if endpoint.upload:
                        kwargs["upload_pairs"] = pairs.file(
                            offers_for(600, args.duration, args.candidates))
                    result = run_wrk(base, endpoint, connections, args.duration, pid, workdir,
                                     **kwargs)
                    result["round"] = round_
                    report["runs"].append(result)
                    log(f"[{label}] round {round_} {endpoint.name:32} c{connections:<3} "
                        f"{result['rps']:9.1f} req/s  p99 {result['p99_us'] / 1000:8.2f} ms  "
                        f"errors {result['errors']}  cpu/1000 {result['cpu_s_per_1000']:.3f} s  "
                        f"rss peak {result['rss_peak_kib'] / 1024:.1f} MiB  "
                        f"others {100 * result['other_cpu_share']:.0f} %  "
                        f"threads {json.dumps(result['cpu_by_thread'])}")
        # Latency at half of saturation (per endpoint: the median, over rounds, of its best
        # connection count).
        for round_ in range(args.rounds):
            for endpoint in eps:
                saturation = max(
                    statistics.median(r["rps"] for r in report["runs"]
                                      if r["endpoint"] == endpoint.name and r["connections"] == c)
                    for c in args.connections)
                target = saturation / 2
                c = 64
                think = 1000 * c / target
                kwargs = {}
                if endpoint.upload:
                    kwargs["upload_pairs"] = pairs.file(offers_for(target, 4, args.candidates))
                calibration = run_wrk(base, endpoint, c, 4, pid, workdir, think_ms=think,
                                      seed=round_, **kwargs)
                service_ms = max(0.0, 1000 * c / calibration["rps"] - think)
                think = max(0.0, 1000 * c / target - service_ms)
                if endpoint.upload:
                    kwargs["upload_pairs"] = pairs.file(
                        offers_for(target, args.duration, args.candidates))
                result = run_wrk(base, endpoint, c, args.duration, pid, workdir, think_ms=think,
                                 seed=100 + round_, **kwargs)
                result.update({"round": round_, "saturation_rps": saturation,
                               "think_ms": think, "load": result["rps"] / saturation})
                report["latency"].append(result)
                log(f"[{label}] half load {endpoint.name:32} {result['rps']:9.1f} req/s "
                    f"({100 * result['load']:.0f} % of {saturation:.0f})  "
                    f"p50 {result['p50_us'] / 1000:.2f} ms  p99 {result['p99_us'] / 1000:.2f} ms")
        # offreapi-load: the mixed workload, closed loop to saturate it, then open loop at half.
        for round_ in range(args.rounds):
            closed = run_loadgen(loadgen, base, "closed", 32, args.loadgen_seconds, round_)
            total = sum(op["achieved_rate"] for op in closed["operations"])
            opened = run_loadgen(loadgen, base, "open", round(total / 2, 1),
                                 args.loadgen_seconds, round_)
            report["loadgen"].append({"round": round_, "closed_ops_per_s": total,
                                      "closed": closed, "open": opened})
            log(f"[{label}] offreapi-load closed 32 users: {total:.1f} ops/s; open at "
                f"{total / 2:.1f}/s: " + ", ".join(
                    f"{op['operation']} p50 {op['latency_ms']['p50']:.1f} p99 "
                    f"{op['latency_ms']['p99']:.1f} ms" for op in opened["operations"]))
        report["after_load"] = proc_memory(pid)
        time.sleep(5)
        report["idle_after_load"] = proc_memory(pid)
        log(f"[{label}] after load: {report['after_load']}, idle 5 s later: "
            f"{report['idle_after_load']}")
    finally:
        server.terminate()
        server.wait(timeout=60)
    return report


def run_loadgen(loadgen, base, mode, rate, seconds, seed):
    command = [loadgen, "--target", base, "--mode", mode, "--rate", str(rate),
               "--duration", str(seconds), "--seed", str(seed + 1), "--cvs", CVS,
               "--json", "--quiet"]
    out = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT).stdout
    summary = json.loads(out)
    summary["command"] = " ".join(command)
    return summary


def bench_memory(binary, args, workdir):
    """Resident memory per endpoint on SQLite: a fresh server for each endpoint (so that one
    endpoint's peak does not stay in the next one's figure), idle, then wrk at saturation."""
    url = f"sqlite://{workdir}/memory-db/offreapi.sqlite"
    log_path = os.path.join(workdir, "server-memory.log")
    server, base = start_server(binary, url, log_path)
    try:
        seeded = seed(base, args.candidates, args.list_offers, args.pool_offers)
    finally:
        server.terminate()
        server.wait(timeout=60)
    pairs = UploadPairs(seeded, workdir)
    connections = max(args.connections)
    out = []
    for round_ in range(args.rounds):
        for endpoint in endpoints(seeded):
            server, base = start_server(binary, url, log_path)
            SERVER_LOG[server.pid] = log_path
            try:
                time.sleep(1.0)
                idle = proc_memory(server.pid)
                kwargs = {}
                if endpoint.upload:
                    kwargs["upload_pairs"] = pairs.file(offers_for(600, 2, args.candidates))
                run_wrk(base, endpoint, connections, 2, server.pid, workdir, **kwargs)
                if endpoint.upload:
                    kwargs["upload_pairs"] = pairs.file(
                        offers_for(600, args.duration, args.candidates))
                result = run_wrk(base, endpoint, connections, args.duration, server.pid, workdir,
                                 **kwargs)
                time.sleep(2.0)
                result.update({"round": round_, "idle_before_kib": idle["VmRSS"],
                               "idle_after_kib": proc_memory(server.pid)["VmRSS"]})
                out.append(result)
                log(f"[memory] round {round_} {endpoint.name:32} c{connections} "
                    f"{result['rps']:9.1f} req/s  idle {idle['VmRSS'] / 1024:.1f} MiB, peak "
                    f"{result['rss_peak_kib'] / 1024:.1f}, HWM {result['hwm_kib'] / 1024:.1f}, "
                    f"2 s after {result['idle_after_kib'] / 1024:.1f} MiB  "
                    f"{result['context_switches_per_request']:.2f} context switches per request  "
                    f"threads {json.dumps(result['cpu_by_thread'])}")
            finally:
                server.terminate()
                server.wait(timeout=60)
    return out


# ---------------------------------------------------------------- start-up

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ready_once(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            return s.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


def time_startup(binary, database_url):
    port = free_port()
    t0 = time.perf_counter()
    server = subprocess.Popen(
        [binary, "--database-url", database_url, "--bind", f"127.0.0.1:{port}",
         "--jwt-secret", SECRET, "serve"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not ready_once(port):
            if time.perf_counter() - t0 > 30:
                raise RuntimeError("not ready after 30 s")
            time.sleep(0.001)
        ready = time.perf_counter() - t0
        memory = proc_memory(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=60)
    return ready, memory


def bench_startup(binary, runs, workdir):
    existing = os.path.join(workdir, "startup", "existing.sqlite")
    os.makedirs(os.path.dirname(existing), exist_ok=True)
    time_startup(binary, f"sqlite://{existing}")  # creates and migrates it once
    out = {"existing": [], "fresh": []}
    for i in range(runs):
        # Alternate the two kinds so that noise hits both alike.
        seconds, memory = time_startup(binary, f"sqlite://{existing}")
        out["existing"].append({"seconds": seconds, **memory})
        fresh = os.path.join(workdir, "startup", f"fresh-{i}", "db.sqlite")
        seconds, memory = time_startup(binary, f"sqlite://{fresh}")
        out["fresh"].append({"seconds": seconds, **memory})
    if shutil.which("hyperfine"):
        # Cross-check of the process alone: exec, open the database, check migrations, exit.
        export = os.path.join(workdir, "startup", "hyperfine.json")
        command = ["hyperfine", "-N", "--warmup", "3", "--runs", str(runs), "--export-json", export,
                   f"{binary} --database-url sqlite://{existing} migrate"]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        with open(export) as f:
            result = json.load(f)["results"][0]
        out["hyperfine_migrate"] = {"command": " ".join(command), "median_s": result["median"],
                                    "mean_s": result["mean"], "min_s": result["min"],
                                    "max_s": result["max"]}
        log(f"hyperfine offreapi migrate (existing SQLite): median {1000 * result['median']:.1f} ms")
    for kind in ("existing", "fresh"):
        samples = out[kind]
        times = sorted(s["seconds"] * 1000 for s in samples)
        log(f"start-up to ready, SQLite {kind}: median {statistics.median(times):.1f} ms, "
            f"min {times[0]:.1f}, max {times[-1]:.1f} ({len(times)} runs)")
    return out


# ---------------------------------------------------------------- summary

def summarise(report):
    lines = []
    if report.get("memory"):
        lines.append("\n## resident memory on SQLite, a fresh server per endpoint (MiB)")
        lines.append("| endpoint | req/s | idle before | peak VmRSS | VmHWM | 2 s after | ctx switches / req |")
        for name in dict.fromkeys(r["endpoint"] for r in report["memory"]):
            runs = [r for r in report["memory"] if r["endpoint"] == name]
            med = lambda key: statistics.median(r[key] for r in runs)
            lines.append(f"| {name} | {med('rps'):.1f} | {med('idle_before_kib') / 1024:.1f} | "
                         f"{med('rss_peak_kib') / 1024:.1f} (max {max(r['rss_peak_kib'] for r in runs) / 1024:.1f}) | "
                         f"{med('hwm_kib') / 1024:.1f} | {med('idle_after_kib') / 1024:.1f} | "
                         f"{med('context_switches_per_request'):.2f} |")
    for kind in ("existing", "fresh"):
        if report.get("startup", {}).get(kind):
            times = [s["seconds"] * 1000 for s in report["startup"][kind]]
            rss = [s["VmRSS"] / 1024 for s in report["startup"][kind]]
            lines.append(f"start-up to ready, SQLite {kind}: median {statistics.median(times):.1f} ms "
                         f"(min {min(times):.1f}, max {max(times):.1f}), VmRSS at ready median "
                         f"{statistics.median(rss):.1f} MiB")
    for db in report["databases"]:
        lines.append(f"\n## {db['database']}  (idle after start: "
                     f"VmRSS {db['idle_after_start']['VmRSS'] / 1024:.1f} MiB)")
        lines.append("| endpoint | conns | req/s (median) | ratio to /healthz (median) | p50 ms | "
                     "p99 ms | CPU s / 1000 req | +children | PostgreSQL CPU s / 1000 | "
                     "RSS peak MiB | errors |")
        names = list(dict.fromkeys(r["endpoint"] for r in db["runs"]))
        conns = sorted({r["connections"] for r in db["runs"]})
        for name in names:
            for c in conns:
                runs = [r for r in db["runs"] if r["endpoint"] == name and r["connections"] == c]
                ratios = []
                for r in runs:
                    health = [h for h in db["runs"] if h["endpoint"] == "healthz"
                              and h["connections"] == c and h["round"] == r["round"]]
                    ratios.append(r["rps"] / health[0]["rps"])
                med = lambda key: statistics.median(r[key] for r in runs)
                lines.append(
                    f"| {name} | {c} | {med('rps'):.1f} ({min(r['rps'] for r in runs):.0f}–"
                    f"{max(r['rps'] for r in runs):.0f}) | {statistics.median(ratios):.3f} | "
                    f"{med('p50_us') / 1000:.2f} | {med('p99_us') / 1000:.2f} | "
                    f"{med('cpu_s_per_1000'):.3f} | {med('cpu_s_per_1000_with_children'):.3f} | "
                    f"{med('postgres_cpu_s_per_1000'):.3f} | "
                    f"{max(r['rss_peak_kib'] for r in runs) / 1024:.1f} | "
                    f"{sum(r['errors'] for r in runs)} |")
        lines.append("\nhalf load (wrk, 64 connections with exponential think time):")
        for name in names:
            runs = [r for r in db["latency"] if r["endpoint"] == name]
            med = lambda key: statistics.median(r[key] for r in runs)
            lines.append(f"| {name} | {med('rps'):.1f} req/s | {100 * med('load'):.0f} % | "
                         f"p50 {med('p50_us') / 1000:.2f} ms | p90 {med('p90_us') / 1000:.2f} ms | "
                         f"p99 {med('p99_us') / 1000:.2f} ms | errors "
                         f"{sum(r['errors'] for r in runs)} |")
        lines.append("\noffreapi-load open loop at half of the closed-loop saturation:")
        for lg in db["loadgen"]:
            lines.append(f"round {lg['round']}: closed {lg['closed_ops_per_s']:.1f} ops/s; open: " +
                         "; ".join(f"{op['operation']} {op['count']} ops p50 "
                                   f"{op['latency_ms']['p50']:.1f} p90 {op['latency_ms']['p90']:.1f} "
                                   f"p99 {op['latency_ms']['p99']:.1f} ms errors {op['errors']}"
                                   for op in lg["open"]["operations"]))
        lines.append(f"memory: after seeding {db['after_seed']}, after load {db['after_load']}, "
                     f"idle 5 s after {db['idle_after_load']}")
    return "\n".join(lines)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin-dir", default=os.path.expanduser("~/.cache/offreapi/target/release"))
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--postgres-admin-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds per measured wrk run")
    parser.add_argument("--connections", default="16,64")
    parser.add_argument("--candidates", type=int, default=1000)
    parser.add_argument("--list-offers", type=int, default=40)
    parser.add_argument("--pool-offers", type=int, default=120)
    parser.add_argument("--loadgen-seconds", type=int, default=20)
    parser.add_argument("--startup-runs", type=int, default=20)
    parser.add_argument("--parts", default="throughput,memory,startup",
                        help="which parts to run: throughput (per --databases), memory, startup")
    parser.add_argument("--out", default="bench_http.json")
    args = parser.parse_args()
    args.connections = [int(c) for c in args.connections.split(",")]

    workdir = tempfile.mkdtemp(prefix="offreapi-bench-http-")
    bindir = os.path.join(workdir, "bin")
    os.makedirs(bindir)
    binaries = {}
    for name in ("offreapi", "offreapi-pdf", "offreapi-load"):
        shutil.copy2(os.path.join(args.bin_dir, name), bindir)
        binaries[name] = {"sha256": sha256(os.path.join(bindir, name)),
                          "mtime": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(
                              os.path.getmtime(os.path.join(args.bin_dir, name)))),
                          "bytes": os.path.getsize(os.path.join(bindir, name))}
    binary, loadgen = os.path.join(bindir, "offreapi"), os.path.join(bindir, "offreapi-load")
    with open("/proc/cpuinfo") as f:
        model = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    report = {
        "started_utc": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "machine": {"nproc": os.cpu_count(), "cpu": model, "uname": " ".join(os.uname()),
                    "clk_tck": TICK, "wrk": subprocess.run(["wrk", "-v"], capture_output=True,
                                                           text=True).stdout.splitlines()[0]},
        "binaries": binaries, "args": vars(args), "databases": [],
    }
    log(json.dumps(report["machine"]), json.dumps(binaries))
    try:
        parts = args.parts.split(",")
        for label in args.databases.split(",") if "throughput" in parts else []:
            if label == "sqlite":
                url = f"sqlite://{workdir}/db/offreapi.sqlite"
                report["databases"].append(bench_database("SQLite", binary, loadgen, url, args, workdir))
            elif label == "postgres":
                admin = args.postgres_admin_url
                subprocess.run(["psql", admin, "-qc", "DROP DATABASE IF EXISTS offreapi_bench"], check=True)
                subprocess.run(["psql", admin, "-qc", "CREATE DATABASE offreapi_bench"], check=True)
                url = admin.rsplit("/", 1)[0] + "/offreapi_bench"
                try:
                    report["databases"].append(
                        bench_database("PostgreSQL", binary, loadgen, url, args, workdir))
                finally:
                    subprocess.run(["psql", admin, "-qc", "DROP DATABASE IF EXISTS offreapi_bench"],
                                   check=True)
        if "memory" in parts:
            report["memory"] = bench_memory(binary, args, workdir)
        if "startup" in parts:
            report["startup"] = bench_startup(binary, args.startup_runs, workdir)
    finally:
        report["finished_utc"] = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
        with open(args.out, "w") as f:
            json.dump(report, f, indent=1)
        shutil.rmtree(workdir, ignore_errors=True)
    print(summarise(report))
    log(f"raw figures in {args.out}")


if __name__ == "__main__":
    main()
