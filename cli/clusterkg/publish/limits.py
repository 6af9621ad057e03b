"""What ``clusterkg serve`` allows one request.

Each limit is an option of ``serve`` and answered with its status: a body over
``max_body`` 413, a query over ``max_query`` bytes 414 (in the URL) or 413 (in a body),
headers not complete within ``header_seconds`` 408, more than ``client_queries`` queries at
once from one address 503 with Retry-After (``http11`` enforces the header time); answers
over ``max_rows`` results or ``max_answer`` bytes are refused with 400 (add a LIMIT).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

# query workers: two per core, 4 to 8 (half of them in the slow lane: workers.Lanes)
DEFAULT_WORKERS = max(4, min(8, (os.cpu_count() or 1) * 2))


@dataclass(frozen=True)
class Limits:
    query_seconds: float = 10.0
    max_rows: int = 10_000
    max_answer: int = 16 * 1024 * 1024
    max_body: int = 1024 * 1024
    max_query: int = 64 * 1024
    header_seconds: float = 10.0
    body_seconds: float = 30.0
    client_queries: int = 2
    workers: int = DEFAULT_WORKERS
    query_memory: int = 1024 * 1024 * 1024
    max_connections: int = 1000
