"""Headers parsed once per process (mail.headers) stay each message's own: a message built
after others carries its own recipient, subject and boundaries, and is what the standard
library's own header parsing makes of it."""

import email
import re
from email import policy

from django.core.mail import EmailMultiAlternatives

from mail.headers import HeadersParsedOnce, parsing_headers_once
from mail.rendering import OutboxMessage

PEOPLE = [
    ("Camille Durand <camille@example.org>", "Votre place est confirmée"),
    ("Łukasz Żółć <lukasz@example.org>", "Your seat at Tech For Climate is confirmed"),
    ("camille@example.org", "Votre place est confirmée"),  # the same subject again
    ("Zoë <zoe@example.org>", "Une annonce: l'accueil ouvre à 8 h 30, une heure avant la première plénière du jour"),
]


def message(cls, to: str, subject: str):
    # The same date and identifier for both makers: the rest is theirs.
    headers = {"Auto-Submitted": "auto-generated", "Date": "Tue, 08 Jun 2027 08:30:00 +0200", "Message-ID": "<1@tfc>"}
    message = cls(subject, f"Bonjour,\n\nÀ bientôt, {to}.\n", to=[to], headers=headers)
    message.attach_alternative(f"<p>Bonjour,</p><p>À bientôt, {to}.</p>", "text/html")
    message.attach("agenda.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    return message


def parsed(message_bytes: bytes):
    return email.message_from_bytes(message_bytes, policy=policy.default)


def outline(mime) -> list[tuple]:
    """Every part's type, parameters but the boundary, encoding, disposition and content."""
    return [
        (
            part.get_content_type(),
            sorted((k, v) for k, v in part["Content-Type"].params.items() if k != "boundary"),
            part.get("Content-Transfer-Encoding"),
            part.get_content_disposition(),
            None if part.is_multipart() else part.get_content(),
        )
        for part in mime.walk()
    ]


def test_each_message_built_after_others_carries_its_own_headers():
    sent = [
        parsed(message(OutboxMessage, to, subject).message(policy=policy.SMTP).as_bytes()) for to, subject in PEOPLE
    ]

    for mime, (to, subject) in zip(sent, PEOPLE, strict=True):
        assert str(mime["To"]) == to
        assert str(mime["Subject"]) == subject
        assert mime["Auto-Submitted"] == "auto-generated"
    assert len({mime.get_boundary() for mime in sent}) == len(PEOPLE)


def test_a_message_is_byte_for_byte_what_the_standard_library_makes():
    for to, subject in PEOPLE:
        ours, standard = (
            without_boundaries(message(cls, to, subject).message(policy=policy.SMTP).as_bytes())
            for cls in (OutboxMessage, EmailMultiAlternatives)
        )

        assert ours == standard
        assert outline(parsed(ours)) == outline(parsed(standard))


def without_boundaries(raw: bytes) -> bytes:
    """The message with its random MIME boundaries numbered in order of appearance."""
    boundaries = list(dict.fromkeys(re.findall(rb'boundary="([^"]+)"', raw)))
    for number, boundary in enumerate(boundaries):
        raw = raw.replace(boundary, b"boundary-%d" % number)
    return raw


def test_the_policy_is_the_given_one_with_its_own_header_factory():
    smtp = parsing_headers_once(policy.SMTP)

    assert parsing_headers_once(policy.SMTP) is smtp
    assert isinstance(smtp.header_factory, HeadersParsedOnce)
    assert (smtp.linesep, smtp.max_line_length, smtp.utf8) == (policy.SMTP.linesep, policy.SMTP.max_line_length, False)
