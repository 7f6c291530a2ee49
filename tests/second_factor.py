"""Second factors in tests: an account given an authenticator app, and the codes the app
would show, computed here as RFC 6238 says (HMAC-SHA1 of the number of 30-second steps
since 1970, six digits) rather than with allauth's own helper, so that the tests check
allauth's codes against the standard."""

import base64
import hashlib
import hmac
import struct
import time

# The secret of UserFactory(totp=True) (base32, as an authenticator app reads it).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
STEP_SECONDS = 30


def add_authenticator_app(user, secret: str = TOTP_SECRET):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": secret})


def add_authenticator_app_to(email: str):
    """The same, for an account made otherwise (by `create_organiser`, say)."""
    from django.contrib.auth import get_user_model

    return add_authenticator_app(get_user_model().objects.get(email__iexact=email))


def totp_code(secret: str = TOTP_SECRET, *, at: float | None = None) -> str:
    counter = int(time.time() if at is None else at) // STEP_SECONDS
    digest = hmac.new(base64.b32decode(secret, casefold=True), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def current_code(secret: str = TOTP_SECRET) -> str:
    """The code of the current step, waiting for the next step when this one ends within
    two seconds, so that the site checks it in the step it was made for."""
    if STEP_SECONDS - time.time() % STEP_SECONDS < 2:
        time.sleep(STEP_SECONDS - time.time() % STEP_SECONDS + 0.05)
    return totp_code(secret)


def wrong_code(secret: str = TOTP_SECRET) -> str:
    """A code no step near now has."""
    now = time.time()
    near = {totp_code(secret, at=now + STEP_SECONDS * step) for step in range(-2, 3)}
    return next(code for code in (f"{n:06d}" for n in range(1_000_000)) if code not in near)
