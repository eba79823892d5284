"""Email sender against a real SMTP server on loopback (aiosmtpd): plain, STARTTLS, implicit TLS."""

from __future__ import annotations

import socket
from email.header import decode_header, make_header
from typing import Any

import pytest

from crawler.alerts.email import EmailSender
from crawler.alerts.errors import PermanentError, RetryableError
from crawler.config import EmailChannel
from tests.fakes.fixtures import make_alert, smtp_server, smtp_tls, tls_files
from tests.fakes.smtp import SMTPServer, TLSFiles, start_smtp

__all__ = ["smtp_server", "smtp_tls", "tls_files"]


def channel(port: int, **changes: Any) -> EmailChannel:
    values: dict[str, Any] = {"id": "desk", "kind": "email", "smtp_host": "127.0.0.1", "smtp_port": port,
                              "security": "none", "sender": "alerts@example.org",
                              "recipients": ["desk@example.org", "editor@example.org"], "timeout_seconds": 5,
                              **changes}  # fmt: skip
    return EmailChannel.model_validate(values)


def test_a_multipart_arabic_message(smtp_server: SMTPServer) -> None:
    sender = EmailSender(channel(smtp_server.port), None, source_names={"athr-press": "أثر برس"})
    message_id = sender.send(make_alert())
    [mail] = smtp_server.collector.messages
    assert mail.mail_from == "alerts@example.org" and mail.rcpt_tos == [
        "desk@example.org",
        "editor@example.org",
    ]
    assert mail.message["Message-ID"] == message_id and message_id.endswith("@example.org>")
    assert mail.message.get_content_type() == "multipart/alternative"
    subject = str(make_header(decode_header(mail.message["Subject"])))
    assert subject.startswith("رصد — جديد: إنزال جوي") and "البصيرة، دير الزور" in subject
    html, plain = mail.part("html"), mail.part("plain")
    assert '<html lang="ar" dir="rtl">' in html and "أثر برس" in html and "القتلى: 3" in plain
    assert "خلف الوهاب" not in html + plain  # this channel does not include persons


def test_an_update_threads_under_the_first_message(smtp_server: SMTPServer) -> None:
    sender = EmailSender(channel(smtp_server.port), None)
    first = sender.send(make_alert("a1"))
    sender.send(make_alert("a2", kind="update"), reply_to=first)
    update = smtp_server.collector.messages[1].message
    assert update["In-Reply-To"] == first and update["References"] == first
    assert "تحديث" in str(make_header(decode_header(update["Subject"])))


def test_a_4xx_answer_is_retryable_and_the_retry_goes_through(smtp_server: SMTPServer) -> None:
    sender = EmailSender(channel(smtp_server.port), None)
    smtp_server.collector.replies("451 4.3.0 Try again later")
    with pytest.raises(RetryableError, match="SMTP 451"):
        sender.send(make_alert())
    sender.send(make_alert())
    assert smtp_server.collector.data_attempts == 2 and len(smtp_server.collector.messages) == 1


def test_a_5xx_answer_is_permanent(smtp_server: SMTPServer) -> None:
    smtp_server.collector.replies("554 5.7.1 Message rejected as spam")
    with pytest.raises(PermanentError, match="SMTP 554"):
        EmailSender(channel(smtp_server.port), None).send(make_alert())


def test_starttls_and_login(smtp_tls: SMTPServer, tls_files: TLSFiles) -> None:
    config = channel(smtp_tls.port, security="starttls", username="alerts@example.org", password_env="PW")
    EmailSender(config, "s3cret-pass", ssl_context=tls_files.client_context()).send(make_alert())
    assert len(smtp_tls.collector.messages) == 1
    with pytest.raises(PermanentError, match="SMTP 535") as wrong:
        EmailSender(config, "not-the-password", ssl_context=tls_files.client_context()).send(make_alert())
    assert "not-the-password" not in str(wrong.value)


def test_certificates_are_checked(smtp_tls: SMTPServer) -> None:
    """The default context trusts the system's CAs, not the test's: a self-made certificate fails."""
    config = channel(smtp_tls.port, security="starttls", username="alerts@example.org", password_env="PW")
    with pytest.raises(PermanentError, match="certificate"):
        EmailSender(config, "s3cret-pass").send(make_alert())
    assert smtp_tls.collector.messages == []


def test_implicit_tls(tls_files: TLSFiles) -> None:
    server = start_smtp(tls_files, implicit_tls=True)
    try:
        EmailSender(channel(server.port, security="tls"), None, ssl_context=tls_files.client_context()).send(
            make_alert()
        )
        assert len(server.collector.messages) == 1
    finally:
        server.stop()


def test_starttls_required_but_not_offered_is_permanent(smtp_server: SMTPServer) -> None:
    with pytest.raises(PermanentError, match="STARTTLS"):
        EmailSender(channel(smtp_server.port, security="starttls"), None).send(make_alert())


def test_no_server_is_retryable() -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    with pytest.raises(RetryableError, match="connection failed"):
        EmailSender(channel(port), None).send(make_alert())
