"""`cleanwire check`: the pre-flight an operator runs before deploying, with the worker's own settings.

One line a check, `ok`, `warn` or `FAIL`: settings (secrets masked), the Faust and aiokafka versions the
stream's fixes need, the shipped models (they load; `warn` where the libraries that make their input run at
other versions than they were trained with), the broker, each topic with its partitions,
the consumer group's lag, the HTTP port. The exit status is the first failure's exit code (the worker's:
2 settings, 3 broker unreachable, 4 authentication or TLS, 5 topic, 6 port, 7 Faust/aiokafka or models), 0 when all
pass.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from cleanwire.errors import CleanwireError, RuntimeMismatch, TopicMissing


class Report:
    def __init__(self, out: Any) -> None:
        self.out, self.exit_code = out, 0

    def ok(self, name: str, detail: str) -> None:
        self.out.write(f"ok    {name:<9} {detail}\n")

    def fail(self, name: str, error: CleanwireError) -> None:
        self.out.write(f"FAIL  {name:<9} {error}\n")
        self.exit_code = self.exit_code or error.exit_code

    def skip(self, name: str, why: str) -> None:
        self.out.write(f"skip  {name:<9} {why}\n")

    def warn(self, name: str, why: str) -> None:
        """Runs, but not as measured: no exit status of its own."""
        self.out.write(f"warn  {name:<9} {why}\n")


def shown(settings: Any) -> str:
    """The variables set in the environment, secrets masked (SecretStr prints as **********)."""
    fields = type(settings).model_fields

    def text(value: Any) -> str:
        return str(value).lower() if isinstance(value, bool) else f"{value:g}" if isinstance(value, float) else str(value)

    parts = [f"{fields[name].alias}={text(getattr(settings, name))}" for name in sorted(settings.model_fields_set)
             if fields[name].alias]
    return "; ".join(parts) or "all defaults"


def check_runtime(report: Report) -> None:
    from cleanwire.stream import compat

    try:
        compat.verify()
    except CleanwireError as exc:
        report.fail("faust", exc)
        return
    report.ok("faust", ", ".join(f"{dist} {v}" for dist, v in compat.PINNED.items())
              + f": the {len(compat.checks())} internals the stream's fixes replace are as tested")


def check_models(report: Report) -> None:
    """The shipped models load with this code's features, and run on the library versions they were trained
    with (constraints.txt); other versions are a warning: the service runs, at a quality nobody measured."""
    from cleanwire.core.model import LIBRARIES, Models, library_versions

    try:
        models = Models.load()
    except Exception as exc:  # ModelMismatchError, a missing or damaged file: the worker would not start
        report.fail("models", RuntimeMismatch(f"the shipped models do not load: {exc}"))
        return
    if models.drift:
        report.warn("models", "trained with other library versions than these: " + ", ".join(models.drift)
                    + " (install with constraints.txt, or retrain: make train)")
        return
    running = library_versions()
    report.ok("models", f"{len(models.boosters)} models load, trained with these versions: "
                        + ", ".join(f"{name} {running[name]}" for name in LIBRARIES if name in running))


def run(args: argparse.Namespace) -> int:
    from cleanwire import logs
    from cleanwire.settings import load_settings

    logs.configure(os.environ.get("CLEANWIRE_LOG_FORMAT"), os.environ.get("CLEANWIRE_LOG_LEVEL", "info").lower())
    report = Report(sys.stdout)
    try:
        settings = load_settings()
    except CleanwireError as exc:
        report.fail("settings", exc)
        return report.exit_code
    logs.configure(settings.log_format, settings.log_level)
    report.ok("settings", shown(settings))
    check_runtime(report)
    check_models(report)
    check_broker(settings, report)
    check_port(settings, report)
    sys.stdout.flush()
    return report.exit_code


def check_broker(settings: Any, report: Report) -> None:
    from cleanwire.preflight import admin_client, cause_text, group_lag, partitions, wanted_topics

    try:
        with admin_client(settings) as admin:
            brokers = len(admin.describe_cluster().get("brokers", []))
            report.ok("broker", f"{settings.bootstrap_servers} ({settings.security_protocol}): {brokers} broker(s) "
                                f"answered within {settings.broker_timeout_s:g} s")
            counts = partitions(admin, wanted_topics(settings))
            for topic, count in counts.items():
                check_topic(admin, settings, report, topic, count)
            count = counts[settings.input_topic]
            if count is None:
                report.skip("lag", f"no topic {settings.input_topic}")
                return
            try:
                lag = group_lag(admin, settings.app_id, settings.input_topic, count)
            except Exception as exc:
                report.fail("lag", CleanwireError(f"group {settings.app_id}: cannot read its offsets: {cause_text(exc)}"))
                return
            state = (f"{lag.committed} of {lag.partitions} partitions committed" if lag.committed
                     else "nothing committed yet, counted from the start")
            report.ok("lag", f"group {settings.app_id}: {lag.total} records behind on {settings.input_topic} ({state})")
    except CleanwireError as exc:
        report.fail("broker", exc)
        report.skip("topics", "no broker")


def check_topic(admin: Any, settings: Any, report: Report, topic: str, count: int | None) -> None:
    from kafka.admin import NewTopic

    from cleanwire.preflight import cause_text

    name = "topic"
    if count is not None:
        report.ok(name, f"{topic}: {count} partitions")
        return
    if not settings.create_topics:
        report.fail(name, TopicMissing(f"{topic}: missing, and CLEANWIRE_CREATE_TOPICS=false"))
        return
    try:  # would the worker be allowed to create it? (validate_only creates nothing)
        admin.create_topics([NewTopic(topic, settings.topic_partitions, settings.topic_replication_factor)],
                            validate_only=True)
    except Exception as exc:
        report.fail(name, TopicMissing(f"{topic}: missing, and the broker refuses to create it: {cause_text(exc)}"))
        return
    report.ok(name, f"{topic}: missing; the worker will create it ({settings.topic_partitions} partitions)")


def check_port(settings: Any, report: Report) -> None:
    from cleanwire.preflight import port_free

    try:
        port_free(settings.http_host, settings.http_port)
    except CleanwireError as exc:
        report.fail("port", exc)
        return
    report.ok("port", f"{settings.http_host}:{settings.http_port} is free for /metrics, /healthz, /readyz")


def add_parser(sub: Any) -> None:
    p = sub.add_parser("check", help="pre-flight: settings, broker, topics, lag, HTTP port (ok/FAIL lines)")
    p.set_defaults(run=run)
