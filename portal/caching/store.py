"""Where rendered pages are kept: this process's memory, and Redis when it is configured.

An entry is the page's bytes (with the CSP nonce taken out), the headers its view set, a hash
of the bytes (the ETag) and when it was rendered. Keys already hold every generation token the
page depends on, so an entry found is never stale; entries also expire after
``PUBLIC_CACHE_SECONDS`` so that what depends on the clock (a date passing) is re-rendered.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    body: bytes
    headers: list[tuple[str, str]]
    etag: str
    rendered_at: float

    def encode(self) -> bytes:
        head = {"headers": self.headers, "etag": self.etag, "rendered_at": self.rendered_at}
        return json.dumps(head).encode() + b"\n" + self.body

    @classmethod
    def decode(cls, data: bytes) -> Entry:
        head, _, body = data.partition(b"\n")
        fields = json.loads(head)
        return cls(
            body=body,
            headers=[(name, value) for name, value in fields["headers"]],
            etag=fields["etag"],
            rendered_at=float(fields["rendered_at"]),
        )


class MemoryStore:
    """Least recently used entries up to ``max_bytes`` of page bytes, each for ``seconds``."""

    def __init__(self, max_bytes: int, seconds: int) -> None:
        self.max_bytes = max_bytes
        self.seconds = seconds
        self._entries: OrderedDict[str, Entry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.rendered_at + self.seconds <= time.time():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return entry

    def set(self, key: str, entry: Entry) -> None:
        if len(entry.body) > self.max_bytes:
            return
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = entry
            self._bytes += len(entry.body)
            while self._bytes > self.max_bytes:
                self._drop(next(iter(self._entries)))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def _drop(self, key: str) -> None:
        self._bytes -= len(self._entries.pop(key).body)


class RedisStore:
    """Entries in Redis as ``<prefix>:pages:<key>``, expiring after ``seconds``, with this
    process's memory in front (a key found there needs no round trip)."""

    def __init__(self, client, prefix: str, seconds: int, memory: MemoryStore) -> None:
        self.client = client
        self.prefix = f"{prefix}:pages:"
        self.seconds = seconds
        self.memory = memory

    def get(self, key: str) -> Entry | None:
        entry = self.memory.get(key)
        if entry is not None:
            return entry
        data = self.client.get(self.prefix + key)
        if data is None:
            return None
        entry = Entry.decode(data)
        if entry.rendered_at + self.seconds <= time.time():
            return None
        self.memory.set(key, entry)
        return entry

    def set(self, key: str, entry: Entry) -> None:
        self.memory.set(key, entry)
        self.client.set(self.prefix + key, entry.encode(), ex=max(1, self.seconds))

    def clear(self) -> None:
        self.memory.clear()
