"""Prometheus metrics for the daemon (off unless ``metrics_port`` is set).

Crawls run in subprocesses and workers may run elsewhere, so most figures are read from the store
and the stream at scrape time instead of being counted in this process: they stay right across
restarts and processes. Only the crawl runs themselves are counted here, by the daemon that runs them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import func, select

from crawler.schema import articles, deliveries, incidents, source_health
from crawler.store import Store

log = logging.getLogger(__name__)


class RasadCollector:
    def __init__(self, store: Store, queue_depth: Callable[[], dict[str, int]], crawls: Callable[[], dict[tuple[str, str], int]]) -> None:
        self.store = store
        self.queue_depth = queue_depth
        self.crawls = crawls

    def collect(self) -> Iterator[Any]:
        from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

        crawl_runs = CounterMetricFamily("rasad_crawls", "Crawl runs started by this daemon", labels=["source", "result"])
        for (source, result), count in sorted(self.crawls().items()):
            crawl_runs.add_metric([source, result], count)
        yield crawl_runs
        with self.store.engine.connect() as conn:
            pages = CounterMetricFamily("rasad_pages", "Fetched pages stored, by source and outcome",
                                        labels=["source", "status"])  # fmt: skip
            query = select(articles.c.source_id, articles.c.status, func.count()).group_by(articles.c.source_id, articles.c.status)
            for source, status, count in conn.execute(query):
                pages.add_metric([source or "", status], count)
            yield pages
            found = CounterMetricFamily("rasad_incidents", "Incidents stored", labels=["background"])
            for background, count in conn.execute(select(incidents.c.background, func.count()).group_by(incidents.c.background)):
                found.add_metric(["true" if background else "false"], count)
            yield found
            sent = CounterMetricFamily("rasad_deliveries", "Alert deliveries by channel and outcome",
                                       labels=["channel", "outcome"])  # fmt: skip
            query = select(deliveries.c.channel_id, deliveries.c.outcome, func.count()).group_by(
                deliveries.c.channel_id, deliveries.c.outcome)  # fmt: skip
            for channel, outcome, count in conn.execute(query):
                sent.add_metric([channel, outcome], count)
            yield sent
            failing = GaugeMetricFamily("rasad_source_consecutive_failures", "Failed polls in a row", labels=["source"])
            success = GaugeMetricFamily("rasad_source_last_success_timestamp_seconds", "Last good poll", labels=["source"])
            for row in conn.execute(select(source_health)):
                failing.add_metric([row.source_id], row.consecutive_failures)
                if row.last_success is not None:
                    success.add_metric([row.source_id], row.last_success.timestamp())
            yield failing
            yield success
        try:
            depth = self.queue_depth()
        except Exception as error:  # noqa: BLE001 - a scrape must not fail because Redis is down
            log.warning("metrics: alert queue unknown: %s", error)
            return
        queue = GaugeMetricFamily("rasad_alert_queue", "Alert stream entries", labels=["state"])
        for state in ("length", "pending", "dead"):
            queue.add_metric([state], depth[state])
        yield queue


def serve_metrics(address: str, port: int, collector: RasadCollector) -> Any:
    """Start the /metrics endpoint in a thread; returns the server (call ``shutdown()`` to stop)."""
    from prometheus_client import start_http_server
    from prometheus_client.core import CollectorRegistry

    registry = CollectorRegistry(auto_describe=False)
    registry.register(collector)
    server, _thread = start_http_server(port, addr=address, registry=registry)
    log.info("metrics on http://%s:%d/metrics", address, server.server_port)
    return server
