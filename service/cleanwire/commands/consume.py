"""`cleanwire consume`: print a topic's records as JSON lines."""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from typing import Any

import orjson


def run(args: argparse.Namespace) -> int:
    from kafka import KafkaConsumer

    from cleanwire.producer import client_config
    from cleanwire.settings import load_settings

    settings = load_settings()
    topic = args.topic or settings.output_topic
    consumer = KafkaConsumer(
        topic,
        **client_config(settings),
        group_id=args.group or f"cleanwire-consume-{uuid.uuid4().hex[:8]}",
        auto_offset_reset="earliest" if args.from_beginning else "latest",
        enable_auto_commit=bool(args.group),
        consumer_timeout_ms=int(args.timeout * 1000) if args.timeout else float("inf"),
    )
    out = sys.stdout.buffer
    n = 0
    deadline = time.monotonic() + args.timeout if args.timeout else None
    try:
        for record in consumer:
            try:
                value: Any = orjson.loads(record.value) if record.value is not None else None
            except orjson.JSONDecodeError:
                value = record.value.decode("utf-8", errors="replace")
            line = value if args.values_only else {
                "topic": record.topic, "partition": record.partition, "offset": record.offset,
                "key": record.key.decode("utf-8", errors="replace") if record.key else None, "value": value}
            out.write(orjson.dumps(line) + b"\n")
            out.flush()
            n += 1
            if args.limit and n >= args.limit:
                break
            if deadline and time.monotonic() > deadline:
                break
    except KeyboardInterrupt:
        pass
    finally:
        consumer.close()
    return 0


def add_parser(sub: Any) -> None:
    p = sub.add_parser("consume", help="print a topic's records as JSON lines")
    p.add_argument("--topic", help="default: CLEANWIRE_OUTPUT_TOPIC")
    p.add_argument("--limit", type=int, default=0, help="stop after N records")
    p.add_argument("--from-beginning", action="store_true")
    p.add_argument("--timeout", type=float, default=0, help="stop after S seconds without records")
    p.add_argument("--group", help="consumer group (commits offsets); default: a throwaway one")
    p.add_argument("--values-only", action="store_true", help="print only the record values")
    p.set_defaults(run=run)
