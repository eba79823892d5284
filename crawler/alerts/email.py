"""Email: one multipart/alternative message (plain text + right-to-left HTML) per alert, via smtplib.

Security is the channel's ``security``: "starttls" (upgrade on the submission port), "tls" (TLS
from the first byte, port 465) or "none" (loopback relays and tests). TLS uses
``ssl.create_default_context()``: certificates and host names are checked. An update is sent as a
reply (In-Reply-To / References) to the first message about the incident, so mail clients thread them.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from crawler.alerts import errors
from crawler.alerts.alert import Alert
from crawler.alerts.digest import email_digest_html, heading, plain_digest
from crawler.alerts.render import RenderOptions, email_html, headline, plain_text
from crawler.config import EmailChannel

log = logging.getLogger(__name__)


class EmailSender:
    def __init__(
        self,
        channel: EmailChannel,
        password: str | None,
        *,
        source_names: Mapping[str, str] | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.channel = channel
        self.channel_id = channel.id
        self.__password = password
        self._options = RenderOptions(channel.include_persons, dict(source_names or {}))
        self._ssl_context = ssl_context  # tests pass one that trusts their own CA

    def __repr__(self) -> str:
        return f"EmailSender(channel={self.channel_id!r}, host={self.channel.smtp_host!r})"

    def message(self, alert: Alert, reply_to: str | None = None) -> EmailMessage:
        message = EmailMessage()
        message["Subject"] = f"رصد — {headline(alert)}"
        message["From"] = self.channel.sender
        message["To"] = ", ".join(self.channel.recipients)
        message["Date"] = formatdate(localtime=True)
        message["Message-ID"] = make_msgid(domain=_domain(self.channel.sender))
        if reply_to:
            message["In-Reply-To"] = reply_to
            message["References"] = reply_to
        message["Content-Language"] = "ar"
        message.set_content(plain_text(alert, self._options), charset="utf-8")
        message.add_alternative(email_html(alert, self._options), subtype="html", charset="utf-8")
        return message

    def digest_message(self, alerts: Sequence[Alert]) -> EmailMessage:
        message = self._envelope(f"رصد — {heading(alerts)}")
        message.set_content(plain_digest(alerts, self._options), charset="utf-8")
        message.add_alternative(email_digest_html(alerts, self._options), subtype="html", charset="utf-8")
        return message

    def _envelope(self, subject: str) -> EmailMessage:
        message = EmailMessage()
        message["Subject"] = subject
        message["From"] = self.channel.sender
        message["To"] = ", ".join(self.channel.recipients)
        message["Date"] = formatdate(localtime=True)
        message["Message-ID"] = make_msgid(domain=_domain(self.channel.sender))
        message["Content-Language"] = "ar"
        return message

    def send_digest(self, alerts: Sequence[Alert]) -> str:
        """Several alerts in one message; returns its Message-ID."""
        message = self.digest_message(alerts)
        self._submit(message)
        return str(message["Message-ID"])

    def send_notice(self, text: str) -> str:
        """An operational note (a source failing or recovered) as a short plain-text mail."""
        message = self._envelope(f"رصد — {text.splitlines()[0][:120]}")
        message.set_content(text, charset="utf-8")
        self._submit(message)
        return str(message["Message-ID"])

    def send(self, alert: Alert, reply_to: str | None = None) -> str:
        """Deliver to every recipient; returns the Message-ID (the "message id" replies refer to)."""
        message = self.message(alert, reply_to)
        refused = self._submit(message)
        if refused:
            log.warning("email channel %s: some recipients refused: %s", self.channel_id,
                        ", ".join(f"{r} ({code})" for r, (code, _) in refused.items()))  # fmt: skip
        return str(message["Message-ID"])

    def _submit(self, message: EmailMessage) -> dict[str, tuple[int, bytes]]:
        failure: errors.DeliveryError | None = None
        try:
            with self._connect() as smtp:
                if self.channel.username:
                    smtp.login(self.channel.username, self.__password or "")
                return smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:  # every recipient refused
            codes = [code for code, _ in error.recipients.values()]
            transient = bool(codes) and all(400 <= code < 500 for code in codes)
            failure = errors.from_smtp_code(codes[0] if transient else max(codes, default=550),
                                            f"recipients refused: {', '.join(error.recipients)}")  # fmt: skip
        except smtplib.SMTPResponseException as error:  # sender refused, data refused, auth failed...
            failure = errors.from_smtp_code(error.smtp_code, _text(error.smtp_error))
        except smtplib.SMTPNotSupportedError as error:  # e.g. no STARTTLS offered: configuration
            failure = errors.PermanentError(f"SMTP server does not support it: {error}")
        except (smtplib.SMTPException, OSError) as error:  # disconnected, refused, timeout, TLS
            failure = errors.from_transport_error(error, f"{type(error).__name__}: {error}")
        log.warning("email channel %s: %s", self.channel_id, failure)
        raise failure

    def _connect(self) -> smtplib.SMTP:
        channel = self.channel
        if self._ssl_context is None and channel.security != "none":
            # Built once: loading the system CA store costs ~40 ms, every message would pay it.
            self._ssl_context = ssl.create_default_context()
        context = self._ssl_context
        if channel.security == "tls":
            return smtplib.SMTP_SSL(channel.smtp_host, channel.smtp_port, timeout=channel.timeout_seconds,
                                    context=context)  # fmt: skip
        smtp = smtplib.SMTP(channel.smtp_host, channel.smtp_port, timeout=channel.timeout_seconds)
        try:
            if channel.security == "starttls":
                smtp.ehlo()
                smtp.starttls(context=context)
                smtp.ehlo()
        except BaseException:
            smtp.close()
            raise
        return smtp


def _domain(address: str) -> str:
    try:
        return Address(addr_spec=address).domain or "rasad.local"
    except (ValueError, IndexError):
        return address.rpartition("@")[2] or "rasad.local"


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
