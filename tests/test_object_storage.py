"""Tables on object storage: s3:// locations against a real S3-compatible server (moto) on
loopback, with credentials enforced (DESIGN §3; catalog issue, "Storage")."""

from __future__ import annotations

import time
import uuid

import pyarrow as pa
import pytest

from flight_sql import raises_warden

# The planner still turns listed paths into file:// task URIs; these pass once it builds
# them with catalog::LocationUri (strict: they fail loudly the day that lands, so that the
# marker is removed).
