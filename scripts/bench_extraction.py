# Benchmark of CV intake text extraction: the sandboxed `offreapi extract-pdf` child against
# PyMuPDF (in-process and in a fresh Python subprocess), timings and word-level text quality.
"""Time and compare PDF text extraction for the accepted CV fixtures.

Usage (from the repository root, with scripts/requirements-bench.txt installed; needs a
release build of offreapi, this script does not build anything):

    python -m pip install -r scripts/requirements-bench.txt
    python scripts/bench_extraction.py                          # 30 rounds, Markdown on stdout
    python scripts/bench_extraction.py --repeat 10
    python scripts/bench_extraction.py --offreapi target/release/offreapi \\
        --fixtures crates/api/tests/fixtures/pdf --per-file

What is measured, for every accepted fixture (cv_*.pdf, encrypted_owner_only.pdf,
header_after_junk.pdf, xref_single_newline.pdf, xref_damaged.pdf), in the same run, the
methods interleaved (each round visits every file in a shuffled order and runs the methods
in a shuffled order, seeded) so that they share the machine's noise:

  offreapi      the whole intake child as the API runs it: subprocess.Popen of
                `offreapi extract-pdf --cpu-seconds 5 --memory-bytes 536870912 --max-pages 50
                --max-text-chars 200000` (environment cleared except RUST_BACKTRACE=0, as the
                API does), the PDF written on stdin, the JSON read from stdout, then
                os.wait4(pid, 0). Wall time = time.perf_counter() around spawn -> exit
                (process creation, exec, rlimits, lopdf load/repair/re-save, pdf-extract,
                NFC normalisation, JSON). CPU = child ru_utime + ru_stime; peak RSS:
                see "Peak RSS" below.
  pymupdf       in-process: pymupdf.open(stream=data, filetype="pdf") (`fitz.open` is the
                same function; the `fitz` name is deprecated in PyMuPDF 2.0), then
                page.get_text() for every page, then close. Wall = perf_counter, CPU =
                time.process_time of this process. The module is imported once, before.
  pymupdf-proc  the same extraction in a fresh `python -c` subprocess per file (PDF on
                stdin, text on stdout), i.e. the same isolation cost as offreapi plus the
                interpreter start and `import pymupdf`. Wall via perf_counter, CPU via wait4.
                PyMuPDF 2.0's `import pymupdf` also imports its layout and LLM add-ons
                (pymupdf.layout, pymupdf4llm: numpy, onnxruntime, ...), which is most
                of that start-up, so a second variant is timed:
  pymupdf-core  as pymupdf-proc, but with sys.modules["pymupdf.layout"] and
                sys.modules["pymupdf4llm"] set to None before the import (PyMuPDF catches
                the ImportError and runs without them; plain get_text() does not use them).
Floors, also timed each round, to split spawn cost from extraction:
  offreapi-empty   offreapi extract-pdf with an empty stdin (answers "malformed" at once):
                   process spawn + exec + start-up + JSON, no PDF work.
  python-import    `python -c "import pymupdf"` (interpreter + full import), and the same
                   with the add-ons blocked (python-import-core).

Peak RSS. ru_maxrss from wait4 is the high-water mark of the child's whole life, and Linux
carries the RSS high-water mark of the process that spawned it across fork/vfork + exec: a
child of this Python process (which holds PyMuPDF) reports this process's ~150 MiB, even for
the empty-stdin floor. So peak RSS is measured in separate, untimed runs launched through
GNU time (`/usr/bin/time -f %M`, a small parent that reads the child's ru_maxrss on wait);
without /usr/bin/time it is left blank. The timed runs still record ru_maxrss from wait4,
shown in a note for comparison.

Quality: the offreapi text and the PyMuPDF text of each file are NFC-normalised,
lower-cased and split on anything that is not a Unicode letter or digit. Word recall of
offreapi relative to PyMuPDF = |offreapi words ∩ PyMuPDF words| / |PyMuPDF words| as
multisets. Listed: words PyMuPDF has that offreapi lost, words only offreapi has (a word
that is the concatenation of two PyMuPDF words is reported as glued), and non-ASCII
characters whose counts differ between the two texts.

Output: Markdown on stdout (machine, date, load and the CPU other processes used during the
measured rounds, timing tables, quality); progress on stderr.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import difflib
import hashlib
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

import pymupdf

DEFAULT_OFFREAPI = "/root/.cache/offreapi/target/release/offreapi-pdf"
DEFAULT_FIXTURES = "crates/api/tests/fixtures/pdf"
# `offreapi-pdf` is the extractor the server runs; `offreapi` itself needs the subcommand.
CHILD_ARGS = [
    "--cpu-seconds", "5",
    "--memory-bytes", "536870912",
    "--max-pages", "50",
    "--max-text-chars", "200000",
]


def child_argv(binary):
    """The dedicated `offreapi-pdf`, or `offreapi extract-pdf` for the main executable."""
    if os.path.basename(binary).startswith("offreapi-pdf"):
        return [binary, *CHILD_ARGS]
    return [binary, "extract-pdf", *CHILD_ARGS]


ACCEPTED_EXTRA = [
    "encrypted_owner_only.pdf",
    "header_after_junk.pdf",
    "xref_single_newline.pdf",
    "xref_damaged.pdf",
]
TEN_PAGES = "cv_en_ten_pages.pdf"

PYMUPDF_CHILD = (
    "import sys, pymupdf\n"
    "data = sys.stdin.buffer.read()\n"
    "doc = pymupdf.open(stream=data, filetype='pdf')\n"
    "text = ''.join(page.get_text() for page in doc)\n"
    "doc.close()\n"
    "sys.stdout.buffer.write(text.encode('utf-8'))\n"
)
IMPORT_ONLY_CHILD = "import pymupdf"
BLOCK_ADDONS = "import sys\nsys.modules['pymupdf.layout'] = None\nsys.modules['pymupdf4llm'] = None\n"
PYMUPDF_CORE_CHILD = BLOCK_ADDONS + PYMUPDF_CHILD
IMPORT_CORE_CHILD = BLOCK_ADDONS + IMPORT_ONLY_CHILD
GNU_TIME = "/usr/bin/time"
RSS_RUNS = 3

WORD = re.compile(r"[^\W_]+")


# --- measuring -------------------------------------------------------------------------


def run_child(argv: list[str], data: bytes, env: dict[str, str] | None) -> dict:
    """Spawn argv, feed data on stdin, read stdout, reap with wait4: wall, CPU, RSS, output."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        close_fds=True,
    )
    # Both children read all of stdin before they write anything, and write little to
    # stderr, so writing, then reading stdout, then stderr cannot deadlock here.
    try:
        proc.stdin.write(data)
    except BrokenPipeError:
        pass
    proc.stdin.close()
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # so Popen never waits again
    proc.stdout.close()
    proc.stderr.close()
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_kib": usage.ru_maxrss,
        "status": proc.returncode,
        "stdout": out,
        "stderr": err,
    }


