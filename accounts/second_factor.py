"""Second factors (django-allauth's mfa): an authenticator app (TOTP) and its recovery codes.

Staff — organisers and superusers, who see the personal data of hundreds of people — need
one before any page of the back office opens (`techforclimate.middleware.
StaffSecondFactorMiddleware`) and cannot switch it off; anyone else may add one from
"My registration". Logging in asks the code of an account that has one (allauth's login
stage), the admin's login form included (`techforclimate.admin_login`)."""

from io import BytesIO

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator

# The back office page a staff member asked for before setting up their app: the recovery
# codes page, where the set-up ends, links back to it (templates/mfa/recovery_codes/index.html).
RETURN_AFTER_SETUP_SESSION_KEY = "second_factor_return_to"

# What counts as a second factor at login; recovery codes only stand in for one.
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def must_have_second_factor(user) -> bool:
    """Staff open the back office, where the attendees' personal data is."""
    return user.is_authenticated and user.is_staff


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS).exists()


def reset_second_factor(user) -> int:
    """Remove an account's authenticator app and recovery codes, for someone who lost both:
    their next login asks no code, and a staff member sets up a new app before the back
    office opens again. Returns how many authenticators were removed."""
    deleted, _ = Authenticator.objects.filter(user_id=user.pk).delete()
    return deleted


class SecondFactorAdapter(DefaultMFAAdapter):
    def build_totp_svg(self, url: str) -> str:
        """The QR code of the authenticator app's secret, drawn by segno (which draws the
        badges' codes) rather than allauth's optional qrcode package; black on white
        whatever the page's colours. The page shows it as a data: URI, nothing fetched."""
        import segno

        output = BytesIO()
        segno.make(url, error="m", micro=False).save(
            output, kind="svg", xmldecl=False, scale=5, border=4, dark="#000", light="#fff"
        )
        return output.getvalue().decode()

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Staff keep their authenticator app: switching it off would let the next login
        skip the code. To move it to a new phone, an administrator resets it (README)."""
        if authenticator.type in SECOND_FACTORS and must_have_second_factor(authenticator.user):
            return (
                Authenticator.objects.filter(user_id=authenticator.user_id, type__in=SECOND_FACTORS)
                .exclude(pk=authenticator.pk)
                .exists()
            )
        return True
