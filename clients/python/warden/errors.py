"""Typed exceptions carrying the server's stable WARDEN-... code."""

from __future__ import annotations

import re
from typing import Optional

import pyarrow as pa
import pyarrow.flight as flight

_CODE = re.compile(r"WARDEN-[A-Z0-9]+(?:-[A-Z0-9]+)*")


class WardenError(Exception):
    """Any error reported by Warden. `code` is the stable code (e.g.
    "WARDEN-CATALOG-NOT-FOUND"), or None when the failure happened before reaching Warden."""

    def __init__(self, message: str, code: Optional[str] = None):
        super().__init__(f"{code}: {message}" if code else message)
        self.code = code
        self.message = message


class AuthenticationError(WardenError):
    """No, wrong or expired credentials."""


class PermissionDeniedError(WardenError):
    """Authenticated, but not allowed."""


class NotFoundError(WardenError):
    """A database or dataset is absent, or invisible to you (the two look the same)."""


class SqlError(WardenError):
    """The statement does not parse, bind, or use a supported construct."""


class QueryFailedError(WardenError):
    """The query failed while running (bad cast, memory limit, unreadable file...)."""


class UnavailableError(WardenError):
    """No planner or worker could be reached."""


class TicketError(WardenError):
    """A task's ticket was refused (expired, tampered, another user's)."""


_BY_PREFIX = [
    ("WARDEN-AUTH-UNAUTHENTICATED", AuthenticationError),
    ("WARDEN-AUTH-PERMISSION-DENIED", PermissionDeniedError),
    ("WARDEN-CATALOG-NOT-FOUND", NotFoundError),
    ("WARDEN-SQL-", SqlError),
    ("WARDEN-QUERY-", QueryFailedError),
    ("WARDEN-UNAVAILABLE", UnavailableError),
    ("WARDEN-TICKET-", TicketError),
]


def _clean_message(text: str, code: Optional[str]) -> str:
    # Flight appends gRPC debugging details (". Detail: ...", "gRPC client debug context").
    for marker in (". Detail:", ". gRPC client debug context", "\ngRPC client debug context"):
        cut = text.find(marker)
        if cut >= 0:
            text = text[:cut]
    if code and code in text:
        text = text[text.index(code) + len(code):].lstrip(": ")
    return text.strip()


def error_for(code: Optional[str], message: str) -> WardenError:
    for prefix, cls in _BY_PREFIX:
        if code and code.startswith(prefix):
            return cls(message, code)
    return WardenError(message, code)


def from_flight(exc: BaseException) -> WardenError:
    """The typed Warden error of a Flight/Arrow exception."""
    if isinstance(exc, WardenError):
        return exc
    text = str(exc)
    code = None
    extra = getattr(exc, "extra_info", None)
    if extra:
        found = _CODE.search(extra.decode("utf-8", "replace") if isinstance(extra, bytes)
                             else str(extra))
        code = found.group(0) if found else None
    if code is None:
        found = _CODE.search(text)
        code = found.group(0) if found else None
    message = _clean_message(text, code)
    if code is None:
        if isinstance(exc, flight.FlightUnauthenticatedError):
            return AuthenticationError(message, "WARDEN-AUTH-UNAUTHENTICATED")
        if isinstance(exc, flight.FlightUnavailableError):
            return UnavailableError(message, "WARDEN-UNAVAILABLE")
    return error_for(code, message)


# What a failed Flight call can raise.
FLIGHT_ERRORS = (flight.FlightError, pa.ArrowException, OSError)