def run_offreapi(binary: str, data: bytes) -> dict:
    result = run_child(child_argv(binary), data, {"RUST_BACKTRACE": "0"})
    if result["status"] != 0:
        raise RuntimeError(
            f"offreapi exited with {result['status']}: {result['stderr'][:300]!r}"
        )
    result["report"] = json.loads(result["stdout"])
    return result


def run_pymupdf_inprocess(data: bytes) -> dict:
    start_wall = time.perf_counter()
    start_cpu = time.process_time()
    doc = pymupdf.open(stream=data, filetype="pdf")
    text = "".join(page.get_text() for page in doc)
    pages = doc.page_count
    doc.close()
    cpu = time.process_time() - start_cpu
    wall = time.perf_counter() - start_wall
    return {"wall": wall, "cpu": cpu, "text": text, "pages": pages}


def run_pymupdf_subprocess(data: bytes, code: str = PYMUPDF_CHILD) -> dict:
    result = run_child([sys.executable, "-c", code], data, None)
    if result["status"] != 0:
        raise RuntimeError(f"pymupdf child failed: {result['stderr'][-300:]!r}")
    result["text"] = result["stdout"].decode("utf-8")
    return result


def peak_rss_kib(argv: list[str], data: bytes, env: dict[str, str] | None) -> int | None:
    """Peak RSS of argv (KiB) as seen by a small parent, GNU time; None without it."""
    if not os.access(GNU_TIME, os.X_OK):
        return None
    with tempfile.NamedTemporaryFile("r", prefix="bench-rss-", suffix=".txt") as out:
        result = run_child([GNU_TIME, "-f", "%M", "-o", out.name, *argv], data, env)
        report = out.read().strip().splitlines()
    if result["status"] != 0 or not report:
        return None
    return int(report[-1])


