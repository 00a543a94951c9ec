"""Site memory and near-duplicates on the real broker: learned after K articles, kept across a restart,
shared by two workers without double-learning, and a wire story on three sites marked twice."""

from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path

import jsonschema
import orjson

from deploy.live import http_get, stop, wait_for
from integration.kafka_helpers import (
    collect,
    ensure_broker,
    new_topics,
    produce_raw,
    running,
    start_worker,
    values,
)

K = 3
ENV = {"CLEANWIRE_SITE_MEMORY_MIN_ARTICLES": str(K), "CLEANWIRE_PROCESSES": "1"}
# Appeals the cleaner alone keeps (what the memory is for). "The Harbour Gazette is an independent newspaper
# owned by its readers since 1921." was one until the 2026-12-03 models, which remove it on their own.
GAZETTE = "Harbour Gazette reporting is paid for by its readers. Become one of them today and keep coastal news free."
COURIER = "Valley Courier journalism is funded by members. Join them today and keep local reporting alive."
PEOPLE = ["Alvarez", "Brennan", "Castellano", "Dimitrova", "Eriksen", "Fontaine", "Gallagher", "Haddad", "Ishikawa",
          "Jankowski", "Kowalczyk", "Lindqvist", "Moreau", "Nakamura", "Okonkwo", "Petrakis", "Quintero", "Rasmussen",
          "Santoro", "Tanaka", "Umarov", "Varga", "Whitfield", "Xenakis"]
WIRE = [
    "BERLIN (Reuters) - Germany's parliament on Thursday approved a package of measures to speed up the construction "
    "of wind farms and power lines, as the government seeks to cut its reliance on imported gas.",
    "The measures, which still need the approval of the upper house, shorten planning procedures and set binding "
    "targets for the states to designate land for onshore wind turbines by the end of the decade.",
    "Industry groups welcomed the vote but said that grid operators would need more staff to process the expected "
    "wave of applications, and that permits for transmission lines remained the main bottleneck.",
    "Germany wants renewable sources to cover 80% of its electricity demand by 2030, up from just under half "
    "last year, and plans to triple the pace at which new onshore wind capacity is added each year.",
    "The opposition criticised the package as too little, too late, and said that rising electricity prices "
    "were already pushing energy-intensive companies to move production abroad. (Reporting by Markus Wacket; "
    "Editing by Alex Richardson)",
]


def _article(i: int, footer: str) -> list[str]:
    who = PEOPLE[i % len(PEOPLE)]
    return [
        f"Councillor {who} on Tuesday won approval for a plan that had divided the town for more than a year, after a "
        "debate that ran late into the evening and drew a crowd of residents to the hall.",
        f"Supporters of {who} said the plan would save money over the next decade, while critics warned that the cost "
        "estimates were too optimistic and asked for an independent review before any contract is signed.",
        f"{who} said work would begin in the spring and that residents would be consulted again before the final "
        "design is agreed.",
        footer,
    ]


def _message(i: int, host: str, paragraphs: list[str], ident: str) -> bytes:
    return orjson.dumps({"id": ident, "url": f"https://www.{host}/news/2024/05/{i % 28 + 1:02d}/story-{ident}",
                         "content_type": "text/plain", "content": "\n\n".join(paragraphs)})


def _push_and_wait(servers: str, topics: object, batch: list[tuple[str, bytes]]) -> dict[str, dict]:  # type: ignore[type-arg]
    produce_raw(servers, topics.input, [(ident.encode(), value) for ident, value in batch])  # type: ignore[attr-defined]
    wanted = {ident for ident, _ in batch}
    out = values(collect(servers, topics.output, 0, timeout=120, ids=wanted))  # type: ignore[attr-defined]
    by_id = {v["input_id"]: v for v in out if v["input_id"] in wanted}
    assert set(by_id) == wanted
    return by_id


def _metric(url: str, name: str) -> float:
    status, body = http_get(f"{url}/metrics")
    assert status == 200
    match = re.search(rf"^{name} ([0-9.e+]+)$", body, re.MULTILINE)
    return float(match.group(1)) if match else 0.0


def test_footer_is_learned_after_k_articles_and_survives_a_restart(tmp_path: Path) -> None:
    servers = ensure_broker()
    topics = new_topics("memory", servers)
    with running(servers, topics, tmp_path, **ENV) as worker:
        first = {}
        for i in range(K + 1):  # one at a time: the order of the site's articles is known
            first.update(_push_and_wait(servers, topics, [(f"g-{i}", _message(i, "harbour-gazette.example", _article(i, GAZETTE), f"g-{i}"))]))
        assert _metric(worker.url, "cleanwire_site_memory_lines_removed_total") == 1
    for i in range(K):
        assert first[f"g-{i}"]["text"].endswith(GAZETTE)
        assert "site_repeated" not in first[f"g-{i}"]["removed"]
    learned = first[f"g-{K}"]
    assert GAZETTE not in learned["text"] and learned["removed"]["site_repeated"] == 1
    assert learned["text"].split("\n") == _article(K, GAZETTE)[:3]
    assert learned["tagged_text"] == f" date 2024-05-{K % 28 + 1:02d} " + learned["text"]

    # a new worker process with an empty data directory reads the memory back from the changelog
    with running(servers, topics, tmp_path / "again", **ENV):
        after = _push_and_wait(servers, topics, [("g-after", _message(9, "harbour-gazette.example", _article(9, GAZETTE), "g-after"))])
    assert GAZETTE not in after["g-after"]["text"]
    assert after["g-after"]["text"].split("\n") == _article(9, GAZETTE)[:3]


def test_two_workers_share_the_work_without_double_learning(tmp_path: Path) -> None:
    servers = ensure_broker()
    topics = new_topics("memory2", servers, partitions=2)
    env = {**ENV, "CLEANWIRE_TOPIC_PARTITIONS": "2"}
    a = start_worker(servers, topics, tmp_path / "a", CLEANWIRE_DATA_DIR=str(tmp_path / "a-data"), **env)
    try:
        b = start_worker(servers, topics, tmp_path / "b", CLEANWIRE_DATA_DIR=str(tmp_path / "b-data"), **env)
        try:
            for w in (a, b):
                wait_for("both workers ready after the rebalance", lambda w=w: http_get(f"{w.url}/readyz")[0] == 200, 120, w.proc, w.log)
            n = 12
            batch = [(f"x-{i}", _message(i, "harbour-gazette.example", _article(i, GAZETTE), f"x-{i}")) for i in range(n)]
            batch += [(f"y-{i}", _message(i, "valley-courier.example", _article(i + n, COURIER), f"y-{i}")) for i in range(n)]
            out = _push_and_wait(servers, topics, batch)
            consumed = [_metric(w.url, "cleanwire_pages_consumed_total") for w in (a, b)]
            learned = [_metric(w.url, "cleanwire_site_memory_articles_learned_total") for w in (a, b)]
        finally:
            stop(b.proc)
    finally:
        stop(a.proc)
    assert all(c > 0 for c in consumed), f"one worker did all the cleaning: {consumed}"
    assert sum(learned) == 2 * n, f"articles learned per worker: {learned}"  # each article learned once, by one worker
    for prefix, footer in (("x", GAZETTE), ("y", COURIER)):
        kept = sorted(i for i, v in out.items() if i.startswith(prefix) and footer in v["text"])
        assert len(kept) == K, f"{prefix}: the footer stayed in {kept}; one shared memory keeps it in exactly the first {K}"


def test_a_wire_story_on_three_sites_is_marked_as_a_duplicate_twice(tmp_path: Path) -> None:
    servers = ensure_broker()
    topics = new_topics("wire", servers)
    sites = [("harbour-gazette.example", GAZETTE), ("valley-courier.example", COURIER), ("metro-daily.example", "")]
    with running(servers, topics, tmp_path, **ENV):
        out = {}
        for n, (host, footer) in enumerate(sites):
            paragraphs = [*WIRE, footer] if footer else WIRE
            out.update(_push_and_wait(servers, topics, [(f"w-{n}", _message(n, host, paragraphs, f"w-{n}"))]))
        unrelated = _push_and_wait(servers, topics, [("own", _message(5, "metro-daily.example", _article(5, ""), "own"))])
    first = out["w-0"]
    assert "duplicate_of" not in first
    for ident in ("w-1", "w-2"):
        assert out[ident]["duplicate_of"] == first["id"] and out[ident]["similarity"] >= 0.7, out[ident]
        assert out[ident]["id"] != first["id"]
    assert "duplicate_of" not in unrelated["own"]
    schema = json.loads((files("cleanwire") / "schemas" / "output.schema.json").read_text())
    for record in [*out.values(), *unrelated.values()]:
        jsonschema.validate(record, schema)
