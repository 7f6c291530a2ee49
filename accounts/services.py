from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from accounts.roles import ORGANISERS_GROUP


@transaction.atomic
def create_organiser(*, email: str, password: str, first_name: str = "", last_name: str = ""):
    """Create or update an organiser account: staff, member of the Organisers group, not a
    superuser. Running it again for the same address resets the password; it never
    creates a second account."""
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(email=User.objects.normalize_email(email))
    user.first_name = first_name or user.first_name
    user.last_name = last_name or user.last_name
    user.is_staff = True
    user.is_active = True
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.add(Group.objects.get(name=ORGANISERS_GROUP))
    # The address is vouched for by whoever runs the command: no verification e-mail needed
    # before the organiser can log in on the site (the check-in desk, for one).
    EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).delete()
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user
