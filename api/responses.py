"""Declare, once, the refusals the JSON API answers with, so its OpenAPI schema documents every status code a route returns."""

# FastAPI documents a route's own status code and, for a route with parameters or a body, its 422. Every other
# answer is an HTTPException (`{"detail": "…"}`) and has to be declared; these dicts go into `responses=` of a
# router (for what every route of it may answer) or of a route. tests/api/test_schema_fuzz.py holds the schema to it.

from __future__ import annotations

from typing import Any

from fastapi.exceptions import RequestValidationError
from fastapi.openapi.constants import REF_PREFIX
from pydantic import BaseModel


class Refusal(BaseModel):
    """Say in words why a request was refused: the body of every HTTPException the API raises."""

    detail: str


def refused(status: int, description: str) -> dict[int | str, dict[str, Any]]:
    """Return a `responses=` entry for a refusal with this status and description."""
    return {status: {"model": Refusal, "description": description}}


def invalid_input(description: str) -> dict[int | str, dict[str, Any]]:
    """Return a `responses=` entry for a 422 with its own description, still in FastAPI's HTTPValidationError shape."""
    # Declaring 422 stops FastAPI adding its own, schema included; the component exists as long as any route keeps FastAPI's.
    return {422: {"description": description, "content": {"application/json": {"schema": {"$ref": f"{REF_PREFIX}HTTPValidationError"}}}}}


BEARER = refused(401, "No API token, or one that is not a GeM Saathi token, unknown or revoked")
ADMIN_ONLY = refused(403, "Only an MSME-department admin token may do this")


def invalid(message: str, *loc: str) -> RequestValidationError:
    """Return a refusal shaped like FastAPI's own 422 (HTTPValidationError), the one shape the schema documents for every 422."""
    return RequestValidationError([{"type": "value_error", "loc": loc, "msg": message, "input": None}])
