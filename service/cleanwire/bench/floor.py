"""The feed test's floor: what the Kafka client alone costs for a page's two hops, with no work at all.

One process, bare aiokafka (the client Faust runs on), the worker's producer settings (acks=all, lz4,
linger 5 ms): hop 1 reads the input topic in a consumer group and writes each record's first
`ARTICLE_BYTES` bytes to a one-partition middle topic (the memory topic's shape); hop 2 reads that and
writes to the output topic. Each hop takes up to 500 records per fetch, sends them all, waits for
every acknowledgement, then commits the batch's offsets: the batched delivery rule at its cheapest. No
Faust, no event objects, no process pool, no decoding, no memory stage. The worker's main process can
never spend less CPU per page than this; `make bench` prints it next to the worker's own figure.

Run as `python -m cleanwire.bench.floor SERVERS INPUT MIDDLE OUTPUT GROUP N`; prints one JSON line:
pages, seconds and CPU seconds of this process from the first record to the last acknowledgement.
"""

from __future__ import annotations

import asyncio
import sys
import time
from typing import Any

import orjson

ARTICLE_BYTES = 3000  # about a feed-test article record on the memory topic (text, signature, fingerprints)
BATCH = 500


async def _hop(servers: str, source: str, target: str, group: str, total: int, done: list[int],
               started: asyncio.Event) -> None:
    from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

    consumer = AIOKafkaConsumer(source, bootstrap_servers=servers, group_id=group, enable_auto_commit=False,
                                auto_offset_reset="earliest", max_partition_fetch_bytes=1024 * 1024)
    producer = AIOKafkaProducer(bootstrap_servers=servers, acks="all", compression_type="lz4", linger_ms=5,
                                max_request_size=4 * 1024 * 1024)
    await consumer.start()
    await producer.start()
    try:
        while done[0] < total:
            got = await consumer.getmany(timeout_ms=200, max_records=BATCH)
            if not got:
                continue
            started.set()
            acks: list[Any] = []
            for records in got.values():
                for r in records:
                    acks.append(await producer.send(target, (r.value or b"")[:ARTICLE_BYTES], key=r.key))
            await asyncio.gather(*acks)
            await consumer.commit({tp: records[-1].offset + 1 for tp, records in got.items()})
            done[0] += sum(len(records) for records in got.values())
    finally:
        await consumer.stop()
        await producer.stop()


async def measure(servers: str, source: str, middle: str, output: str, group: str, n: int) -> dict[str, float]:
    """The clock starts when hop 1 has its first records; the middle topic is empty until then, so all n pages
    pass both hops after it."""
    started = asyncio.Event()
    hops = [asyncio.create_task(_hop(servers, source, middle, f"{group}-1", n, [0], started)),
            asyncio.create_task(_hop(servers, middle, output, f"{group}-2", n, [0], asyncio.Event()))]
    await started.wait()  # imports, connections and the groups' joins are not the floor
    t0, cpu0 = time.monotonic(), time.process_time()
    await asyncio.gather(*hops)
    return {"pages": n, "seconds": time.monotonic() - t0, "cpu_seconds": time.process_time() - cpu0}


def main(argv: list[str]) -> int:
    servers, source, middle, output, group, n = argv
    print(orjson.dumps(asyncio.run(measure(servers, source, middle, output, group, int(n)))).decode())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
