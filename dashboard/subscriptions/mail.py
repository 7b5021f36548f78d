"""A subscription's e-mail: what it says (the headline KPIs and the findings, as text and as simple HTML), the
briefing files attached, and the SMTP relay that carries it (the standard library's `email` and `smtplib`).

Every value in the HTML part is escaped: the findings quote what seminar participants wrote.
"""

import html
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from datetime import datetime
from email.utils import format_datetime, make_msgid

from dashboard import settings
from dashboard.i18n import Translator
from dashboard.subscriptions.schedule import BANGKOK

PPTX_TYPE = ("application", "vnd.openxmlformats-officedocument.presentationml.presentation")
PDF_TYPE = ("application", "pdf")


class RelayNotConfigured(Exception):
    """The settings name no SMTP relay or sender."""


@dataclass(frozen=True)
class Attachment:
    file_name: str
    content: bytes

    @property
    def mime_type(self) -> tuple[str, str]:
        return PDF_TYPE if self.file_name.endswith(".pdf") else PPTX_TYPE


@dataclass(frozen=True)
class Content:
    """What one send of a subscription says: the subject, the headline cards as (label, value, change) and the
    findings, in the subscription's language, with the files."""

    subject: str
    intro: str
    cards: tuple[tuple[str, str, str | None], ...]
    findings: tuple[str, ...]
    footer: str
    attachments: tuple[Attachment, ...]


def body_text(content: Content, t: Translator) -> str:
    """Returns the plain-text body."""
    lines = [content.intro, "", t("subs.mail.kpis")]
    lines += [f"- {label}: {value}" + (f" ({change})" if change else "") for label, value, change in content.cards]
    if content.findings:
        lines += ["", t("subs.mail.findings")] + [f"- {sentence}" for sentence in content.findings]
    if content.attachments:
        lines += ["", t("subs.mail.attached", files=", ".join(a.file_name for a in content.attachments))]
    return "\n".join(lines + ["", "--", content.footer]) + "\n"


def body_html(content: Content, t: Translator) -> str:
    """Returns the HTML body: headings, a table of the KPIs and a list of the findings, every value escaped."""
    e = html.escape
    rows = "".join(f"<tr><td>{e(label)}</td><td style=\"text-align:right\"><b>{e(value)}</b></td>"
                   f"<td style=\"color:#555\">{e(change or '')}</td></tr>" for label, value, change in content.cards)
    found = "".join(f"<li>{e(sentence)}</li>" for sentence in content.findings)
    parts = [f"<h2 style=\"font-size:1.25em\">{e(content.intro)}</h2>", f"<h3>{e(t('subs.mail.kpis'))}</h3>",
             f"<table cellpadding=\"4\" style=\"border-collapse:collapse\">{rows}</table>"]
    if found:
        parts += [f"<h3>{e(t('subs.mail.findings'))}</h3>", f"<ul>{found}</ul>"]
    if content.attachments:
        names = ", ".join(a.file_name for a in content.attachments)
        parts.append(f"<p>{e(t('subs.mail.attached', files=names))}</p>")
    parts.append(f"<p style=\"color:#555;font-size:small\">{e(content.footer)}</p>")
    return ("<!DOCTYPE html><html lang=\"" + t.lang + "\"><head><meta charset=\"utf-8\"></head>"
            "<body style=\"font-family:Sarabun,'TH Sarabun New',Tahoma,sans-serif\">" + "".join(parts) + "</body></html>")


def message(content: Content, recipient: str, t: Translator) -> EmailMessage:
    """Returns the MIME message of content to one recipient (UTF-8 text and HTML alternatives, the files attached)."""
    sender = settings.get("mail_from")
    mail = EmailMessage()
    mail["Subject"] = content.subject
    mail["From"] = sender
    mail["To"] = recipient
    mail["Date"] = format_datetime(datetime.now(BANGKOK).replace(microsecond=0))
    mail["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1].strip("> ") or None)
    mail.set_content(body_text(content, t), charset="utf-8")
    mail.add_alternative(body_html(content, t), subtype="html", charset="utf-8")
    for attachment in content.attachments:
        maintype, subtype = attachment.mime_type
        mail.add_attachment(attachment.content, maintype=maintype, subtype=subtype, filename=attachment.file_name)
    return mail


def relay_configured() -> bool:
    """Tells whether the settings name a relay and a sender."""
    return bool(settings.get("smtp_host") and settings.get("mail_from"))


def send(mail: EmailMessage) -> None:
    """Hands one message to the relay; raises RelayNotConfigured, or smtplib's and the socket's errors (a refused
    recipient: SMTPRecipientsRefused)."""
    if not relay_configured():
        raise RelayNotConfigured("smtp_host and mail_from are not set")
    host, port, timeout = settings.get("smtp_host"), settings.get("smtp_port"), settings.get("smtp_timeout_s")
    security = settings.get("smtp_security")
    context = ssl.create_default_context()
    if security == "tls":
        relay = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        relay = smtplib.SMTP(host, port, timeout=timeout)
    with relay:
        if security == "starttls":
            relay.starttls(context=context)
        if settings.get("smtp_user"):
            relay.login(settings.get("smtp_user"), settings.get("smtp_password"))
        relay.send_message(mail)
