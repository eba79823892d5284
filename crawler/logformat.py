"""How Scrapy logs Rasad's items: by URL and reason, never the item itself.

Scrapy's default formatter puts the whole item (for Rasad, the page's HTML) into the message of every
dropped item, at WARNING: a listing page skipped or an article already stored would write kilobytes of
markup into the daemon's log. A dropped page is routine (its reason is recorded in the store), so it is
logged at INFO with the pipeline's one-line reason, which already names the URL.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.logformatter import LogFormatter, LogFormatterResult


class RasadLogFormatter(LogFormatter):
    def dropped(self, item: Any, exception: BaseException, response: Any, spider: Any) -> LogFormatterResult:
        return {"level": logging.INFO, "msg": "skipped: %(reason)s", "args": {"reason": str(exception)[:500]}}

    def scraped(self, item: Any, response: Any, spider: Any) -> LogFormatterResult:
        url = getattr(item, "url", None) or getattr(response, "url", "")
        return {"level": logging.DEBUG, "msg": "stored: %(url)s", "args": {"url": url}}

    def item_error(
        self, item: Any, exception: BaseException, response: Any, spider: Any
    ) -> LogFormatterResult:
        url = getattr(item, "url", None) or getattr(response, "url", "")
        return {"level": logging.ERROR, "msg": "pipeline failed on %(url)s", "args": {"url": url}}
