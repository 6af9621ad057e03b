"""The HTTP/1.1 protocol of ``clusterkg serve``: uvicorn's, with a time limit on request
headers (uvicorn waits for ever: 1,000 idle connections would be held)."""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol


class GuardedH11(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, closing with 408 a connection whose request headers are
    not complete ``header_seconds`` after the connection opened or the last response ended
    (uvicorn itself waits for ever: 1,000 idle connections would be held)."""

    header_seconds = 10.0
    _due: asyncio.TimerHandle | None = None

    def connection_made(self, transport: Any) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._due = self.loop.call_later(self.header_seconds, self._too_slow)

    def _disarm(self) -> None:
        if self._due is not None:
            self._due.cancel()
            self._due = None

    def data_received(self, data: bytes) -> None:
        before = self.cycle
        super().data_received(data)
        if self.cycle is not before:  # a request's headers are complete
            self._disarm()

    def on_response_complete(self) -> None:
        before = self.cycle
        super().on_response_complete()
        if self.cycle is before and not self.transport.is_closing():
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _too_slow(self) -> None:
        self._due = None
        if self.transport.is_closing() or (self.cycle and not self.cycle.response_complete):
            return
        message = b"the request headers did not arrive in time\n"
        self.transport.write(
            b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
            b"connection: close\r\ncontent-length: %d\r\n\r\n%s" % (len(message), message)
        )
        self.transport.close()


def protocol(header_seconds: float) -> type[GuardedH11]:
    """The protocol class for ``uvicorn.Config(http=...)`` with this header time limit."""
    return type("Guarded", (GuardedH11,), {"header_seconds": header_seconds})