# --- statistics ------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil
    return ordered[int(rank) - 1]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def summary(values: list[float]) -> tuple[float, float]:
    return statistics.median(values), percentile(values, 90)


# --- machine ---------------------------------------------------------------------------


def machine() -> dict:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    except OSError:
        nproc = str(len(os.sched_getaffinity(0)))
    uname = platform.uname()
    return {
        "nproc": nproc,
        "cpu": model,
        "kernel": f"{uname.system} {uname.release} {uname.machine}",
        "python": platform.python_version(),
        "pymupdf": f"PyMuPDF {pymupdf.VersionBind} (MuPDF {pymupdf.VersionFitz})",
    }


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def busy_cpu_seconds() -> float:
    """CPU time used by everything on the machine so far (/proc/stat, idle and iowait excluded)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError, IndexError):
        return float("nan")
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds() -> float:
    """CPU time of this process and its reaped children."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def sha256(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


# --- quality ---------------------------------------------------------------------------


def words(text: str) -> list[str]:
    return WORD.findall(unicodedata.normalize("NFC", text).lower())


def non_ascii(text: str) -> collections.Counter:
    return collections.Counter(
        c for c in unicodedata.normalize("NFC", text) if ord(c) > 127 and not c.isspace()
    )


def offreapi_normalize(text: str) -> str:
    """What offreapi does to extracted text (crates/api/src/intake/text.rs), minus the cap:
    NFC, runs of whitespace made one space, lines trimmed, blank lines dropped."""
    lines = unicodedata.normalize("NFC", text).splitlines()
    return "\n".join(" ".join(line.split()) for line in lines if line.split())


def compare(offreapi_text: str, pymupdf_text: str) -> dict:
    off = collections.Counter(words(offreapi_text))
    ref = collections.Counter(words(pymupdf_text))
    common = off & ref
    lost = ref - off
    extra = off - ref
    vocabulary = set(ref)
    glued = {}
    for word in extra:
        for cut in range(1, len(word)):
            if word[:cut] in vocabulary and word[cut:] in vocabulary:
                glued[word] = f"{word[:cut]}+{word[cut:]}"
                break
    chars_off, chars_ref = non_ascii(offreapi_text), non_ascii(pymupdf_text)
    char_diff = {
        c: (chars_off.get(c, 0), chars_ref.get(c, 0))
        for c in sorted(set(chars_off) | set(chars_ref))
        if chars_off.get(c, 0) != chars_ref.get(c, 0)
    }
    ref_lines = offreapi_normalize(pymupdf_text).splitlines()
    off_lines = offreapi_text.splitlines()
    same_lines = sum(
        block.size for block in difflib.SequenceMatcher(None, ref_lines, off_lines, autojunk=False).get_matching_blocks()
    )
    return {
        "identical": offreapi_normalize(pymupdf_text) == offreapi_text,
        "lines": (same_lines, len(ref_lines), len(off_lines)),
        "recall": sum(common.values()) / max(1, sum(ref.values())),
        "ref_words": sum(ref.values()),
        "off_words": sum(off.values()),
        "lost": lost,
        "extra": extra,
        "glued": glued,
        "char_diff": char_diff,
        "chars_off": chars_off,
        "chars_ref": chars_ref,
    }


def counter_text(counter: collections.Counter, limit: int = 25) -> str:
    items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = ", ".join(f"`{w}`" + (f"×{n}" if n > 1 else "") for w, n in items[:limit])
    more = len(items) - limit
    return shown + (f", … (+{more} more distinct)" if more > 0 else "") if items else "none"


# --- main ------------------------------------------------------------------------------


