"""allauth's account adapter, sending its e-mails through the outbox."""

from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation

from accounts.adapter import AccountAdapter
from mail.outbox import queue_email


class OutboxAccountAdapter(AccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Account e-mails (verification links, login codes, resets) go through the outbox
        like every e-mail: recorded, sent by a worker, retried, never twice."""
        request = context.get("request") or self.request
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": get_current_site(request), **context},
        )
        alternatives = getattr(message, "alternatives", [])
        html = next((content for content, mimetype in alternatives if mimetype == "text/html"), "")
        queue_email(
            recipient=email,
            kind="account:" + template_prefix.rsplit("/", 1)[-1],
            language=translation.get_language() or "fr",
            subject=message.subject,
            body_text=message.body,
            body_html=html,
        )
