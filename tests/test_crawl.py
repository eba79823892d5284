"""Incremental crawling over real HTTP: what failed is fetched again, what redirected is known, and
robots.txt cannot lead the crawler off its outlet."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from crawler.replicas.server import ReplicaServer
from tests.conftest import RunRasad

pytestmark = pytest.mark.slow

ARTICLE = """<html lang="ar" dir="rtl"><head><title>{title}</title>
<meta property="article:published_time" content="2023-06-07T10:00:00+03:00"></head>
<body><article><h1>{title}</h1>
<p>نفذ التحالف الدولي وقوات قسد حملة دهم واعتقالات في قرية الرز شرقي دير الزور، أسفرت عن اعتقال عدد من الأشخاص بتهمة الانتماء لتنظيم داعش.</p>
<p>ولفتت المصادر إلى أن المعتقلين نقلوا إلى قاعدة حقل العمر بريف دير الزور للتحقيق معهم، بحسب ما أفاد أبناء المنطقة لموقعنا.</p>
</article></body></html>"""


def feed(*paths: str) -> str:
    items = "".join(
        f"<item><title>{p}</title><link>{{{{BASE}}}}{p}</link><pubDate>Wed, 07 Jun 2023 10:00:00 +0300</pubDate></item>"
        for p in paths
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'


@pytest.fixture
def site(tmp_path: Path) -> Iterator[ReplicaServer]:
    server = ReplicaServer.blank(tmp_path / "site", "t")
    yield server
    server.stop()


def setup(tmp_path: Path, server: ReplicaServer) -> dict[str, str]:
    config = tmp_path / "rasad.toml"
    config.write_text(f'download_delay_seconds = 0\n[[sources]]\nid = "t"\nfeeds = ["{server.base_url}/feed/"]\nallow_private = true\n')
    return {"RASAD_CONFIG": str(config), "RASAD_DATA_DIR": str(tmp_path / "data")}


def paths(server: ReplicaServer) -> list[tuple[str, int]]:
    return [(path, status) for _method, path, status in server.requests]


def test_an_article_that_failed_is_fetched_on_the_next_crawl(tmp_path: Path, run_rasad: RunRasad, site: ReplicaServer) -> None:
    site.add_file("/feed/", feed("/a/", "/b/"))
    site.add_file("/a/", ARTICLE.format(title="أ"))
    env = setup(tmp_path, site)  # /b/ answers 404 for now
    first = run_rasad("crawl", env=env)
    assert first.returncode == 0 and "1 new article(s)" in first.stdout, first.stdout + first.stderr
    site.add_file("/b/", ARTICLE.format(title="ب"))
    site.reset_log()
    second = run_rasad("crawl", env=env)
    assert "1 new article(s)" in second.stdout, second.stdout + second.stderr
    assert ("/feed/", 200) in paths(site) and ("/b/", 200) in paths(site) and ("/a/", 200) not in paths(site)
    site.reset_log()
    run_rasad("crawl", env=env)  # now all is stored: the feed may answer 304
    assert paths(site) == [("/robots.txt", 404), ("/feed/", 304)]


def test_a_redirected_article_is_not_fetched_again(tmp_path: Path, run_rasad: RunRasad, site: ReplicaServer) -> None:
    site.add_file("/feed/", feed("/2023/06/raz"))  # WordPress redirects to the slash-ended URL
    site.add_file("/2023/06/raz/", ARTICLE.format(title="ج"))
    env = setup(tmp_path, site)
    assert "1 new article(s)" in run_rasad("crawl", env=env).stdout
    site.add_file("/feed/", feed("/2023/06/raz"))  # touched: the feed answers 200 again
    site.reset_log()
    again = run_rasad("crawl", env=env)
    assert "0 new article(s)" in again.stdout, again.stdout
    assert [p for p, _s in paths(site) if p.startswith("/2023/")] == []


class _Redirector(BaseHTTPRequestHandler):
    """An outlet whose robots.txt redirects elsewhere (to ``self.server.target``)."""

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        if self.path == "/robots.txt":
            self.send_response(302)
            self.send_header("Location", self.server.target)  # type: ignore[attr-defined]
            self.end_headers()
            return
        body = feed().encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


def test_robots_txt_redirect_off_the_outlet_is_not_followed(
    tmp_path: Path, run_rasad: RunRasad, site: ReplicaServer
) -> None:
    # ``site`` stands for an internal service on another host (localhost, not 127.0.0.1).
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Redirector)
    server.target = f"{site.base_url.replace('127.0.0.1', 'localhost')}/internal/"  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        config = tmp_path / "rasad.toml"
        config.write_text(f'download_delay_seconds = 0\n[[sources]]\nid = "t"\n'
                          f'feeds = ["http://127.0.0.1:{server.server_address[1]}/feed/"]\nallow_private = true\n')  # fmt: skip
        result = run_rasad("crawl", env={"RASAD_CONFIG": str(config), "RASAD_DATA_DIR": str(tmp_path / "d")})
        assert "feed has no items" in result.stderr  # the crawl itself went on
        assert site.requests == []
    finally:
        server.shutdown()
        server.server_close()


def test_a_stop_signal_at_any_moment_of_start_up_ends_quietly(tmp_path: Path, site: ReplicaServer) -> None:
    """The daemon stops crawls with SIGINT; one that is still importing or setting Scrapy up must end
    without a traceback and without recording anything half-done."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import REPO

    site.add_file("/feed/", feed("/a/"))
    site.add_file("/a/", ARTICLE.format(title="أ"))
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("RASAD_")}, **setup(tmp_path, site),
           "PYTHONPATH": str(REPO)}  # fmt: skip
    for delay in (0.3, 0.8, 1.3):
        child = subprocess.Popen([sys.executable, "-m", "crawler.cli", "crawl", "--quiet"], env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
        time.sleep(delay)
        child.send_signal(signal.SIGINT)
        _out, err = child.communicate(timeout=60)
        assert "Traceback" not in err, (delay, err)
        # -SIGINT: on a loaded machine the signal can land before Python has installed any handler
        # (interpreter start-up), where the kernel's default ends the process: quiet too.
        assert child.returncode in (0, 1, 130, -signal.SIGINT), (delay, child.returncode, err)