def accepted_files(fixtures: Path) -> list[Path]:
    files = sorted(fixtures.glob("cv_*.pdf")) + [fixtures / n for n in ACCEPTED_EXTRA]
    missing = [f for f in files if not f.exists()]
    if missing:
        sys.exit(f"missing fixtures: {', '.join(map(str, missing))}")
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offreapi", default=DEFAULT_OFFREAPI, help="release binary")
    parser.add_argument("--fixtures", default=DEFAULT_FIXTURES, help="PDF fixture directory")
    parser.add_argument("--repeat", type=int, default=30, help="measured rounds (default 30)")
    parser.add_argument("--seed", type=int, default=20261124, help="shuffle seed")
    parser.add_argument("--per-file", action="store_true", help="also a per-file table")
    args = parser.parse_args()

    binary = args.offreapi
    if not os.access(binary, os.X_OK):
        sys.exit(f"not executable: {binary} (build it first; this script builds nothing)")
    files = accepted_files(Path(args.fixtures))
    data = {f.name: f.read_bytes() for f in files}
    info = machine()
    binary_hash = sha256(binary)
    load_before = loadavg()
    started = datetime.datetime.now().astimezone()
    offreapi_argv = child_argv(binary)
    offreapi_env = {"RUST_BACKTRACE": "0"}
    python = sys.executable

    # Reference run: outputs for the quality comparison, sanity checks, warm caches.
    reference = {}
    for name, pdf in data.items():
        off = run_offreapi(binary, pdf)
        if off["report"].get("outcome") != "ok":
            sys.exit(f"{name}: offreapi outcome {off['report']} (expected ok)")
        mu = run_pymupdf_inprocess(pdf)
        for code in (PYMUPDF_CHILD, PYMUPDF_CORE_CHILD):
            if run_pymupdf_subprocess(pdf, code)["text"] != mu["text"]:
                print(f"warning: {name}: subprocess PyMuPDF text differs from in-process",
                      file=sys.stderr)
        reference[name] = {"offreapi": off["report"], "pymupdf": mu}

    # Peak RSS, untimed, through a small parent (see the module docstring).
    floor_argv = {
        "offreapi-empty": (offreapi_argv, offreapi_env),
        "python-import": ([python, "-c", IMPORT_ONLY_CHILD], None),
        "python-import-core": ([python, "-c", IMPORT_CORE_CHILD], None),
    }
    method_argv = {
        "offreapi": (offreapi_argv, offreapi_env),
        "pymupdf-proc": ([python, "-c", PYMUPDF_CHILD], None),
        "pymupdf-core": ([python, "-c", PYMUPDF_CORE_CHILD], None),
    }
    rss = collections.defaultdict(list)  # (method, file or None) -> [KiB]
    for _ in range(RSS_RUNS):
        for name, pdf in data.items():
            for method, (argv, env) in method_argv.items():
                kib = peak_rss_kib(argv, pdf, env)
                if kib is not None:
                    rss[method, name].append(kib)
        for floor, (argv, env) in floor_argv.items():
            kib = peak_rss_kib(argv, b"", env)
            if kib is not None:
                rss[floor, None].append(kib)
    print("peak RSS runs done", file=sys.stderr)

    methods = ["offreapi", "pymupdf", "pymupdf-proc", "pymupdf-core"]
    samples = {m: collections.defaultdict(list) for m in methods}  # method -> file -> [dict]
    floors = {f: [] for f in floor_argv}
    rng = random.Random(args.seed)
    busy0, own0 = busy_cpu_seconds(), own_cpu_seconds()
    loads = []
    t0 = time.perf_counter()
    for round_no in range(args.repeat):
        order = list(data)
        rng.shuffle(order)
        for name in order:
            pdf = data[name]
            todo = list(methods)
            rng.shuffle(todo)
            for method in todo:
                if method == "offreapi":
                    r = run_offreapi(binary, pdf)
                elif method == "pymupdf":
                    r = run_pymupdf_inprocess(pdf)
                elif method == "pymupdf-proc":
                    r = run_pymupdf_subprocess(pdf, PYMUPDF_CHILD)
                else:
                    r = run_pymupdf_subprocess(pdf, PYMUPDF_CORE_CHILD)
                samples[method][name].append(
                    {"wall": r["wall"], "cpu": r["cpu"], "rss_kib": r.get("rss_kib")}
                )
        floor_order = list(floors)
        rng.shuffle(floor_order)
        for floor in floor_order:
            argv, env = floor_argv[floor]
            r = run_child(argv, b"", env)
            floors[floor].append({"wall": r["wall"], "cpu": r["cpu"], "rss_kib": r["rss_kib"]})
        loads.append(float(loadavg().split()[0]) if loadavg() != "n/a" else float("nan"))
        print(f"round {round_no + 1}/{args.repeat} done ({time.perf_counter() - t0:.0f} s)",
              file=sys.stderr)
    elapsed = time.perf_counter() - t0
    others = (busy_cpu_seconds() - busy0) - (own_cpu_seconds() - own0)
    cpus = len(os.sched_getaffinity(0))
    load_after = loadavg()
    binary_changed = sha256(binary) != binary_hash
    if binary_changed:
        print("warning: the offreapi binary changed during the run", file=sys.stderr)

    one_page = [n for n in data if reference[n]["offreapi"]["pages"] == 1]
    groups = [
        (f"one-page CVs ({len(one_page)} files × {args.repeat})", one_page),
        (f"10-page CV (`{TEN_PAGES}`, × {args.repeat})", [TEN_PAGES]),
    ]
    labels = {
        "offreapi": "offreapi intake (spawn → exit)",
        "pymupdf": "PyMuPDF in-process",
        "pymupdf-proc": "PyMuPDF, fresh `python -c`",
        "pymupdf-core": "PyMuPDF, fresh `python -c`, add-ons blocked",
    }

    def pooled(method: str, names: list[str], key: str) -> list[float]:
        return [s[key] for n in names for s in samples[method][n]]

    def paired_ratios(method: str, names: list[str]) -> list[float]:
        return [o["wall"] / m["wall"] for n in names
                for o, m in zip(samples["offreapi"][n], samples[method][n])]

    def rss_cell(method: str, names: list[str]) -> str:
        values = [k for n in names for k in rss.get((method, n), [])]
        return f"{statistics.median(values) / 1024:.1f}" if values else "–"

    def cell(values: list[float]) -> str:
        median, p90 = summary(values)
        return f"{ms(median)} ({ms(p90)})"

    out = []
    out.append(f"Date: {started:%Y-%m-%d %H:%M %Z}; {args.repeat} measured rounds "
               f"(after one warm-up pass); measuring time {elapsed:.0f} s.")
    out.append(f"Machine: nproc {info['nproc']}, CPU `{info['cpu']}`, kernel {info['kernel']}; "
               f"Python {info['python']}, {info['pymupdf']}.")
    out.append(f"offreapi binary: `{binary}` (sha256 {binary_hash[:16]}…, "
               f"{'CHANGED during the run' if binary_changed else 'unchanged during the run'}).")
    out.append(f"Load average (1/5/15 min) before: {load_before}; after: {load_after}; "
               f"1-min load after each round: min {min(loads):.2f}, median "
               f"{statistics.median(loads):.2f}, max {max(loads):.2f}.")
    out.append(f"Other processes (not this benchmark) used {others:.0f} CPU-seconds during the "
               f"{elapsed:.0f} s of measured rounds, i.e. {others / (elapsed * cpus):.0%} of the "
               f"{cpus} CPUs (from /proc/stat minus this process and its children; "
               f"0% = quiet machine).")
    out.append("")
    out.append("Times in ms, median (p90) over all samples of the group. CPU = user + system "
               "(of the child for offreapi and the subprocesses, of this process for "
               "in-process PyMuPDF). Peak RSS: median of "
               f"{RSS_RUNS} untimed runs per file under GNU time. Ratios: offreapi median ÷ "
               "this row's median; paired: offreapi ÷ this row for the same file and round, "
               "median [p10–p90].")
    out.append("")
    out.append("| Files | Method | wall | CPU | peak RSS (MiB) | offreapi ÷ this, wall "
               "| offreapi ÷ this, CPU | paired wall ratio |")
    out.append("|---|---|---:|---:|---:|---:|---:|---:|")
    for label, names in groups:
        ow, oc = pooled("offreapi", names, "wall"), pooled("offreapi", names, "cpu")
        for method in methods:
            w, c = pooled(method, names, "wall"), pooled(method, names, "cpu")
            if method == "offreapi":
                ratios = "| – | – | – |"
            else:
                pr = paired_ratios(method, names)
                ratios = (f"| {statistics.median(ow) / statistics.median(w):.2f}× "
                          f"| {statistics.median(oc) / statistics.median(c):.2f}× "
                          f"| {statistics.median(pr):.2f}× [{percentile(pr, 10):.2f}–"
                          f"{percentile(pr, 90):.2f}] |")
            rss_text = "–" if method == "pymupdf" else rss_cell(method, names)
            out.append(f"| {label} | {labels[method]} | {cell(w)} | {cell(c)} | {rss_text} {ratios}")
    out.append("")
    out.append("Floors (no PDF work), timed in the same rounds:")
    out.append("")
    out.append("| Floor | wall | CPU | peak RSS (MiB) |")
    out.append("|---|---:|---:|---:|")
    floor_labels = {
        "offreapi-empty": "`offreapi extract-pdf`, empty stdin (spawn + exec + start-up + JSON)",
        "python-import": "`python -c \"import pymupdf\"` (interpreter + full import)",
        "python-import-core": "same, layout/LLM add-ons blocked",
    }
    for floor, label in floor_labels.items():
        w = [x["wall"] for x in floors[floor]]
        c = [x["cpu"] for x in floors[floor]]
        out.append(f"| {label} | {cell(w)} | {cell(c)} | {rss_cell(floor, [None])} |")
    one_page_off = statistics.median(pooled("offreapi", one_page, "wall"))
    floor_off = statistics.median(x["wall"] for x in floors["offreapi-empty"])
    one_page_mu = statistics.median(pooled("pymupdf", one_page, "wall"))
    out.append("")
    out.append(f"One-page CV: offreapi intake median {ms(one_page_off)} ms, of which the "
               f"empty-input floor (spawn + start-up) is {ms(floor_off)} ms "
               f"({floor_off / one_page_off:.0%}); the rest, {ms(one_page_off - floor_off)} ms, "
               f"is PDF work (lopdf load + re-save + pdf-extract), against {ms(one_page_mu)} ms "
               f"for PyMuPDF in-process.")
    wait4_rss = [x["rss_kib"] for x in floors["offreapi-empty"]]
    out.append(f"(For comparison, ru_maxrss from this Python process's own wait4 for the "
               f"empty-input floor: {statistics.median(wait4_rss) / 1024:.1f} MiB, this "
               f"process's high-water mark, not the child's; see the script's docstring.)")

    if args.per_file:
        out.append("")
        out.append("Per file, median wall in ms (child CPU in brackets):")
        out.append("")
        out.append("| File | pages | offreapi | PyMuPDF in-process | PyMuPDF `python -c` "
                   "| PyMuPDF `python -c`, add-ons blocked |")
        out.append("|---|---:|---:|---:|---:|---:|")
        for name in data:
            med = lambda m, k: ms(statistics.median(x[k] for x in samples[m][name]))
            out.append(
                f"| `{name}` | {reference[name]['offreapi']['pages']} "
                f"| {med('offreapi', 'wall')} ({med('offreapi', 'cpu')}) "
                f"| {med('pymupdf', 'wall')} | {med('pymupdf-proc', 'wall')} "
                f"| {med('pymupdf-core', 'wall')} |"
            )

    out.append("")
    out.append("Quality: offreapi's text against PyMuPDF's `page.get_text()` (words NFC, "
               "lower-cased, split on anything but letters/digits, compared as multisets; "
               "lines compared after offreapi's own normalisation of PyMuPDF's text):")
    out.append("")
    out.append("| File | PyMuPDF words | offreapi words | recall | lost | only in offreapi "
               "| glued | lines in common (PyMuPDF / offreapi) | text identical |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    results = {}
    for name in data:
        q = compare(reference[name]["offreapi"]["text"], reference[name]["pymupdf"]["text"])
        results[name] = q
        same, ref_n, off_n = q["lines"]
        out.append(
            f"| `{name}` | {q['ref_words']} | {q['off_words']} | {q['recall']:.1%} "
            f"| {sum(q['lost'].values())} | {sum(q['extra'].values())} | {len(q['glued'])} "
            f"| {same} ({ref_n} / {off_n}) | {'yes' if q['identical'] else 'no'} |"
        )
    out.append("")
    for name, q in results.items():
        if not (q["lost"] or q["extra"] or q["char_diff"]):
            out.append(f"- `{name}`: same words and same non-ASCII characters.")
            continue
        out.append(f"- `{name}`:")
        out.append(f"  - lost (in PyMuPDF, not in offreapi): {counter_text(q['lost'])}")
        out.append(f"  - only in offreapi: {counter_text(q['extra'])}")
        if q["glued"]:
            out.append("  - glued: " + ", ".join(
                f"`{w}` = {parts}" for w, parts in sorted(q["glued"].items())))
        if q["char_diff"]:
            out.append("  - non-ASCII characters with different counts (offreapi, PyMuPDF): "
                       + ", ".join(f"`{c}` U+{ord(c):04X} ({a}, {b})"
                                   for c, (a, b) in q["char_diff"].items()))
    total_off = sum((q["chars_off"] for q in results.values()), collections.Counter())
    total_ref = sum((q["chars_ref"] for q in results.values()), collections.Counter())
    out.append("")
    out.append("Non-ASCII characters, counts over all files (offreapi / PyMuPDF): " + ", ".join(
        f"`{c}` {total_off.get(c, 0)}/{total_ref.get(c, 0)}"
        for c in sorted(set(total_off) | set(total_ref))))
    print("\n".join(out))


if __name__ == "__main__":
    main()
