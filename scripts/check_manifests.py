#!/usr/bin/env python3
"""Policies of the deployment that schemas cannot express, checked on rendered kustomize output
and on the files around it (Dockerfiles, the local ingress, the CI definitions).

usage: check_manifests.py NAME=RENDERED.yaml [NAME=RENDERED.yaml ...]
       check_manifests.py --self-test RENDERED.yaml

Each argument is one overlay's `kubectl kustomize` output. Prints one ok/FAIL line per check and
`manifests: N passed, M failed` last; exits 1 when any check fails. --self-test breaks a rendered
overlay in known ways, one at a time, and fails unless the checks catch every one. Needs PyYAML.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
# actix-web's default shutdown timeout, which the API keeps (crates/api/src/startup.rs).
API_DRAIN_SECONDS = 30
API_PATHS = {"/api": "Prefix", "/docs": "Prefix", "/healthz": "Exact", "/readyz": "Exact"}
# Where each request path must land: (path, component of the Service that must answer it).
ROUTES = [
    ("/api", "api"),
    ("/api/v1/offers", "api"),
    ("/api/openapi.json", "api"),
    ("/docs", "api"),
    ("/docs/", "api"),
    ("/docs/index.html", "api"),
    ("/healthz", "api"),
    ("/readyz", "api"),
    ("/metrics", "web"),
    ("/", "web"),
    ("/index.html", "web"),
    ("/offers/42", "web"),
    ("/recruiter/offers/42/dashboard", "web"),
    ("/apix", "web"),
    ("/healthz/x", "web"),
]
WORKLOAD_KINDS = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob"}


class Checks:
    def __init__(self, quiet: bool = False) -> None:
        self.passed = 0
        self.failed = 0
        self.quiet = quiet

    def check(self, name: str, problems: list[str] | bool) -> None:
        if problems is True or problems == []:
            self.passed += 1
            if not self.quiet:
                print(f"manifests: ok   {name}")
            return
        self.failed += 1
        if self.quiet:
            return
        detail = "" if problems is False else "; ".join(problems)
        print(f"manifests: FAIL {name}{': ' + detail if detail else ''}", file=sys.stderr)


def pod_spec(obj: dict) -> dict:
    spec = obj["spec"]
    if obj["kind"] == "CronJob":
        return spec["jobTemplate"]["spec"]["template"]["spec"]
    return spec["template"]["spec"]


def pod_labels(obj: dict) -> dict:
    template = obj["spec"]["jobTemplate"]["spec"]["template"] if obj["kind"] == "CronJob" else obj["spec"]["template"]
    return template.get("metadata", {}).get("labels", {})


def containers(obj: dict) -> list[dict]:
    spec = pod_spec(obj)
    return list(spec.get("initContainers", [])) + list(spec.get("containers", []))


def quantity(value: str | int | float) -> float:
    """A Kubernetes quantity in base units (bytes, cores)."""
    text = str(value)
    units = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "k": 1e3, "M": 1e6, "G": 1e9, "m": 1e-3}
    for suffix, factor in units.items():
        if text.endswith(suffix):
            return float(text[: -len(suffix)]) * factor
    return float(text)


def labels_match(selector: dict, labels: dict) -> bool:
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def env_of(container: dict) -> dict:
    return {e["name"]: e.get("value") for e in container.get("env", []) if "value" in e}


def ingress_target(paths: list[dict], request: str) -> dict | None:
    """The backend ingress-nginx picks: an Exact match first, else the longest Prefix match by
    path elements (Kubernetes' Ingress semantics)."""
    best, best_len = None, -1
    for p in paths:
        path, kind = p["path"], p.get("pathType")
        if kind == "Exact" and request == path:
            return p["backend"]
        if kind == "Prefix":
            elements = [e for e in path.split("/") if e]
            requested = [e for e in request.split("/") if e]
            if requested[: len(elements)] == elements and len(elements) > best_len:
                best, best_len = p["backend"], len(elements)
    return best


def check_overlay(checks: Checks, name: str, docs: list[dict]) -> None:
    by_kind: dict[str, list[dict]] = {}
    for d in docs:
        by_kind.setdefault(d["kind"], []).append(d)
    workloads = [d for d in docs if d["kind"] in WORKLOAD_KINDS]
    services = by_kind.get("Service", [])
    namespaces = {d["metadata"]["name"] for d in by_kind.get("Namespace", [])}

    checks.check(f"{name}: one Namespace, every object in it", [
        f"{d['kind']}/{d['metadata']['name']} in {d['metadata'].get('namespace')}"
        for d in docs if d["kind"] != "Namespace" and d["metadata"].get("namespace") not in namespaces
    ] if len(namespaces) == 1 else [f"namespaces {sorted(namespaces)}"])

    # --- Containers: resources, probes, security ---
    problems = []
    for w in workloads:
        for c in containers(w):
            where = f"{w['metadata']['name']}/{c['name']}"
            res = c.get("resources", {})
            for part in ("requests", "limits"):
                for resource in ("cpu", "memory"):
                    if resource not in res.get(part, {}):
                        problems.append(f"{where} has no {part}.{resource}")
            for resource in ("cpu", "memory"):
                if resource in res.get("requests", {}) and resource in res.get("limits", {}):
                    if quantity(res["requests"][resource]) > quantity(res["limits"][resource]):
                        problems.append(f"{where} requests more {resource} than its limit")
    checks.check(f"{name}: every container has cpu and memory requests and limits", problems)

    problems = []
    for w in workloads:
        if w["kind"] in {"Job", "CronJob"}:
            continue  # run to completion: nothing to route to or restart
        for c in pod_spec(w).get("containers", []):
            for probe in ("readinessProbe", "livenessProbe"):
                if probe not in c:
                    problems.append(f"{w['metadata']['name']}/{c['name']} has no {probe}")
    checks.check(f"{name}: every long-running container has readiness and liveness probes", problems)

    problems = []
    for w in workloads:
        spec = pod_spec(w)
        pod_sc = spec.get("securityContext", {})
        if spec.get("automountServiceAccountToken") is not False:
            problems.append(f"{w['metadata']['name']} mounts a service account token")
        if spec.get("hostNetwork") or spec.get("hostPID") or spec.get("hostIPC"):
            problems.append(f"{w['metadata']['name']} shares host namespaces")
        for c in containers(w):
            where = f"{w['metadata']['name']}/{c['name']}"
            sc = c.get("securityContext", {})
            merged = {**pod_sc, **sc}
            if merged.get("runAsNonRoot") is not True:
                problems.append(f"{where}: runAsNonRoot is not true")
            if merged.get("runAsUser", 1) == 0:
                problems.append(f"{where}: runs as uid 0")
            if merged.get("seccompProfile", {}).get("type") != "RuntimeDefault":
                problems.append(f"{where}: seccompProfile is not RuntimeDefault")
            if sc.get("allowPrivilegeEscalation") is not False:
                problems.append(f"{where}: allowPrivilegeEscalation is not false")
            if sc.get("readOnlyRootFilesystem") is not True:
                problems.append(f"{where}: root filesystem is writable")
            if "ALL" not in sc.get("capabilities", {}).get("drop", []) or sc.get("capabilities", {}).get("add"):
                problems.append(f"{where}: capabilities are not drop ALL, add none")
            if sc.get("privileged"):
                problems.append(f"{where}: privileged")
    checks.check(f"{name}: every pod runs non-root, read-only, no escalation, no capabilities, seccomp", problems)

    problems = []
    for w in workloads:
        for c in containers(w):
            image = c.get("image", "")
            last = image.rsplit("/", 1)[-1]
            if "@sha256:" in image:
                continue
            if ":" not in last:
                problems.append(f"{c['name']}: {image} has no tag")
            elif last.split(":", 1)[1] in {"latest", ""}:
                problems.append(f"{c['name']}: {image} uses a moving tag")
    checks.check(f"{name}: every image has an immutable tag (not latest, not untagged)", problems)

    # --- The API: graceful termination, start-up budget, memory for the PDF children ---
    api = next((w for w in workloads if pod_labels(w).get("app.kubernetes.io/component") == "api"), None)
    if api is None:
        checks.check(f"{name}: an api workload", False)
    else:
        spec = pod_spec(api)
        c = next(c for c in spec["containers"] if c["name"] == "api")
        pre_stop = c.get("lifecycle", {}).get("preStop", {})
        pause = pre_stop.get("sleep", {}).get("seconds", 0)
        grace = spec.get("terminationGracePeriodSeconds", 30)
        checks.check(f"{name}: api grace period ({grace} s) exceeds preStop pause + drain ({pause} + {API_DRAIN_SECONDS} s)",
                     grace > pause + API_DRAIN_SECONDS)
        checks.check(f"{name}: api preStop needs no shell (the image has none)",
                     [] if not pre_stop or set(pre_stop) == {"sleep"} else [f"preStop uses {sorted(pre_stop)}"])
        env = env_of(c)
        startup = c.get("startupProbe")
        budget = int(env.get("OFFREAPI_DB_CONNECT_TIMEOUT_SECONDS", 60))
        window = (startup.get("periodSeconds", 10) * startup.get("failureThreshold", 3)
                  + startup.get("initialDelaySeconds", 0)) if startup else 0
        checks.check(f"{name}: api startupProbe waits out the database connect budget ({window} s >= {budget} s)", window >= budget)
        checks.check(f"{name}: api listens on all interfaces, on its container port",
                     env.get("OFFREAPI_BIND", "").startswith("0.0.0.0:")
                     and int(env["OFFREAPI_BIND"].rsplit(":", 1)[1]) in {p["containerPort"] for p in c.get("ports", [])})
        checks.check(f"{name}: api trusts X-Forwarded-For (the ingress overwrites it)", env.get("OFFREAPI_TRUST_FORWARDED_FOR") == "true")
        children = int(env.get("OFFREAPI_PDF_CONCURRENCY", 0) or 0)
        child_mib = int(env.get("OFFREAPI_PDF_MEMORY_MIB", 512))
        limit_mib = quantity(c.get("resources", {}).get("limits", {}).get("memory", 0)) / 2**20
        checks.check(f"{name}: api memory limit ({limit_mib:.0f} MiB) holds every PDF child at its cap plus 128 MiB",
                     children > 0 and limit_mib >= children * child_mib + 128)

    # --- Services, Ingress and the local ingress's copy of its routes ---
    def pods_of(selector: dict) -> list[dict]:
        return [w for w in workloads if labels_match(selector, pod_labels(w))]

    problems = []
    for s in services:
        targets = pods_of(s["spec"].get("selector", {}))
        if not targets:
            problems.append(f"Service {s['metadata']['name']} selects no pods")
        for port in s["spec"]["ports"]:
            target = port.get("targetPort", port["port"])
            for w in targets:
                names = {p.get("name") for c in pod_spec(w)["containers"] for p in c.get("ports", [])}
                numbers = {p["containerPort"] for c in pod_spec(w)["containers"] for p in c.get("ports", [])}
                if target not in names and target not in numbers:
                    problems.append(f"Service {s['metadata']['name']} port {port.get('name')} targets {target}, not a port of {w['metadata']['name']}")
    checks.check(f"{name}: every Service selects pods and targets their ports", problems)

    ingresses = by_kind.get("Ingress", [])
    component_of = {s["metadata"]["name"]: s["spec"].get("selector", {}).get("app.kubernetes.io/component") for s in services}
    port_names = {s["metadata"]["name"]: {p.get("name") for p in s["spec"]["ports"]} for s in services}
    if len(ingresses) != 1:
        checks.check(f"{name}: exactly one Ingress", False)
        return
    ingress = ingresses[0]
    checks.check(f"{name}: the Ingress uses the nginx class", ingress["spec"].get("ingressClassName") == "nginx")
    rules = ingress["spec"].get("rules", [])
    paths = [p for rule in rules for p in rule.get("http", {}).get("paths", [])]
    problems = []
    for p in paths:
        svc = p["backend"].get("service", {})
        if svc.get("name") not in component_of:
            problems.append(f"{p['path']} goes to unknown Service {svc.get('name')}")
        elif svc.get("port", {}).get("name") not in port_names[svc["name"]]:
            problems.append(f"{p['path']} uses port {svc.get('port')} that {svc['name']} does not name")
    for request, wanted in ROUTES:
        backend = ingress_target(paths, request)
        got = component_of.get(backend["service"]["name"]) if backend else None
        if got != wanted:
            problems.append(f"{request} goes to {got}, not {wanted}")
    checks.check(f"{name}: the Ingress sends the API's paths to api and the rest (/metrics too) to web", problems)
    checks.check(f"{name}: the Ingress accepts the API's largest upload",
                 quantity(ingress["metadata"].get("annotations", {}).get("nginx.ingress.kubernetes.io/proxy-body-size", "1m").replace("m", "Mi"))
                 > 10 * 2**20)

    # --- Autoscaling, budgets, network policies, monitoring ---
    problems = []
    for h in by_kind.get("HorizontalPodAutoscaler", []):
        ref = h["spec"]["scaleTargetRef"]
        target = next((w for w in workloads if w["kind"] == ref["kind"] and w["metadata"]["name"] == ref["name"]), None)
        if target is None:
            problems.append(f"HPA {h['metadata']['name']} scales missing {ref['kind']}/{ref['name']}")
            continue
        uses_cpu = any(m.get("resource", {}).get("name") == "cpu" for m in h["spec"].get("metrics", []))
        if uses_cpu and any("cpu" not in c.get("resources", {}).get("requests", {}) for c in pod_spec(target)["containers"]):
            problems.append(f"HPA {h['metadata']['name']} scales on CPU but a container has no CPU request")
        if h["spec"].get("minReplicas", 1) > h["spec"]["maxReplicas"]:
            problems.append(f"HPA {h['metadata']['name']}: minReplicas > maxReplicas")
    scaled = {h["spec"]["scaleTargetRef"]["name"] for h in by_kind.get("HorizontalPodAutoscaler", [])}
    for wanted in ("api", "web"):
        if not any(w["metadata"]["name"] in scaled and pod_labels(w).get("app.kubernetes.io/component") == wanted
                   for w in workloads):
            problems.append(f"no HPA for {wanted}")
    checks.check(f"{name}: HPAs for api and web, on CPU requests that exist", problems)

    problems = []
    for wanted in ("api", "web"):
        pdbs = [p for p in by_kind.get("PodDisruptionBudget", [])
                if p["spec"]["selector"]["matchLabels"].get("app.kubernetes.io/component") == wanted]
        if not pdbs or not pods_of(pdbs[0]["spec"]["selector"]["matchLabels"]):
            problems.append(f"no PodDisruptionBudget covering {wanted}")
    checks.check(f"{name}: PodDisruptionBudgets cover api and web", problems)

    policies = by_kind.get("NetworkPolicy", [])
    problems = []
    if not any(p["spec"].get("podSelector") == {} and set(p["spec"].get("policyTypes", [])) == {"Ingress", "Egress"}
               and not p["spec"].get("ingress") and not p["spec"].get("egress") for p in policies):
        problems.append("no default-deny policy for ingress and egress")
    pg_rules = [r for p in policies if p["spec"]["podSelector"].get("matchLabels", {}).get("app.kubernetes.io/component") == "postgres"
                for r in p["spec"].get("ingress", [])]
    pg_sources = [f for r in pg_rules for f in r.get("from", [])]
    if not pg_sources or any(set(f) != {"podSelector"} or f["podSelector"].get("matchLabels", {}).get("app.kubernetes.io/component") != "api"
                             for f in pg_sources):
        problems.append("postgres accepts connections from more than the api pods")
    for wanted, sources in (("web", {"ingress-nginx"}), ("api", {"ingress-nginx", "monitoring"})):
        rules = [r for p in policies if p["spec"]["podSelector"].get("matchLabels", {}).get("app.kubernetes.io/component") == wanted
                 for r in p["spec"].get("ingress", [])]
        allowed = {f.get("namespaceSelector", {}).get("matchLabels", {}).get("kubernetes.io/metadata.name") for r in rules for f in r.get("from", [])}
        if allowed != sources:
            problems.append(f"{wanted} is reachable from {sorted(map(str, allowed))}, not exactly {sorted(sources)}")
    checks.check(f"{name}: NetworkPolicies deny by default; ingress controller -> web, api; api -> postgres; Prometheus -> api", problems)

    monitors = by_kind.get("ServiceMonitor", [])
    problems = []
    for m in monitors:
        selected = [s for s in services if labels_match(m["spec"]["selector"].get("matchLabels", {}), s["metadata"].get("labels", {}))]
        if [component_of[s["metadata"]["name"]] for s in selected] != ["api"]:
            problems.append(f"ServiceMonitor {m['metadata']['name']} selects {[s['metadata']['name'] for s in selected]}, not the api Service alone")
        for endpoint in m["spec"].get("endpoints", []):
            if selected and endpoint.get("port") not in port_names[selected[0]["metadata"]["name"]]:
                problems.append(f"endpoint port {endpoint.get('port')} is not a named port of the api Service")
            if endpoint.get("path") != "/metrics":
                problems.append(f"endpoint path {endpoint.get('path')}")
    # The schemas do not know this CRD: the few fields it must have are checked here instead.
    for m in monitors:
        if m.get("apiVersion") != "monitoring.coreos.com/v1" or not m["spec"].get("endpoints"):
            problems.append(f"ServiceMonitor {m['metadata']['name']} is not a monitoring.coreos.com/v1 with endpoints")
    checks.check(f"{name}: the ServiceMonitor ({len(monitors)}) scrapes the api Service's /metrics", problems)

    problems = []
    secrets = {s["metadata"]["name"] for s in by_kind.get("Secret", [])}
    for w in workloads:
        for c in containers(w):
            refs = [e["secretRef"]["name"] for e in c.get("envFrom", []) if "secretRef" in e]
            refs += [e["valueFrom"]["secretKeyRef"]["name"] for e in c.get("env", []) if "secretKeyRef" in e.get("valueFrom", {})]
            problems += [f"{w['metadata']['name']}/{c['name']} uses missing Secret {r}" for r in refs if r not in secrets]
    checks.check(f"{name}: every Secret a pod reads is part of the overlay", problems)


def check_local_ingress(checks: Checks, docs: list[dict]) -> None:
    """deploy/local-ingress/nginx.conf must route exactly the Ingress's API paths to the API."""
    ingress = next(d for d in docs if d["kind"] == "Ingress")
    api_services = {d["metadata"]["name"] for d in docs if d["kind"] == "Service"
                    and d["spec"].get("selector", {}).get("app.kubernetes.io/component") == "api"}
    wanted = set()
    for rule in ingress["spec"]["rules"]:
        for p in rule["http"]["paths"]:
            if p["backend"]["service"]["name"] in api_services:
                wanted |= {f"= {p['path']}", f"{p['path']}/"} if p["pathType"] == "Prefix" else {f"= {p['path']}"}
    text = (ROOT / "deploy/local-ingress/nginx.conf").read_text()
    found = set()
    for match in re.finditer(r"location\s+(=\s+)?(\S+)\s*\{([^}]*)\}", text):
        if "proxy_pass http://offreapi_api" in match.group(3):
            found.add(("= " if match.group(1) else "") + match.group(2))
    web_default = re.search(r"location\s+/\s*\{[^}]*proxy_pass http://offreapi_web;", text) is not None
    problems = [f"missing location {p}" for p in sorted(wanted - found)] + [f"extra API location {p}" for p in sorted(found - wanted)]
    if not web_default:
        problems.append("location / does not go to the web server")
    checks.check("local ingress routes the same API paths as the Ingress (and the rest to web)", problems)


def check_repository(checks: Checks) -> None:
    version = tomllib.loads((ROOT / "Cargo.toml").read_text())["workspace"]["package"]["version"]
    api_df = (ROOT / "Dockerfile.api").read_text()
    web_df = (ROOT / "Dockerfile.web").read_text()
    problems = []
    for df_name, df in (("Dockerfile.api", api_df), ("Dockerfile.web", web_df)):
        if f"ARG VERSION={version}\n" not in df:
            problems.append(f"{df_name}'s VERSION is not the workspace's {version}")
        for image in re.findall(r"^FROM\s+(\S+)", df, re.M):
            last = image.rsplit("/", 1)[-1]
            if "@sha256:" not in image and (":" not in last or last.endswith(":latest")):
                problems.append(f"{df_name}: base image {image} is not pinned")
        if "org.opencontainers.image.revision" not in df or "USER " not in df:
            problems.append(f"{df_name}: no revision label or no USER")
        users = re.findall(r"^USER\s+(\S+)", df, re.M)
        if not users or users[-1].split(":")[0] in {"0", "root"} or not users[-1].split(":")[0].isdigit():
            problems.append(f"{df_name}: the final USER is not a numeric non-root uid")
    checks.check(f"Dockerfiles: pinned bases, OCI labels, version {version}, numeric non-root user", problems)

    problems = []
    if "bash scripts/build_release.sh" not in api_df:
        problems.append("Dockerfile.api does not build with scripts/build_release.sh")
    if "bash scripts/build_frontend.sh" not in web_df:
        problems.append("Dockerfile.web does not build with scripts/build_frontend.sh")
    if "cargo build --release --locked -p offreapi-api" not in (ROOT / "scripts/build_release.sh").read_text():
        problems.append("scripts/build_release.sh does not run the locked release build")
    if "COPY deploy/web/nginx.conf /etc/nginx/conf.d/default.conf" not in web_df:
        problems.append("Dockerfile.web does not install deploy/web/nginx.conf")
    checks.check("Dockerfiles build with the scripts a native build runs", problems)

    # The CLI and the crate must agree, or the SPA fails at start-up in the browser.
    problems = []
    docker_pin = re.search(r"^ARG WASM_BINDGEN_VERSION=(\S+)", web_df, re.M)
    build_frontend = ROOT / "scripts/build_frontend.sh"
    script_pin = re.search(r"^wasm_bindgen_version=(\S+)", build_frontend.read_text(), re.M) if build_frontend.exists() else None
    lock = ROOT / "frontend/Cargo.lock"
    lock_pin = None
    if lock.exists():
        for package in tomllib.loads(lock.read_text()).get("package", []):
            if package["name"] == "wasm-bindgen":
                lock_pin = package["version"]
    pins = {"Dockerfile.web": docker_pin and docker_pin.group(1), "scripts/build_frontend.sh": script_pin and script_pin.group(1),
            "frontend/Cargo.lock": lock_pin}
    if len({v for v in pins.values()}) != 1 or None in pins.values():
        problems.append(", ".join(f"{k}: {v}" for k, v in pins.items()))
    checks.check(f"wasm-bindgen CLI and crate agree ({pins['Dockerfile.web']})", problems)

    check_pipelines(checks)


def check_pipelines(checks: Checks) -> None:
    """Both CI definitions run the README's test command, build the images from the same
    Dockerfiles with the commit as tag and revision, and deploy prod through scripts/deploy.sh
    from main only."""
    readme = (ROOT / "README.md").read_text()
    test_command = "scripts/test.sh"
    ci_run = (ROOT / ".ci/run").read_text()
    base = [] if f"./{test_command}" in readme and test_command in ci_run else ["README or .ci/run no longer name scripts/test.sh"]

    workflow_path = ROOT / ".github/workflows/ci.yml"
    jenkins_path = ROOT / "Jenkinsfile"
    for label, path in (("GitHub workflow", workflow_path), ("Jenkinsfile", jenkins_path)):
        problems = list(base)
        if not path.exists():
            checks.check(f"{label} exists", False)
            continue
        text = path.read_text()
        runs = text
        if label == "GitHub workflow":
            workflow = yaml.safe_load(text)
            runs = "\n".join(step.get("run", "") for job in workflow["jobs"].values() for step in job.get("steps", []))
            deploy_jobs = [j for j in workflow["jobs"].values() if any("scripts/deploy.sh" in s.get("run", "") for s in j.get("steps", []))]
            if not deploy_jobs or any("refs/heads/main" not in str(j.get("if", "")) for j in deploy_jobs):
                problems.append("the deploy job is not limited to main")
            if any("environment" not in j for j in deploy_jobs):
                problems.append("the deploy job has no environment (approvals, secrets)")
        else:
            stage = re.search(r"stage\('Deploy[^']*'\)\s*\{(.*)", text, re.S)
            if not stage or not re.search(r"when\s*\{\s*branch\s+'main'\s*\}", stage.group(1)):
                problems.append("the Deploy stage is not limited to main")
        wanted = {
            "the test command": r"(bash scripts/test\.sh|\.ci/run)\b",
            "Dockerfile.api build": r"-f Dockerfile\.api\b",
            "Dockerfile.web build": r"-f Dockerfile\.web\b",
            "REVISION build argument": r"--build-arg REVISION=",
            "VERSION build argument": r"--build-arg VERSION=",
            "a push": r"docker push|--push\b",
            "deploy of prod": r"scripts/deploy\.sh apply prod\b",
        }
        problems += [f"no {what}" for what, pattern in wanted.items() if not re.search(pattern, runs)]
        if re.search(r":latest\b", runs):
            problems.append("pushes a latest tag")
        checks.check(f"{label} runs the test command, builds both images at the commit, deploys prod from main", problems)


def find(docs: list[dict], kind: str, component: str | None = None, name: str | None = None) -> dict:
    for d in docs:
        labels = d["metadata"].get("labels", {})
        if d["kind"] == kind and (component is None or labels.get("app.kubernetes.io/component") == component) \
                and (name is None or d["metadata"]["name"] == name):
            return d
    raise KeyError(f"{kind} {component or name}")


def container(docs: list[dict], component: str) -> dict:
    return pod_spec(find(docs, "Deployment" if component != "postgres" else "StatefulSet", component))["containers"][0]


def set_env(c: dict, name: str, value: str) -> None:
    for e in c["env"]:
        if e["name"] == name:
            e["value"] = value


# Each breaks one policy; the checks must notice every one (a check that cannot fail proves nothing).
MUTATIONS = {
    "api without a memory limit": lambda d: container(d, "api")["resources"]["limits"].pop("memory"),
    "postgres without a cpu request": lambda d: container(d, "postgres")["resources"]["requests"].pop("cpu"),
    "web image tagged latest": lambda d: container(d, "web").update(image=container(d, "web")["image"].rsplit(":", 1)[0] + ":latest"),
    "web image untagged": lambda d: container(d, "web").update(image=container(d, "web")["image"].rsplit(":", 1)[0]),
    "web without a readiness probe": lambda d: container(d, "web").pop("readinessProbe"),
    "postgres without a liveness probe": lambda d: container(d, "postgres").pop("livenessProbe"),
    "api with a writable root filesystem": lambda d: container(d, "api")["securityContext"].update(readOnlyRootFilesystem=False),
    "postgres allowed to run as root": lambda d: (pod_spec(find(d, "StatefulSet", "postgres"))["securityContext"].pop("runAsNonRoot"),
                                                  container(d, "postgres")["securityContext"].pop("runAsNonRoot")),
    "web with a capability added": lambda d: container(d, "web")["securityContext"]["capabilities"].update(add=["NET_BIND_SERVICE"]),
    "api without seccomp": lambda d: pod_spec(find(d, "Deployment", "api"))["securityContext"].pop("seccompProfile"),
    "api grace period equal to the drain": lambda d: pod_spec(find(d, "Deployment", "api")).update(terminationGracePeriodSeconds=30),
    "api preStop through a shell": lambda d: container(d, "api")["lifecycle"].update(preStop={"exec": {"command": ["sleep", "5"]}}),
    "api startup probe shorter than the database budget": lambda d: container(d, "api")["startupProbe"].update(failureThreshold=5),
    "api with more PDF children than memory": lambda d: set_env(container(d, "api"), "OFFREAPI_PDF_CONCURRENCY", "4"),
    "/docs sent to web": lambda d: next(p for p in find(d, "Ingress")["spec"]["rules"][0]["http"]["paths"] if p["path"] == "/docs")
    ["backend"]["service"].update(name="offreapi-web"),
    "/metrics exposed through the Ingress": lambda d: find(d, "Ingress")["spec"]["rules"][0]["http"]["paths"].append(
        {"path": "/metrics", "pathType": "Exact", "backend": {"service": {"name": "offreapi-api", "port": {"name": "http"}}}}),
    "Ingress body limit at nginx's 1m default": lambda d: find(d, "Ingress")["metadata"]["annotations"].pop("nginx.ingress.kubernetes.io/proxy-body-size"),
    "no default-deny NetworkPolicy": lambda d: d.remove(find(d, "NetworkPolicy", name=next(
        p["metadata"]["name"] for p in d if p["kind"] == "NetworkPolicy" and p["spec"]["podSelector"] == {}))),
    "postgres open to every pod of the namespace": lambda d: find(d, "NetworkPolicy", "postgres")["spec"]["ingress"][0]["from"][0].update(
        podSelector={}),
    "no HPA for web": lambda d: d.remove(find(d, "HorizontalPodAutoscaler", "web")),
    "no PDB for api": lambda d: d.remove(find(d, "PodDisruptionBudget", "api")),
    "api Service targeting a port the pods lack": lambda d: find(d, "Service", "api")["spec"]["ports"][0].update(targetPort="metrics"),
    "api reading a Secret the overlay lacks": lambda d: container(d, "api")["envFrom"][0]["secretRef"].update(name="offreapi-missing"),
    "pod with a service account token": lambda d: pod_spec(find(d, "Deployment", "web")).pop("automountServiceAccountToken"),
}


def self_test(path: str) -> int:
    import copy

    original = [d for d in yaml.safe_load_all(Path(path).read_text()) if d]
    clean = Checks(quiet=True)
    check_overlay(clean, "self-test", copy.deepcopy(original))
    missed = []
    if clean.failed:
        missed.append(f"the unmodified overlay fails {clean.failed} checks")
    for what, mutate in MUTATIONS.items():
        docs = copy.deepcopy(original)
        mutate(docs)
        checks = Checks(quiet=True)
        check_overlay(checks, "self-test", docs)
        if checks.failed == 0:
            missed.append(what)
    for what in missed:
        print(f"manifests: FAIL self-test: not caught: {what}", file=sys.stderr)
    print(f"manifests: self-test: {len(MUTATIONS) - len(missed)} of {len(MUTATIONS)} broken overlays caught")
    return 1 if missed else 0


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "--self-test":
        return self_test(argv[1])
    if not argv or any("=" not in a for a in argv):
        print(__doc__, file=sys.stderr)
        return 2
    checks = Checks()
    rendered = {}
    for arg in argv:
        name, path = arg.split("=", 1)
        docs = [d for d in yaml.safe_load_all(Path(path).read_text()) if d]
        rendered[name] = docs
        check_overlay(checks, name, docs)
    check_local_ingress(checks, next(iter(rendered.values())))
    check_repository(checks)
    print(f"manifests: {checks.passed} passed, {checks.failed} failed")
    return 0 if checks.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
