"""Generation tokens: one per scope, replaced after every commit that changed the scope.

A cached page is stored under the tokens its scopes had when it was rendered, so a page whose
scope changed since is never found again. Tokens are never counted up, only replaced by a new
unique value (the time in nanoseconds with random low bits), so two processes replacing the
same token at once cannot leave an old value behind.

Two places keep them, both shared by every process that uses the portal's configuration:

- ``FileGenerations`` (the default): a small memory-mapped file in the instance folder, read
  without any system call per request. Every process on one machine (gunicorn workers, the mail
  worker, ``flask`` commands) maps the same file.
- ``RedisGenerations`` (``CACHE_REDIS_URL``): keys in Redis, one ``MGET`` per request; for
  processes on more than one machine or container.
"""

from __future__ import annotations

import mmap
import os
import secrets
import threading
import time
import zlib

from portal.caching.scopes import ANY, SHARED

TOKEN_BYTES = 8
ASSEMBLY_SLOTS = 4096
FIXED_SLOTS = {SHARED: 0, ANY: 1}


def new_token() -> bytes:
    """A value no earlier token had: the time (to 65 µs) with 16 random bits below it."""
    value = (time.time_ns() & ~0xFFFF) | secrets.randbits(16)
    return value.to_bytes(TOKEN_BYTES, "big")


def token_time(token: bytes) -> float:
    """When a token was made, in seconds since the epoch (0 for a scope never changed)."""
    return (int.from_bytes(token, "big") & ~0xFFFF) / 1e9


class FileGenerations:
    """Tokens in a memory-mapped file: two fixed slots, then 4,096 slots for assemblies (by a
    hash of the slug; two assemblies sharing a slot only invalidate each other's pages)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._size = TOKEN_BYTES * (len(FIXED_SLOTS) + ASSEMBLY_SLOTS)
        self._map: mmap.mmap | None = None
        self._pid = 0
        self._lock = threading.Lock()

    def _mapped(self) -> mmap.mmap:
        if self._map is None or self._pid != os.getpid():
            with self._lock:
                if self._map is None or self._pid != os.getpid():
                    descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
                    try:
                        if os.fstat(descriptor).st_size < self._size:
                            os.ftruncate(descriptor, self._size)
                        self._map = mmap.mmap(descriptor, self._size)
                    finally:
                        os.close(descriptor)
                    self._pid = os.getpid()
        return self._map

    @staticmethod
    def _offset(scope: str) -> int:
        slot = FIXED_SLOTS.get(scope)
        if slot is None:
            slot = len(FIXED_SLOTS) + zlib.crc32(scope.encode(errors="replace")) % ASSEMBLY_SLOTS
        return slot * TOKEN_BYTES

    def tokens(self, scopes: tuple[str, ...]) -> list[bytes]:
        mapped = self._mapped()
        return [mapped[offset : offset + TOKEN_BYTES] for offset in map(self._offset, scopes)]

    def replace(self, scopes: set[str]) -> None:
        mapped = self._mapped()
        for scope in scopes | {ANY}:
            offset = self._offset(scope)
            mapped[offset : offset + TOKEN_BYTES] = new_token()


class RedisGenerations:
    """Tokens as Redis keys ``<prefix>:pages:gen:<scope>``; a missing key reads as zero."""

    def __init__(self, client, prefix: str) -> None:
        self.client = client
        self.prefix = f"{prefix}:pages:gen:"

    def tokens(self, scopes: tuple[str, ...]) -> list[bytes]:
        values = self.client.mget([self.prefix + scope for scope in scopes])
        return [value or bytes(TOKEN_BYTES) for value in values]

    def replace(self, scopes: set[str]) -> None:
        pipeline = self.client.pipeline(transaction=False)
        for scope in scopes | {ANY}:
            pipeline.set(self.prefix + scope, new_token())
        pipeline.execute()
