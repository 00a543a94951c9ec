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
            if args.summary and isinstance(value, dict):
                out.write(summary(value).encode("utf-8"))
                out.flush()
                n += 1
                if args.limit and n >= args.limit:
                    break
                continue
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


def summary(article: dict[str, Any]) -> str:
    """A few lines a person can read: date, title, first paragraph, what was removed."""
    if "reason" in article and "text" not in article:
        return f"--- dead letter: {article['reason']}: {article.get('detail', '')}\n"
    paragraphs = (article.get("text") or "").split("\n")
    first = paragraphs[0][:200] + (" ..." if len(paragraphs) > 1 or len(paragraphs[0]) > 200 else "")
    removed = ", ".join(f"{k} {v}" for k, v in sorted((article.get("removed") or {}).items())) or "nothing"
    title = (article.get("title") or "")[:90]
    return (f"--- {article.get('date') or '(no date)'}  {title}\n    {first}\n"
            f"    [{len(paragraphs)} paragraphs; removed: {removed}]\n")


def add_parser(sub: Any) -> None:
    p = sub.add_parser("consume", help="print a topic's records as JSON lines")
    p.add_argument("--topic", help="default: CLEANWIRE_OUTPUT_TOPIC")
    p.add_argument("--limit", type=int, default=0, help="stop after N records")
    p.add_argument("--from-beginning", action="store_true")
    p.add_argument("--timeout", type=float, default=0, help="stop after S seconds without records")
    p.add_argument("--group", help="consumer group (commits offsets); default: a throwaway one")
    p.add_argument("--values-only", action="store_true", help="print only the record values")
    p.add_argument("--summary", action="store_true", help="print a short human summary of each article")
    p.set_defaults(run=run)
