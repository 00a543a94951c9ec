"""Hostile input through the worker on the real broker: one dead letter with the right reason each, or an
article; the partition never sticks (a good page after them all still comes out)."""

from __future__ import annotations

import base64
import subprocess
import sys
from pathlib import Path

import orjson

from hostile_cases import BODY, cases
from integration.kafka_helpers import collect, ensure_broker, new_topics, produce_raw, running, values


def _message(name: str, content: str | bytes, ctype: str | None) -> bytes:
    record: dict[str, object] = {"id": name}
    if ctype:
        record["content_type"] = ctype
    if isinstance(content, bytes):
        record["content_base64"] = base64.b64encode(content).decode()
    else:
        record["content"] = content
    return orjson.dumps(record)


def test_hostile_messages_through_the_worker(tmp_path: Path) -> None:
    servers = ensure_broker()
    topics = new_topics("hostile", servers, partitions=1)  # one partition: a stuck page would block the rest
    msgs: list[tuple[bytes | None, bytes]] = []
    expected: dict[str, str | None] = {}
    for name, content, ctype, reason in cases():
        if name == "too-large":  # the broker takes at most 10 MB: a 3 MB page over a 2.5 MB worker limit
            content = "<html><body>" + "<p>filler text of a very large page</p>" * 80_000 + "</body></html>"
        msgs.append((name.encode(), _message(name, content, ctype)))
        expected[name] = reason
    msgs += [
        (b"bad-json", b"{this is not json"),
        (b"wrong-shape", orjson.dumps(["a", "list"])),
        (b"no-content", orjson.dumps({"id": "no-content", "url": "https://e.org/x"})),
        (b"bad-utf8", b'{"content": "\xff\xfe"}'),
        (b"last", orjson.dumps({"id": "last", "content": BODY, "content_type": "text/html"})),
    ]
    produce_raw(servers, topics.input, msgs)
    with running(servers, topics, tmp_path, CLEANWIRE_MAX_PAGE_BYTES="2500000", CLEANWIRE_PAGE_TIMEOUT_S="60"):
        total = len(msgs)
        published = sum(r is None for r in expected.values()) + 1  # and "last"
        records = (collect(servers, topics.output, published, timeout=180)
                   + collect(servers, topics.dead_letter, total - published, timeout=180))
    names = [k.decode() for k, _ in msgs]  # one partition: offset i is message i
    articles = {v["input_id"] for v in values(records) if "text" in v}
    dead = {names[v["source"]["offset"]]: v for v in values(records) if "reason" in v}
    assert articles == {n for n, r in expected.items() if r is None} | {"last"}
    for name, reason in expected.items():
        if reason is not None:
            assert dead[name]["reason"] == reason, (name, dead[name]["reason"])
    big = dead["deep-nesting"]["payload"]  # 2.2 MB: the dead letter keeps a bounded head, size and hash
    assert big["truncated"] and big["size"] > 2_000_000 and len(big["head"]) <= 1_000_000
    dead = {name: v["reason"] for name, v in dead.items()}
    assert sorted(dead.values()).count("invalid_json") == 1
    assert sorted(dead.values()).count("invalid_encoding") == 1
    assert sorted(dead.values()).count("schema_violation") == 2
    assert len(records) == len(msgs)


def test_producer_reports_a_message_over_the_size_limit(tmp_path: Path) -> None:
    servers = ensure_broker()
    topics = new_topics("toolarge", servers)
    big = tmp_path / "huge.html"
    big.write_bytes(b"<html><body>" + b"<p>x</p>" * 3_000_000 + b"</body></html>")  # 24 MB
    ok = tmp_path / "ok.html"
    ok.write_text(f"<html><body>{BODY}</body></html>")
    env = {"KAFKA_BOOTSTRAP_SERVERS": servers, "CLEANWIRE_INPUT_TOPIC": topics.input, "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-m", "cleanwire", "produce", "--quiet", str(big), str(ok)],
                         capture_output=True, env=env, timeout=120)
    err = out.stderr.decode()
    assert out.returncode == 1, err
    assert "sent 1, failed 1" in err and "huge.html" in err and "PageTooLargeError" in err  # refused before sending
