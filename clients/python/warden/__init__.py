"""Warden's Python client: governed reads of a data lake over Arrow Flight SQL.

    import warden
    with warden.connect(["planner1:12050", "planner2:12050"], user="ana", password="...") as w:
        print(w.list_databases())
        table = w.scan_as_arrow("SELECT * FROM sales.customers WHERE country = 'PT'")
"""

from .connection import Connection, Plan, Task, connect
from .errors import (AuthenticationError, NotFoundError, PermissionDeniedError,
                     QueryFailedError, SqlError, TicketError, UnavailableError, WardenError)

__all__ = [
    "connect", "Connection", "Plan", "Task", "WardenError", "AuthenticationError",
    "PermissionDeniedError", "NotFoundError", "SqlError", "QueryFailedError",
    "UnavailableError", "TicketError",
]
__version__ = "0.1.0"
