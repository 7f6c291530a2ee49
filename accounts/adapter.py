from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

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
