#!/usr/bin/env python3
"""A recruiting scenario played through a client that openapi-python-client generated from
openapi/openapi.json, against a live server (run by scripts/contract_test.sh).

A recruiter and a candidate register, the recruiter publishes an offer, the candidate applies
with a PDF (multipart), the recruiter reads the dashboard and downloads the CV, which must come
back byte for byte. Every call goes through the generated functions
(`PACKAGE.api.<tag>.<operation_id>.sync_detailed`), so the document's tags, operation ids,
request bodies and responses are what is tested; the client raises on any status the document
does not list. Prints one line per check and ends with `scenario: N passed, M failed`.

Usage: PYTHONPATH=DIR_WITH_PACKAGE python contract_client_scenario.py \
           --base-url http://127.0.0.1:PORT --package client --pdf CV.pdf
"""

from __future__ import annotations

import argparse
import importlib
import io
import sys
import typing
import uuid
from pathlib import Path
from typing import Any, Callable

# The operations the document is meant to have: tag -> operation ids. openapi-python-client
# turns each into the module PACKAGE.api.<tag>.<operation_id>.
OPERATIONS: dict[str, list[str]] = {
    "auth": ["register", "login"],
    "me": ["get_me", "list_my_offers", "list_my_applications"],
    "offers": ["list_offers", "create_offer", "get_offer", "update_offer", "delete_offer"],
    "applications": [
        "apply_to_offer",
        "list_offer_applications",
        "download_cv",
        "withdraw_application",
    ],
    "dashboard": ["get_dashboard", "get_ranking_csv"],
    "operations": ["healthz", "readyz", "metrics"],
}

PASSWORD = "contract scenario password"


class StepFailed(Exception):
    """A check failed; the message says what was expected and what came back."""


