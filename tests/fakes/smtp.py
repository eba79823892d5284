"""A real SMTP server on 127.0.0.1 (aiosmtpd) that collects messages, parsed back with ``email``.

Plain, STARTTLS (``starttls=True``) or implicit TLS (``implicit_tls=True``), with a self-signed
certificate authority made for the test run (:func:`make_tls`), optional AUTH, and scripted answers
to DATA (``replies("451 4.3.0 Try again later")`` then 250).
"""

from __future__ import annotations

import datetime
import ipaddress
import logging
import socket
import ssl
from collections import deque
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

# aiosmtpd logs every connection at INFO from its own thread, sometimes after pytest has closed the
# stream it captured: quiet it to warnings.
logging.getLogger("mail.log").setLevel(logging.WARNING)


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    def part(self, subtype: str) -> str:
        found = self.message.get_body(preferencelist=(subtype,))
        assert found is not None, f"no text/{subtype} part"
        return str(found.get_content())


@dataclass(frozen=True)
class TLSFiles:
    ca_file: Path
    cert_file: Path
    key_file: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert_file, self.key_file)
        return context

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca_file))


class Collector:
    def __init__(self) -> None:
        self.messages: list[Received] = []
        self.data_attempts = 0
        self._replies: deque[str] = deque()

    def replies(self, *codes: str) -> None:
        """Answers to the next DATA commands (e.g. "451 4.3.0 Try again later"); then 250."""
        self._replies.extend(codes)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd API
        self.data_attempts += 1
        if self._replies:
            reply = self._replies.popleft()
            if not reply.startswith("250"):
                return reply
        message = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 2.0.0 Message accepted for delivery"


class SMTPServer(Controller):
    """aiosmtpd's threaded controller on a socket bound to port 0 beforehand (no port race)."""

    def __init__(self, collector: Collector, **kwargs: Any) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))
        super().__init__(collector, hostname="127.0.0.1", port=self._socket.getsockname()[1], **kwargs)
        self.collector = collector

    def _create_server(self) -> Any:
        return self.loop.create_server(self._no_delay_protocol, sock=self._socket, ssl=self.ssl_context)

    def _no_delay_protocol(self) -> Any:
        """aiosmtpd writes a multi-line EHLO reply line by line; with Nagle's algorithm on, each
        EHLO then waits ~40 ms for the client's delayed ACK. Real servers do not: turn it off."""
        protocol = self._factory_invoker()
        made = protocol.connection_made

        def connection_made(transport: Any) -> None:
            sock = transport.get_extra_info("socket")
            if sock is not None:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            made(transport)

        protocol.connection_made = connection_made  # type: ignore[method-assign]
        return protocol


def start_smtp(
    tls: TLSFiles | None = None, *, starttls: bool = False, implicit_tls: bool = False,
    logins: dict[str, str] | None = None,
) -> SMTPServer:  # fmt: skip
    kwargs: dict[str, Any] = {}
    if starttls and tls:
        kwargs.update(tls_context=tls.server_context(), require_starttls=True)
    if implicit_tls and tls:
        kwargs["ssl_context"] = tls.server_context()
    if logins is not None:
        kwargs.update(authenticator=_authenticator(logins), auth_required=True, auth_require_tls=bool(tls))
    server = SMTPServer(Collector(), **kwargs)
    server.start()
    return server


def _authenticator(logins: dict[str, str]) -> Any:
    def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and logins.get(data.login.decode()) == data.password.decode()
        return AuthResult(success=ok, handled=False)

    return check


def make_tls(directory: Path) -> TLSFiles:
    """A throwaway certificate authority and a certificate for 127.0.0.1 / localhost it signed."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Rasad test CA")])
    ca = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                     crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                    x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    files = TLSFiles(directory / "ca.pem", directory / "server.pem", directory / "server.key")
    files.ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    files.cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    files.key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                 serialization.NoEncryption()))  # fmt: skip
    return files
