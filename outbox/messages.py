"""A message as JSON and back, so that it can wait in the database for its delivery.

Keeps what Django's EmailMessage and EmailMultiAlternatives carry: addresses, subject,
body, headers, alternatives (the HTML part) and attachments, files' bytes as base64."""

import base64
import email
from email.mime.base import MIMEBase
from email.utils import make_msgid

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.message import DNS_NAME

FORMAT = 1


def _content(value):
    if isinstance(value, bytes):
        return {"base64": base64.b64encode(value).decode("ascii")}
    return {"text": str(value)}


def _from_content(data):
    return base64.b64decode(data["base64"]) if "base64" in data else data["text"]


def _attachment(attachment):
    if isinstance(attachment, MIMEBase):
        return {"mime": attachment.as_string()}
    filename, content, mimetype = attachment
    return {"filename": filename, "content": _content(content), "mimetype": mimetype}


def _from_attachment(data):
    if "mime" not in data:
        return (data["filename"], _from_content(data["content"]), data["mimetype"])
    parsed = email.message_from_string(data["mime"])
    part = MIMEBase(parsed.get_content_maintype(), parsed.get_content_subtype())
    for name in set(part.keys()):
        del part[name]
    for name, value in parsed.items():
        part[name] = value
    part.set_payload(parsed.get_payload())
    return part


def serialise(message):
    headers = {str(name): str(value) for name, value in message.extra_headers.items()}
    # One Message-ID for every attempt, so a receiving server can tell a retry from a new mail.
    if not any(name.lower() == "message-id" for name in headers):
        headers["Message-ID"] = make_msgid(domain=DNS_NAME)
    return {
        "format": FORMAT,
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": str(message.from_email),
        "to": [str(a) for a in message.to],
        "cc": [str(a) for a in message.cc],
        "bcc": [str(a) for a in message.bcc],
        "reply_to": [str(a) for a in message.reply_to],
        "headers": headers,
        "encoding": message.encoding,
        "content_subtype": message.content_subtype,
        "mixed_subtype": message.mixed_subtype,
        "alternative_subtype": getattr(message, "alternative_subtype", None),
        "alternatives": [[str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])],
        "attachments": [_attachment(a) for a in message.attachments],
    }


def deserialise(data):
    message = EmailMultiAlternatives() if data["alternatives"] else EmailMessage()
    message.subject = data["subject"]
    message.body = data["body"]
    message.from_email = data["from_email"]
    message.to, message.cc, message.bcc = data["to"], data["cc"], data["bcc"]
    message.reply_to = data["reply_to"]
    message.extra_headers = data["headers"]
    message.encoding = data["encoding"]
    message.content_subtype = data["content_subtype"]
    message.mixed_subtype = data["mixed_subtype"]
    if data["alternatives"]:
        message.alternative_subtype = data["alternative_subtype"] or message.alternative_subtype
        for content, mimetype in data["alternatives"]:
            message.attach_alternative(content, mimetype)
    for attachment in data["attachments"]:
        rebuilt = _from_attachment(attachment)
        if isinstance(rebuilt, MIMEBase):
            message.attach(rebuilt)
        else:
            message.attach(*rebuilt)
    return message
