"""Identifiers from a URL or a query string: bounded before they reach the database.

Python's int has no size, a database key has: 99999999999999999999 in a query made SQLite raise
OverflowError and PostgreSQL "integer out of range", a server error (issue 13, item 7). `Id` is the
type of every id parameter of the API (documented bounds in the OpenAPI schema; outside them a 422
with a Vietnamese message), `parse_id` the check for hand-read query strings.
"""

from typing import Annotated

from pydantic import Field

MAX_ID = 2**63 - 1  # the largest key of a BigAutoField (PostgreSQL bigint, SQLite integer)

Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def parse_id(text):
    """The id written in `text` ("12"), or None when it is not one (letters, signs, too large)."""
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None
