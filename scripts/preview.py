"""`mkdocs serve` run as an editor runs it, and timed: how long after saving a page the
preview shows it (issue 16). Used by scripts/bench.py (the timings) and tests/test_preview.py
(the preview never shows stale figures)."""
from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path


class ServeSession:
    """`mkdocs serve` of one config (the site at `url`), its log read line by line with the time
    each line arrived, so a test or the benchmark can wait for a rebuild to finish."""

    def __init__(self, config: Path, cwd: Path, port: int = 0) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.lines: queue.Queue[tuple[float, str]] = queue.Queue()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{self.port}"],
            cwd=cwd, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        try:
            self.wait_for("Serving on", timeout=600)
        except RuntimeError:
            self.close()
            raise

    def _read(self) -> None:
        for line in self.process.stdout:  # type: ignore[union-attr]
            self.lines.put((time.perf_counter(), line))

    def wait_for(self, text: str, timeout: float = 300) -> float:
        """The time the next log line containing `text` arrived (RuntimeError after `timeout`)."""
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            try:
                when, line = self.lines.get(timeout=min(1.0, max(0.05, end - time.perf_counter())))
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            self.log.append(line)
            if text in line:
                return when
        raise RuntimeError(f"mkdocs serve: no '{text}' within {timeout} s. Its log:\n" + "".join(self.log[-40:]))

    def save(self, page: Path, text: str, timeout: float = 300) -> float:
        """Write `text` to `page` as an editor's save; seconds until the rebuilt site is served
        (MkDocs logs "Reloading browsers" once the rebuild is written)."""
        page.write_text(text, encoding="utf-8")
        start = time.perf_counter()
        return self.wait_for("Reloading browsers", timeout) - start

    def rebuild_after_edit(self, page: Path, n: int) -> float:
        """Add a sentence to `page`; seconds until the rebuilt site is served."""
        return self.save(page, page.read_text(encoding="utf-8") + f"\nAn edit to time the preview, number {n}.\n")

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
