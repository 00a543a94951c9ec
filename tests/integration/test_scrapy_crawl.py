"""A real Scrapy crawl into the real broker: a local site of bundled pages (an index linking to news
articles, a product-collection page and a PNG) is crawled by `scrapy runspider` through cleanwire's item
pipeline, configured by Scrapy settings only; a real worker cleans the pages. Every article comes out on
the output topic, the other pages on the dead-letter topic with their typed reasons, and nothing is lost."""

from __future__ import annotations

import base64
import gzip
import json
import os
import struct
import subprocess
import sys
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from conftest import RESOURCES
from integration.kafka_helpers import collect, ensure_broker, log_tail, new_topics, running, values

HTML = "text/html; charset=utf-8"
NEWS = ("fundus-de-MDR-20260708", "fundus-us-WashingtonTimes-20230428", "fundus-at-DerStandard-20240503",
        "fundus-de-Correctiv-20260524")
WCXB_ARTICLE, WCXB_COLLECTION = "4562", "4119"  # labelled article and collection in the WCXB sample
SPIDER = Path(__file__).with_name("site_spider.py")

Site = dict[str, tuple[str, bytes]]  # path -> (content type, body)


def _png() -> bytes:
    """A real 4x4 PNG image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x20\x40\x80" * 4 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def _site() -> tuple[Site, set[str], str, str]:
    """The site (each page at its original URL's path), the article paths, the collection's and the PNG's."""
    truth = {d["id"]: d for d in map(json.loads, (RESOURCES / "corpus" / "truth.jsonl").read_text().splitlines())}
    site: Site = {}
    for name in NEWS:
        site[urlsplit(truth[name]["url"]).path] = (HTML, (RESOURCES / "corpus" / "pages" / f"{name}.html").read_bytes())
    wcxb = RESOURCES / "wcxb-sample"
    for fid in (WCXB_ARTICLE, WCXB_COLLECTION):
        url = json.loads((wcxb / "ground-truth" / f"{fid}.json").read_text())["url"]
        site[urlsplit(url).path] = (HTML, gzip.decompress((wcxb / "html" / f"{fid}.html.gz").read_bytes()))
    collection = urlsplit(json.loads((wcxb / "ground-truth" / f"{WCXB_COLLECTION}.json").read_text())["url"]).path
    articles = set(site) - {collection}
    site["/images/logo.png"] = ("image/png", _png())
    links = "".join(f'<li><a href="{path}">{path}</a></li>' for path in sorted(site))
    site["/"] = (HTML, f"<html><head><title>Front page</title></head><body><ul>{links}</ul></body></html>".encode())
    return site, articles, collection, "/images/logo.png"


@contextmanager
def serving(site: Site) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            found = site.get(urlsplit(self.path).path)
            if found is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", found[0])
            self.send_header("Content-Length", str(len(found[1])))
            self.end_headers()
            self.wfile.write(found[1])

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def crawl(base: str, servers: str, topic: str, tmp: Path) -> dict[str, object]:
    """`scrapy runspider` in its own process (its reactor stays out of pytest); cleanwire is configured by
    Scrapy settings alone: the environment's KAFKA_*/CLEANWIRE_* variables are removed."""
    stats_file = tmp / "crawl-stats.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAFKA_", "CLEANWIRE_"))}
    settings = {
        "ITEM_PIPELINES": '{"cleanwire.scrapy.CleanwirePipeline": 300}',
        "KAFKA_BOOTSTRAP_SERVERS": servers,
        "CLEANWIRE_INPUT_TOPIC": topic,
        "TELNETCONSOLE_ENABLED": "False",
        "REMOTE_CONTROL_ENABLED": "False",
        "LOG_LEVEL": "INFO",
    }
    cmd = [sys.executable, "-m", "scrapy", "runspider", str(SPIDER), "-a", f"start={base}/", "-a", f"stats_file={stats_file}"]
    cmd += [arg for name, value in settings.items() for arg in ("-s", f"{name}={value}")]
    proc = subprocess.run(cmd, env=env, cwd=tmp, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and stats_file.exists(), f"scrapy exited {proc.returncode}\n{proc.stderr[-4000:]}"
    stats: dict[str, object] = json.loads(stats_file.read_text())
    return stats


def test_a_scrapy_crawl_reaches_the_output_and_dead_letter_topics(tmp_path: Path) -> None:
    servers = ensure_broker()
    topics = new_topics("scrapy", servers)
    site, articles, collection, png = _site()
    with serving(site) as base, running(servers, topics, tmp_path) as worker:
        stats = crawl(base, servers, topics.input, tmp_path)
        assert stats["finish_reason"] == "finished"
        assert stats.get("cleanwire/sent") == len(site) and "cleanwire/failed" not in stats, stats
        article_urls = {base + path for path in articles}
        others = {base + "/", base + collection, base + png}
        out = values(collect(servers, topics.output, len(articles), timeout=180, ids=article_urls,
                             id_of=lambda v: v["url"]))
        dead = values(collect(servers, topics.dead_letter, len(others), timeout=120, ids=others,
                              id_of=lambda v: v["payload"]["url"]))
        assert {v["url"] for v in out} == article_urls, log_tail(worker.log)
        assert {v["payload"]["url"] for v in dead} == others, log_tail(worker.log)
        out = values(collect(servers, topics.output, 10**6, timeout=5))  # everything, duplicates included
        dead = values(collect(servers, topics.dead_letter, 10**6, timeout=5))

    assert {v["url"] for v in out} == article_urls and all(v["text"] and v["fetched_at"] for v in out)
    reasons = {v["payload"]["url"]: v["reason"] for v in dead}
    assert set(reasons) == others  # no article was dead-lettered, nothing else came
    assert reasons[base + png] == "binary_content"
    assert reasons[base + collection] == "not_article"
    assert reasons[base + "/"] in ("no_article", "not_article")  # the front page is a list of links
    png_record = next(v["payload"] for v in dead if v["payload"]["url"] == base + png)
    assert png_record["content_type"] == "image/png"
    assert base64.b64decode(png_record["content_base64"]) == site[png][1]  # the bytes, untouched end to end
