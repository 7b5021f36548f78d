"""The relay's protection and sign-in, against a real SMTP server on 127.0.0.1 (aiosmtpd) with a certificate made
for the test: STARTTLS on the submission port and TLS from the first byte, each with a user and password; a wrong
password and a certificate the machine does not trust are failures that say why, and nothing is sent."""

import datetime
import ipaddress
import ssl
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from dashboard.subscriptions import sending, store
from dashboard.subscriptions.schedule import BANGKOK, Schedule
from tests.browser import free_port

DUE = datetime.datetime(2026, 12, 1, 7, 0, tzinfo=BANGKOK)
USER, PASSWORD = "dashboard", "s3cret-pass"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1, and its key, as files."""
    folder = tmp_path_factory.mktemp("tls")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "relay.test")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    return folder / "cert.pem", folder / "key.pem"


class Relay:
    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append((session.authenticated, envelope.rcpt_tos))
        return "250 OK"


def _authenticator(server, session, envelope, mechanism, auth_data):
    # handled=False: aiosmtpd answers a refusal itself (535)
    return AuthResult(success=auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode(),
                      handled=False)


def _relay(certificate, *, implicit_tls: bool):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    handler, port = Relay(), free_port()
    # aiosmtpd offers AUTH only inside STARTTLS unless told the connection is safe: TLS from the first byte is
    tls = ({"ssl_context": context, "auth_require_tls": False} if implicit_tls
           else {"tls_context": context, "require_starttls": True})
    controller = Controller(handler, hostname="127.0.0.1", port=port, auth_required=True,
                            authenticator=_authenticator, **tls)
    controller.start()
    return controller, handler, port


@pytest.fixture
def settings_for(known_db, clean_settings, tmp_path, certificate):
    def configure(port: int, security: str, password: str = PASSWORD, trusted: bool = True):
        for name, value in {"DB_PATH": known_db, "BUILD_DEMO_IF_MISSING": "false", "SMTP_HOST": "127.0.0.1",
                            "SMTP_PORT": port, "SMTP_SECURITY": security, "SMTP_USER": USER, "SMTP_PASSWORD": password,
                            "MAIL_FROM": "dashboard@mol.go.th", "SUBSCRIPTIONS_FILE": tmp_path / "subscriptions.json",
                            "AUDIT_LOG": tmp_path / "audit.jsonl", "ROLES_FILE": tmp_path / "none.toml"}.items():
            clean_settings.setenv(f"DASHBOARD_{name}", str(value))
        if trusted:   # the machine's trust store, as OpenSSL reads it: here, the test's own certificate only
            clean_settings.setenv("SSL_CERT_FILE", str(certificate[0]))
        store.save(store.Subscription("ภูเก็ต", ("phuket@mol.go.th",), province_codes=("83",), files=(),
                                      schedule=Schedule("monthly", 1, 7), created_utc="2026-11-01T00:00:00+00:00"))
    return configure


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_the_relay_is_reached_over_tls_and_signed_in_to(certificate, settings_for, known_db, security):
    controller, relay, port = _relay(certificate, implicit_tls=security == "tls")
    try:
        settings_for(port, security)
        [outcome] = sending.send_due(known_db, now=DUE)
        assert outcome.status == "sent", outcome.reason
        assert relay.received == [(True, ["phuket@mol.go.th"])]
    finally:
        controller.stop()


def test_a_wrong_password_is_a_failure_that_says_so(certificate, settings_for, known_db):
    controller, relay, port = _relay(certificate, implicit_tls=False)
    try:
        settings_for(port, "starttls", password="wrong")
        [outcome] = sending.send_due(known_db, now=DUE)
        assert outcome.status == "failed" and "535" in outcome.reason and relay.received == []
    finally:
        controller.stop()


def test_a_relay_certificate_the_machine_does_not_trust_is_refused(certificate, settings_for, known_db, clean_settings,
                                                                    tmp_path):
    controller, relay, port = _relay(certificate, implicit_tls=False)
    try:
        settings_for(port, "starttls", trusted=False)
        empty = tmp_path / "no-ca.pem"
        empty.write_text("")
        clean_settings.setenv("SSL_CERT_FILE", str(empty))
        clean_settings.setenv("SSL_CERT_DIR", str(tmp_path))
        [outcome] = sending.send_due(known_db, now=DUE)
        assert outcome.status == "failed" and "CERTIFICATE_VERIFY_FAILED" in outcome.reason
        assert relay.received == []
    finally:
        controller.stop()
