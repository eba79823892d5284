"""Table definitions of the store (SQLAlchemy Core). Dates are stored timezone-aware."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("url", String(2048), nullable=False, unique=True),
    Column("source_id", String(64)),
    Column("status", String(16), nullable=False),  # "article" or "skipped"
    Column("skip_reason", Text),
    Column("title", Text),
    Column("text", Text),
    Column("published", DateTime(timezone=True)),
    Column("published_from", String(16)),
    Column("fetched_at", DateTime(timezone=True), nullable=False),
    Column("fingerprint", LargeBinary),  # MinHash signature of the text (crawler.neardup), for near-duplicates
)

# The LSH bands of each article's fingerprint: near-duplicate candidates by one indexed lookup.
article_bands = Table(
    "article_bands",
    metadata,
    Column("band", BigInteger, primary_key=True, autoincrement=False),
    Column("article_id", Integer, primary_key=True, autoincrement=False),
)

incidents = Table(
    "incidents",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("first_seen", DateTime(timezone=True), nullable=False, index=True),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("date", String(10)),
    Column("admin1", String(64)),
    Column("types", String(256), nullable=False),
    Column("background", Boolean, nullable=False),
    Column("match_key", String(256), index=True),
    Column("data", Text, nullable=False),  # the incident JSON of DESIGN.md 3.2
    # What matching reads (crawler.matching), copied out of ``data``: candidates come by admin1 and
    # date span. date_low/date_high: the days it may have happened on; date_basis: "text" (its own
    # date), "published" (its article's day), "background" (undated earlier news: up to 14 days before).
    Column("family", String(16)),
    Column("date_low", String(10)),
    Column("date_high", String(10)),
    Column("date_basis", String(12)),
    Column("place_id", String(32)),
    Column("admin2", String(64)),
    Column("admin3", String(64)),
    Column("lat", Float),
    Column("lon", Float),
    Column("geo_precision", Integer),
    Column("place_names", Text),  # every name it was reported under, as crawler.matching.name_words
    Index("ix_incidents_admin1_date_low", "admin1", "date_low"),
)

incident_sources = Table(
    "incident_sources",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", String(64), nullable=False, index=True),
    Column("url", String(2048), index=True),  # an article's incidents (re-processing, near-duplicates)
    Column("source_id", String(64)),
    Column("published", String(40)),
    Column("copy_of", String(2048)),  # the article this one near-duplicates: listed, not a confirmation
    # Reported as earlier news ("قبل أيام"): listed, merged, never a confirmation (crawler.store_incidents)
    Column("background", Boolean, nullable=False, server_default=false()),
    UniqueConstraint("incident_id", "url"),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("alert_id", String(128), nullable=False, unique=True),
    Column("incident_id", String(64), nullable=False, index=True),  # an incident's update alerts, counted
    Column("kind", String(16), nullable=False),
    Column("payload", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("published_at", DateTime(timezone=True), index=True),
    Column("entry_id", String(64)),
)

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("alert_id", String(128), nullable=False),
    Column("channel_id", String(64), nullable=False),
    Column("incident_id", String(64), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("outcome", String(16), nullable=False),  # sent | failed | skipped
    Column("detail", Text),
    Column("message_id", Text),  # a digest sent alert by alert joins its ids: no length to promise
    Column("sent_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("alert_id", "channel_id"),
)

feed_state = Table(
    "feed_state",
    metadata,
    Column("url", String(2048), primary_key=True),
    Column("etag", Text),  # ETag and Last-Modified: the server decides their length
    Column("last_modified", Text),
    Column("checked_at", DateTime(timezone=True)),
)

source_health = Table(
    "source_health",
    metadata,
    Column("source_id", String(64), primary_key=True),
    Column("last_crawl", DateTime(timezone=True)),
    Column("last_success", DateTime(timezone=True)),
    Column("last_failure", DateTime(timezone=True)),
    Column("last_error", Text),
    Column("consecutive_failures", Integer, nullable=False, default=0),
    Column("articles_total", Integer, nullable=False, default=0),
    Column("waiting_until", DateTime(timezone=True)),  # polls skipped until then: a host's Retry-After
)

# A host (by crawler.middlewares.wait_key) that answered 429/503 with a Retry-After longer than a crawl
# waits: no request to it before ``until`` (UTC), in any crawl process.
host_waits = Table(
    "host_waits",
    metadata,
    Column("host", String(255), primary_key=True),
    Column("until", DateTime(timezone=True), nullable=False),
    Column("status", Integer, nullable=False),
    Column("source_id", String(64)),
    Column("set_at", DateTime(timezone=True), nullable=False),
)

# Alerts held back for a channel's digest (its ``digest`` setting, or quiet hours): sent together at
# ``due_at`` (UTC), then marked ``sent_at``; each alert also gets its one deliveries-ledger row then.
digest_queue = Table(
    "digest_queue",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("channel_id", String(64), nullable=False, index=True),
    Column("alert_id", String(128), nullable=False),
    Column("payload", Text, nullable=False),  # the alert's stream fields, as JSON
    Column("queued_at", DateTime(timezone=True), nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True), index=True),
    UniqueConstraint("alert_id", "channel_id"),
)

# -- crawling (issue 5) ---------------------------------------------------------------------------
url_keys = Table(  # every URL fetched and kept (article or skipped), by crawler.urls.url_key
    "url_keys",
    metadata,
    Column("key", String(2048), primary_key=True),
    Column("url", String(2048), nullable=False),
    Column("source_id", String(64), index=True),
    Column("seen_at", DateTime(timezone=True), nullable=False),
)

health_messages = Table(  # source health alerts for the alert path to route: "failing" once, then "recovered"
    "health_messages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source_id", String(64), nullable=False, index=True),
    Column("kind", String(16), nullable=False),  # failing | recovered
    Column("text", Text, nullable=False),  # Arabic-and-English one-liner, ready to send
    Column("detail", Text),  # JSON: failures, last_error, last_success
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("published_at", DateTime(timezone=True), index=True),  # set by whoever delivers it
)
