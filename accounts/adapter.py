from allauth.account.adapter import DefaultAccountAdapter
from django.core.validators import MaxLengthValidator
from django.utils import translation

from core.forms import EMAIL_MAX_LENGTH

# Set by a page reached from a personal link (a speaker's or an attendee's invitation, a
# seat held by a colleague) before the person signs up or logs in, so that they land back
# on it whichever way they come (even through e-mail verification).
RETURN_AFTER_LOGIN_SESSION_KEY = "return_after_login"

# The address a personal link was sent to, while its follower is not logged in.
VOUCHED_ADDRESS_SESSION_KEY = "vouched_address"


def vouch_for_address(request, email: str) -> None:
    """A personal link (invitation, seat transfer, hold, offer) proves that its follower
    reads the mail of the address it was sent to: signing up with that address, and that
    address only, needs no verification e-mail. A link forwarded to someone else vouches
    for nothing they sign up with."""
    if not request.user.is_authenticated:
        request.session[VOUCHED_ADDRESS_SESSION_KEY] = email


def is_vouched_address(request, email: str) -> bool:
    vouched = request.session.get(VOUCHED_ADDRESS_SESSION_KEY) if request is not None else None
    return bool(vouched) and vouched.casefold() == (email or "").casefold()


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        return request.session.get(RETURN_AFTER_LOGIN_SESSION_KEY) or super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request):
        return request.session.get(RETURN_AFTER_LOGIN_SESSION_KEY) or super().get_signup_redirect_url(request)

    def clean_email(self, email):
        # allauth's address fields take 320 characters; the columns hold 254, and allauth
        # would cut a longer address short on the account (its mail then going nowhere).
        MaxLengthValidator(EMAIL_MAX_LENGTH)(email)
        return super().clean_email(email)

    def save_user(self, request, user, form, commit=True):
        # Remember the language the person signed up in: their e-mails will use it.
        user.language = translation.get_language() or "fr"
        return super().save_user(request, user, form, commit=commit)

    # allauth's stash gives the stashed address to whichever account signs up next in the
    # session, as its primary address, verified, beside the one typed: a forwarded link
    # would hand the invited address to a stranger. The vouching is a question instead.
    def stash_verified_email(self, request, email):
        vouch_for_address(request, email)

    def unstash_verified_email(self, request):
        return None

    def is_email_verified(self, request, email):
        return is_vouched_address(request, email)
