"""Schemathesis hooks for scripts/contract_test.sh, loaded through SCHEMATHESIS_HOOKS.

They only make *valid* (positive) CV uploads really valid where the OpenAPI document cannot say
how: the CV must be a PDF with text in it, and `answers` must hold exactly one answer per
screening question of the target offer. Negative cases, the other operations and every check
are left exactly as Schemathesis makes them.

Environment (set by contract_test.sh): OFFREAPI_CONTRACT_BASE_URL, OFFREAPI_CONTRACT_PDF.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request

import schemathesis

APPLY_OPERATION_ID = "apply_to_offer"

_BASE_URL = os.environ["OFFREAPI_CONTRACT_BASE_URL"].rstrip("/")
with open(os.environ["OFFREAPI_CONTRACT_PDF"], "rb") as _file:
    _PDF = _file.read()


def _operation_id(case) -> str | None:
    definition = getattr(case.operation, "definition", None)
    raw = getattr(definition, "raw", None)
    return raw.get("operationId") if isinstance(raw, dict) else None


def _is_positive(case) -> bool:
    meta = case.meta
    return meta is not None and meta.generation.mode.is_positive


def _question_count(offer_id: object) -> int | None:
    """Questions of the offer, read from the public `GET /api/v1/offers/{id}`; None if unknown."""
    try:
        url = f"{_BASE_URL}/api/v1/offers/{int(offer_id)}"
        with urllib.request.urlopen(url, timeout=10) as response:
            return len(json.load(response).get("questions") or [])
    except (urllib.error.URLError, OSError, ValueError, TypeError, OverflowError, AttributeError):
        return None


@schemathesis.hook
def before_call(context, case, kwargs):
    if _operation_id(case) != APPLY_OPERATION_ID or not _is_positive(case):
        return
    if not isinstance(case.body, dict):
        return
    # Random bytes that fit `format: binary` are refused (415 not a PDF, 422 no text): send a real CV.
    case.body["cv"] = _PDF
    count = _question_count((case.path_parameters or {}).get("id"))
    if count == 0:
        case.body.pop("answers", None)
    elif count is not None:
        case.body["answers"] = json.dumps([f"Answer {i + 1}" for i in range(count)])
    # else no such offer: the server answers 404 before it reads the body, whatever the answers.

    # Schemathesis re-validates a body a hook edited, but cannot validate one that holds binary
    # data (the CV) and then calls the case negative, so a 201 would fail negative_data_rejection.
    # The body is still valid: make it the case's starting state. (A private method of the pinned
    # Schemathesis; if an upgrade removes it, this fails loudly rather than mislabelling cases.)
    case._record_starting_state()
