"""The Faust and aiokafka internals cleanwire's delivery rules reach into, checked before the worker starts.

The guarantees rest on replacing or reading private parts of faust-streaming and aiokafka (faust_fixes,
runner.guard_acks, runner.TransactionalSender, agents.register's commit, commands/worker's spinner, the
stall watchdog). They were written and tested against exactly the versions pinned in pyproject.toml; a
different version, or a name gone or with another signature, would let the worker run without one of its
fixes (losing or repeating pages unnoticed). So the worker refuses to start, with one line and exit 7.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from cleanwire.errors import RuntimeMismatch

# The versions the patches were written and tested against (pyproject.toml pins the same; a test checks).
PINNED = {"faust-streaming": "0.15.3", "aiokafka": "0.14.0"}


def _params(func: Any) -> list[str]:
    """A signature as 'name' / 'name=default', annotations left out."""
    out = []
    for p in inspect.signature(func).parameters.values():
        prefix = "*" if p.kind is p.VAR_POSITIONAL else "**" if p.kind is p.VAR_KEYWORD else ""
        out.append(f"{prefix}{p.name}" + ("" if p.default is p.empty else f"={p.default!r}"))
    return out


def _signature(owner: Any, name: str, expected: list[str]) -> Callable[[], str | None]:
    def check() -> str | None:
        func = getattr(owner, name, None)
        if func is None:
            return f"{owner.__qualname__}.{name} is missing"
        func = getattr(func, "__wrapped__", func)  # faust_fixes' wrappers keep the original
        got = _params(func)
        return None if got == expected else f"{owner.__qualname__}.{name}({', '.join(got)}) is not ({', '.join(expected)})"
    return check


def _holds(what: str, test: Callable[[], bool]) -> Callable[[], str | None]:
    def check() -> str | None:
        try:
            ok = test()
        except Exception as exc:  # an import or attribute that is gone
            return f"{what}: {type(exc).__name__}: {exc}"
        return None if ok else what
    return check


def checks() -> list[Callable[[], str | None]]:
    """One check per internal relied on; each returns what is wrong, or None."""
    import faust
    from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
    from faust.tables.recovery import Recovery
    from faust.transport.consumer import Consumer, TransactionManager
    from faust.transport.drivers.aiokafka import AIOKafkaConsumerThread, Producer
    from faust.types.tuples import Message

    def consumer_has(*names: str) -> bool:
        hints = {k for cls in Consumer.__mro__ for k in getattr(cls, "__annotations__", {})}
        return all(n in hints for n in names)

    return [
        # faust_fixes.seek_before_fetch wraps both and stops the flow first
        _signature(Recovery, "on_recovery_completed", ["self", "generation_id=0"]),
        _signature(Recovery, "_resume_streams", ["self", "generation_id=0"]),
        _holds("Consumer.stop_flow/resume_flow/flow_active missing",
               lambda: all(hasattr(Consumer, n) for n in ("stop_flow", "resume_flow", "flow_active"))),
        # runner.guard_acks replaces consumer.ack per instance and reads Message.tracked
        _signature(Consumer, "ack", ["self", "message"]),
        _holds("faust Message has no 'tracked' slot", lambda: hasattr(Message, "tracked")),
        # runner.Dispatcher leaves an event of an older generation to the partition's next owner
        _holds("faust Message has no 'generation_id' slot", lambda: hasattr(Message, "generation_id")),
        _holds("faust App has no consumer_generation_id",
               lambda: "consumer_generation_id" in faust.types.AppT.__annotations__),
        # runner.TransactionalSender: Faust's transactional producers, their locks and their ids
        _holds("faust aiokafka Producer has no _trn_locks/_transaction_producers dicts",
               lambda: isinstance(Producer._trn_locks, dict) and isinstance(Producer._transaction_producers, dict)),
        _holds("TransactionManager.transactional_id_format is not '{group_id}-{tpg.group}-{tpg.partition}'",
               lambda: TransactionManager.transactional_id_format == "{group_id}-{tpg.group}-{tpg.partition}"),
        # agents.register replaces consumer.transactions.commit with TransactionalSender.commit
        _signature(TransactionManager, "commit", ["self", "offsets", "start_new_transaction=True"]),
        _signature(AIOKafkaProducer, "send_offsets_to_transaction", ["self", "offsets", "group_id"]),
        _holds("AIOKafkaProducer.commit_transaction/begin_transaction missing",
               lambda: all(hasattr(AIOKafkaProducer, n) for n in ("commit_transaction", "begin_transaction"))),
        # commands/worker sets worker.spinner = None
        _holds("faust.Worker has no 'spinner' attribute", lambda: "spinner" in faust.Worker.__annotations__),
        # faust_fixes.no_commit_over_a_hole wraps _new_offset and reads the acked offsets and gaps;
        # the stall watchdog reads the consumer's offsets and seeks
        _signature(Consumer, "_new_offset", ["self", "tp"]),
        _signature(Consumer, "_add_gap", ["self", "tp", "offset_from", "offset_to"]),
        _holds("faust Consumer has no _committed_offset/_acked/_acked_index/_gap/_read_offset",
               lambda: consumer_has("_committed_offset", "_acked", "_acked_index", "_gap", "_read_offset")),
        _signature(Consumer, "seek", ["self", "partition", "offset"]),
        # faust_fixes.short_fetch_wait wraps the worker consumer's factory and sets aiokafka's fetch wait on it
        _signature(AIOKafkaConsumerThread, "_create_worker_consumer", ["self", "transport"]),
        _holds("AIOKafkaConsumer.start does not hand _fetch_max_wait_ms to its Fetcher",
               lambda: "fetch_max_wait_ms=self._fetch_max_wait_ms" in inspect.getsource(AIOKafkaConsumer.start)),
    ]


def problems(installed: Callable[[str], str] = version) -> list[str]:
    """What differs from what the patches were tested against: versions first, then the internals."""
    found = []
    for dist, pinned in PINNED.items():
        try:
            got = installed(dist)
        except PackageNotFoundError:
            got = "not installed"
        if got != pinned:
            found.append(f"{dist} {got} is not the pinned {pinned}")
    for check in checks():
        problem = check()
        if problem:
            found.append(problem)
    return found


def verify(installed: Callable[[str], str] = version) -> None:
    """Raises RuntimeMismatch (exit 7) when the installed Faust or aiokafka is not the one the patches fit."""
    found = problems(installed)
    if found:
        raise RuntimeMismatch(
            "the Faust internals cleanwire patches are not the ones it was tested against: " + "; ".join(found)
            + " (install the versions pinned in pyproject.toml)")
