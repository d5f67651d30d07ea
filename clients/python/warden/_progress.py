"""A one-line progress display for long scans, shown only on a terminal."""

from __future__ import annotations

import sys
import threading
import time
from typing import Optional, TextIO


def _human_bytes(count: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if count < 1024:
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1024
    return f"{count:.1f} TiB"


class Progress:
    """Rows, bytes and tasks done, redrawn at most ten times a second on `stream`.
    `enabled=None` means: when `stream` is a terminal. Thread-safe."""

    DELAY_S = 0.5  # short scans show nothing

    def __init__(self, tasks: int, enabled: Optional[bool] = None,
                 stream: Optional[TextIO] = None):
        self.stream = stream or sys.stderr
        if enabled is None:
            enabled = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.enabled = enabled
        self.tasks, self.tasks_done, self.rows, self.bytes = tasks, 0, 0, 0
        self._started = time.monotonic()
        self._drawn_at = 0.0
        self._shown = False
        self._lock = threading.Lock()

    def add(self, rows: int, nbytes: int) -> None:
        with self._lock:
            self.rows += rows
            self.bytes += nbytes
        self._draw()

    def task_done(self) -> None:
        with self._lock:
            self.tasks_done += 1
        self._draw()

    def line(self) -> str:
        elapsed = max(time.monotonic() - self._started, 1e-9)
        return (f"{self.rows:,} rows  {_human_bytes(self.bytes)}  "
                f"tasks {self.tasks_done}/{self.tasks}  "
                f"{_human_bytes(self.bytes / elapsed)}/s")

    def _draw(self, final: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not final and (now - self._started < self.DELAY_S or now - self._drawn_at < 0.1):
            return
        self._drawn_at = now
        self._shown = True
        self.stream.write("\r\x1b[K" + self.line())
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._shown:
            self._draw(final=True)
            self.stream.write("\n")
            self.stream.flush()