class Scenario:
    def __init__(self, package: str, base_url: str, pdf: bytes, pdf_name: str) -> None:
        self.package = package
        self.base_url = base_url.rstrip("/")
        self.pdf = pdf
        self.pdf_name = pdf_name
        self.passed = 0
        self.failed = 0
        self.functions: dict[str, Callable[..., Any]] = {}
        self.state: dict[str, Any] = {}

    # --- bookkeeping ---

    def record(self, name: str, error: str | None) -> bool:
        if error is None:
            self.passed += 1
            print(f"scenario: ok   {name}", flush=True)
            return True
        self.failed += 1
        print(f"scenario: FAIL {name}: {error}", flush=True)
        return False

    def step(self, name: str, needs: list[str], action: Callable[[], None]) -> bool:
        missing = [op for op in needs if op not in self.functions]
        missing += [key for key in getattr(action, "needs_state", []) if key not in self.state]
        if missing:
            return self.record(name, f"not run: needs {', '.join(missing)}")
        try:
            action()
        except StepFailed as error:
            return self.record(name, str(error))
        except Exception as error:  # an exception from the generated code is a failure too
            return self.record(name, f"{type(error).__name__}: {error}")
        return self.record(name, None)

    # --- the generated package ---

    def load(self) -> bool:
        try:
            client_module = importlib.import_module(f"{self.package}.client")
            self.types = importlib.import_module(f"{self.package}.types")
            self.errors = importlib.import_module(f"{self.package}.errors")
        except ImportError as error:
            self.record(
                f"import the generated package `{self.package}`",
                f"{error} (is its parent directory on PYTHONPATH?)",
            )
            return False
        import httpx  # a run-time dependency of the generated client

        timeout = httpx.Timeout(60.0)
        # raise_on_unexpected_status: a status the document does not list is a failure.
        self.anonymous = client_module.Client(
            base_url=self.base_url, timeout=timeout, raise_on_unexpected_status=True
        )
        self.authenticated_class = client_module.AuthenticatedClient
        self.timeout = timeout
        self.record(f"import the generated package `{self.package}`", None)

        for tag, operation_ids in OPERATIONS.items():
            for operation_id in operation_ids:
                module_name = f"{self.package}.api.{tag}.{operation_id}"
                try:
                    module = importlib.import_module(module_name)
                    function = module.sync_detailed
                except (ImportError, AttributeError):
                    self.record(
                        f"client has {tag}.{operation_id}",
                        f"no {module_name}.sync_detailed: the document has no operation with "
                        f"operationId `{operation_id}` tagged `{tag}`",
                    )
                    continue
                self.functions[operation_id] = function
                self.record(f"client has {tag}.{operation_id}", None)
        return True

    def as_user(self, token: str) -> Any:
        return self.authenticated_class(
            base_url=self.base_url,
            token=token,
            timeout=self.timeout,
            raise_on_unexpected_status=True,
        )

    def body(self, operation_id: str, fields: dict[str, Any]) -> Any:
        """The request body model of an operation, from its wire fields (model names may change)."""
        hints = typing.get_type_hints(self.functions[operation_id])
        model = hints.get("body")
        if model is None:
            raise StepFailed(f"`{operation_id}` takes no `body` argument")
        return model.from_dict(fields)

    def call(self, operation_id: str, expected: int, **kwargs: Any) -> Any:
        """Calls the generated function; checks the status and returns the response."""
        try:
            response = self.functions[operation_id](**kwargs)
        except self.errors.UnexpectedStatus as error:
            raise StepFailed(
                f"status {error.status_code}, which the document does not list for "
                f"`{operation_id}`: {error.content[:500]!r}"
            ) from None
        if response.status_code != expected:
            raise StepFailed(
                f"status {int(response.status_code)}, expected {expected}: "
                f"{response.content[:500]!r}"
            )
        return response

    def parsed(self, operation_id: str, response: Any) -> dict[str, Any]:
        """The parsed success body as wire JSON; the client must have parsed it with a model."""
        parsed = response.parsed
        if parsed is None or not hasattr(parsed, "to_dict"):
            raise StepFailed(
                f"`{operation_id}` gave no parsed body (the document does not describe this "
                f"response): {response.content[:300]!r}"
            )
        if type(parsed).__name__ == "Problem":
            raise StepFailed(f"`{operation_id}` parsed a problem: {parsed.to_dict()}")
        return parsed.to_dict()

    # --- the scenario ---

    def run(self) -> None:
        suffix = uuid.uuid4().hex[:12]
        s = self.state

        def expect(condition: bool, message: str) -> None:
            if not condition:
                raise StepFailed(message)

        def probes() -> None:
            for operation_id in ("healthz", "readyz"):
                self.call(operation_id, 200, client=self.anonymous)

        def register(role: str) -> Callable[[], None]:
            def action() -> None:
                email = f"scenario-{role}-{suffix}@contract.example.com"
                body = self.body(
                    "register",
                    {
                        "email": email,
                        "password": PASSWORD,
                        "full_name": f"Scenario {role.title()}",
                        "role": role,
                    },
                )
                data = self.parsed("register", self.call("register", 201, client=self.anonymous, body=body))
                expect(bool(data.get("token")), f"no token in {data}")
                expect(data.get("user", {}).get("role") == role, f"user is not a {role}: {data}")
                s[f"{role}_email"] = email
                s[f"{role}_token"] = data["token"]
                s[f"{role}_name"] = data["user"]["full_name"]

            return action

        def login() -> None:
            body = self.body("login", {"email": s["candidate_email"], "password": PASSWORD})
            data = self.parsed("login", self.call("login", 200, client=self.anonymous, body=body))
            expect(bool(data.get("token")), f"no token in {data}")
            expect(data["user"]["email"] == s["candidate_email"], f"logged in as {data['user']}")

        login.needs_state = ["candidate_email"]  # type: ignore[attr-defined]

        def get_me() -> None:
            client = self.as_user(s["recruiter_token"])
            data = self.parsed("get_me", self.call("get_me", 200, client=client))
            expect(data.get("email") == s["recruiter_email"], f"GET /me is {data}")

        get_me.needs_state = ["recruiter_token"]  # type: ignore[attr-defined]

        def create_offer() -> None:
            body = self.body(
                "create_offer",
                {
                    "title": "Backend Rust developer",
                    "description": "Rust web APIs on PostgreSQL, deployed on Kubernetes.",
                    "location": "Lyon",
                    "skills": ["Rust", "PostgreSQL", "Kubernetes"],
                    "questions": [],
                },
            )
            client = self.as_user(s["recruiter_token"])
            data = self.parsed("create_offer", self.call("create_offer", 201, client=client, body=body))
            expect(isinstance(data.get("id"), int), f"no id in {data}")
            s["offer_id"] = data["id"]

        create_offer.needs_state = ["recruiter_token"]  # type: ignore[attr-defined]

        def get_offer() -> None:
            response = self.call("get_offer", 200, id=s["offer_id"], client=self.anonymous)
            data = self.parsed("get_offer", response)
            expect(data.get("id") == s["offer_id"], f"GET /offers/{s['offer_id']} is {data}")
            expect(data.get("skills") == ["Rust", "PostgreSQL", "Kubernetes"], f"skills: {data}")

        get_offer.needs_state = ["offer_id"]  # type: ignore[attr-defined]

        def apply() -> None:
            body = self.body("apply_to_offer", {"cv": self.pdf})
            # from_dict gives the file no name or type; send it as a browser would.
            body.cv = self.types.File(
                payload=io.BytesIO(self.pdf), file_name=self.pdf_name, mime_type="application/pdf"
            )
            client = self.as_user(s["candidate_token"])
            response = self.call(
                "apply_to_offer", 201, id=s["offer_id"], client=client, body=body
            )
            data = self.parsed("apply_to_offer", response)
            expect(isinstance(data.get("id"), int), f"no id in {data}")
            expect(data.get("offer_id") == s["offer_id"], f"applied to {data.get('offer_id')}")
            expect(data.get("cv_bytes") == len(self.pdf), f"cv_bytes {data.get('cv_bytes')}")
            s["application_id"] = data["id"]

        apply.needs_state = ["candidate_token", "offer_id"]  # type: ignore[attr-defined]

        def list_applications() -> None:
            client = self.as_user(s["recruiter_token"])
            response = self.call(
                "list_offer_applications", 200, id=s["offer_id"], client=client
            )
            data = self.parsed("list_offer_applications", response)
            ids = [item.get("id") for item in data.get("items", [])]
            expect(ids == [s["application_id"]], f"applications listed: {ids}")
            expect(data.get("total") == 1, f"total {data.get('total')}")

        list_applications.needs_state = ["recruiter_token", "application_id"]  # type: ignore[attr-defined]

        def dashboard() -> None:
            client = self.as_user(s["recruiter_token"])
            data = self.parsed(
                "get_dashboard", self.call("get_dashboard", 200, id=s["offer_id"], client=client)
            )
            expect(data.get("count") == 1, f"dashboard count {data.get('count')}, expected 1")
            ranking = data.get("ranking") or []
            expect(len(ranking) == 1, f"dashboard ranking has {len(ranking)} entries, expected 1")
            entry = ranking[0]
            expect(
                entry.get("application_id") == s["application_id"],
                f"ranking entry is application {entry.get('application_id')}",
            )
            expect(entry.get("rank") == 1, f"rank {entry.get('rank')}")

        dashboard.needs_state = ["recruiter_token", "application_id"]  # type: ignore[attr-defined]

        def ranking_csv() -> None:
            client = self.as_user(s["recruiter_token"])
            response = self.call("get_ranking_csv", 200, id=s["offer_id"], client=client)
            text = response.content.decode("utf-8")
            expect(s["candidate_name"] in text, f"candidate missing from the CSV: {text[:300]!r}")

        ranking_csv.needs_state = ["recruiter_token", "application_id", "candidate_name"]  # type: ignore[attr-defined]

        def download() -> None:
            client = self.as_user(s["recruiter_token"])
            response = self.call("download_cv", 200, id=s["application_id"], client=client)
            expect(
                response.content == self.pdf,
                f"downloaded {len(response.content)} bytes differ from the {len(self.pdf)} sent",
            )
            parsed = response.parsed
            payload = getattr(parsed, "payload", None)
            expect(
                payload is not None,
                f"the client did not parse the PDF as a file (parsed: {type(parsed).__name__})",
            )
            expect(payload.read() == self.pdf, "the parsed file differs from the PDF sent")

        download.needs_state = ["recruiter_token", "application_id"]  # type: ignore[attr-defined]

        self.step("GET /healthz and /readyz", ["healthz", "readyz"], probes)
        self.step("register a recruiter", ["register"], register("recruiter"))
        self.step("register a candidate", ["register"], register("candidate"))
        self.step("log in as the candidate", ["login"], login)
        self.step("GET /me as the recruiter", ["get_me"], get_me)
        self.step("publish an offer", ["create_offer"], create_offer)
        self.step("read the offer anonymously", ["get_offer"], get_offer)
        self.step("apply with a PDF (multipart)", ["apply_to_offer"], apply)
        self.step("list the offer's applications", ["list_offer_applications"], list_applications)
        self.step("dashboard: count 1 and one ranking entry", ["get_dashboard"], dashboard)
        self.step("ranking CSV names the candidate", ["get_ranking_csv"], ranking_csv)
        self.step("download the CV byte for byte", ["download_cv"], download)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True, help="the server, e.g. http://127.0.0.1:8080")
    parser.add_argument("--package", default="client", help="the generated package's name")
    parser.add_argument("--pdf", required=True, type=Path, help="the CV to upload")
    arguments = parser.parse_args()

    scenario = Scenario(
        arguments.package, arguments.base_url, arguments.pdf.read_bytes(), arguments.pdf.name
    )
    if scenario.load():
        scenario.run()
    print(f"scenario: {scenario.passed} passed, {scenario.failed} failed", flush=True)
    return 1 if scenario.failed else 0


if __name__ == "__main__":
    sys.exit(main())
