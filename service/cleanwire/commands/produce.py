"""`cleanwire produce PATH...`: push pages to the input topic (kafka-python)."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def run(args: argparse.Namespace) -> int:
    from cleanwire.errors import BrokerError, ConfigError
    from cleanwire.producer import PageProducer, messages, produce
    from cleanwire.settings import load_settings

    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"cleanwire produce: invalid settings: {exc}", file=sys.stderr)
        return 2
    try:
        pages = PageProducer(settings, topic=args.topic)
    except BrokerError as exc:  # unreachable broker, refused TLS or SASL: one clear line, no traceback
        print(f"cleanwire produce: {exc}", file=sys.stderr)
        return 2
    with pages:
        report = produce(pages, messages(args.paths, args.url, args.content_type),
                         progress=sys.stderr.isatty() and not args.quiet)
    for error in report.errors:
        print(f"failed: {error}", file=sys.stderr)
    print(f"sent {report.sent}, failed {report.failed} to {pages.topic}", file=sys.stderr)
    return 1 if report.failed else 0


def add_parser(sub: Any) -> None:
    p = sub.add_parser("produce", help="push pages (files, dirs, WARC, JSON lines, - for stdin JSON lines) to Kafka")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--url", help="URL of a single page")
    p.add_argument("--content-type", help="content type of a single page")
    p.add_argument("--topic", help="default: CLEANWIRE_INPUT_TOPIC")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(run=run)
