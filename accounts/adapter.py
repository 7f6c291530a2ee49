from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation

from registrations.outbox import queue_email

# Set by a page reached from a personal link (a speaker's or an attendee's invitation, a
# seat held by a colleague) before the person signs up or logs in, so that they land back
# on it whichever way they come (even through e-mail verification).
RETURN_AFTER_LOGIN_SESSION_KEY = "return_after_login"


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        return request.session.get(RETURN_AFTER_LOGIN_SESSION_KEY) or super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request):
        return request.session.get(RETURN_AFTER_LOGIN_SESSION_KEY) or super().get_signup_redirect_url(request)

    def save_user(self, request, user, form, commit=True):
        # Remember the language the person signed up in: their e-mails will use it.
        user.language = translation.get_language() or "fr"
        return super().save_user(request, user, form, commit=commit)

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
