"""Delivery errors, and the one place that decides whether a failure is worth retrying.

::

    DeliveryError              a channel did not take the message
    ├── RetryableError         try again later (rate limit, 5xx, 4xx SMTP, timeout, connection lost)
    └── PermanentError         retrying cannot help (bad chat, bot blocked, 5xx SMTP, TLS failure)
    ChannelConfigError         a channel cannot be built (missing secret); a ConfigError, so exit code 2

Senders turn what their protocol reports into one of these with the ``from_*`` functions below,
so the policy lives here and nowhere else (as httpx's ``_exceptions.py`` and dramatiq's
``retries.py`` keep theirs in one module).
"""

from __future__ import annotations

import socket
import ssl

from crawler.config import ConfigError


class DeliveryError(Exception):
    """A channel did not accept a message. The message never contains a secret."""


class RetryableError(DeliveryError):
    """Worth another try; ``retry_after`` is the server's own wait in seconds when it named one."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PermanentError(DeliveryError):
    """Retrying the same message cannot succeed; it goes to the dead-letter stream."""


class ChannelConfigError(ConfigError):
    """A configured channel cannot be used, e.g. its secret's environment variable is not set."""


def from_http_status(status: int, description: str, retry_after: float | None = None) -> DeliveryError:
    """An HTTP API's refusal (the Bot API's ``error_code``/``description``)."""
    if status == 429:
        return RetryableError(f"rate limited (429): {description}", retry_after=retry_after)
    if status >= 500 or status == 408:
        return RetryableError(f"server error ({status}): {description}", retry_after=retry_after)
    # 400 bad request or chat, 401 bad token, 403 bot blocked or kicked, 404 unknown method or chat
    return PermanentError(f"refused ({status}): {description}")


def from_smtp_code(code: int, message: str) -> DeliveryError:
    """RFC 5321: 4yz is a transient negative reply, 5yz a permanent one."""
    if 400 <= code < 500:
        return RetryableError(f"SMTP {code}: {message}")
    return PermanentError(f"SMTP {code}: {message}")


def from_transport_error(error: BaseException, message: str | None = None) -> DeliveryError:
    """A connection-level failure, classified by the error and its causes; ``message`` replaces the
    error's own text (which may hold a URL with a secret in it). Certificate problems do not heal by
    themselves; timeouts, refused and reset connections may."""
    import httpx

    chain = _causes(error)
    text = message if message is not None else f"{type(error).__name__}: {error}"
    for cause in chain:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return PermanentError(f"TLS certificate rejected: {cause.verify_message or text}")
    if any(isinstance(cause, TimeoutError | httpx.TimeoutException) for cause in chain):
        return RetryableError(f"timed out: {text}")
    if any(isinstance(cause, socket.gaierror) for cause in chain):
        return RetryableError(f"host name lookup failed: {text}")
    return RetryableError(f"connection failed: {text}")


def _causes(error: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain
