#!/usr/bin/env python3
# Evaluates every PromQL expression of the Grafana dashboards and alert rules against a live
# Prometheus: each must parse, and each about OffreAPI's own metrics must return data.
"""Usage: check_dashboards.py --prometheus http://127.0.0.1:9090 [--job offreapi]

Expressions about Kubernetes-only series (cAdvisor `container_*`, kube-state-metrics `kube_*`,
OpenCost `node_*_hourly_cost` and `container_*_allocation*`) are listed as such and only
checked for parsing: a local run has no cluster. Alert expressions are checked without their
final threshold (`expr > 0.05` is evaluated as `expr`), since a healthy run must not fire them.
Prints one line per expression and `dashboards: N passed, M failed`; exits 1 on any failure.
"""
import argparse
import glob
import json
import os
import re
import sys
import urllib.parse
import urllib.request

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KUBERNETES_ONLY = re.compile(r"\b(container_[a-z_]+|kube_[a-z_]+|node_[a-z_]+_hourly_cost)\b")
THRESHOLD = re.compile(r"\s*(>=|<=|==|!=|>|<)\s*[0-9.]+\s*$")


def expressions(job):
    """(origin, expression, must_return_data) for every panel target and alert rule."""
    for path in sorted(glob.glob(os.path.join(ROOT, "dashboards", "*.json"))):
        dashboard = json.load(open(path))
        for panel in dashboard.get("panels", []):
            for target in panel.get("targets", []):
                expr = (target["expr"].replace("$__rate_interval", "1m")
                        .replace("$job", job).replace("$namespace", ".*").replace("$pod", ".*"))
                yield f"{os.path.basename(path)}: {panel['title']} [{target['refId']}]", expr, True
    for path in sorted(glob.glob(os.path.join(ROOT, "dashboards", "alerts.yml"))):
        for group in yaml.safe_load(open(path))["groups"]:
            for rule in group["rules"]:
                expr = THRESHOLD.sub("", rule["expr"].strip())
                yield f"{os.path.basename(path)}: {rule['alert']}", expr, True


def query(prometheus, expr):
    url = prometheus.rstrip("/") + "/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        return json.load(error)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--prometheus", required=True)
    parser.add_argument("--job", default="offreapi")
    args = parser.parse_args()
    passed = failed = 0
    for origin, expr, _ in expressions(args.job):
        kubernetes_only = bool(KUBERNETES_ONLY.search(expr))
        answer = query(args.prometheus, expr)
        if answer.get("status") != "success":
            failed += 1
            print(f"FAIL parse  {origin}: {answer.get('error')}\n     {expr}")
            continue
        results = answer["data"]["result"]
        if kubernetes_only:
            passed += 1
            print(f"ok   parses  {origin} (Kubernetes-only series: parse checked)")
        elif results:
            passed += 1
            print(f"ok   data    {origin} ({len(results)} series)")
        else:
            failed += 1
            print(f"FAIL no data {origin}\n     {expr}")
    print(f"dashboards: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
