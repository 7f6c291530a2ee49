from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.second_factor import reset_second_factor


class Command(BaseCommand):
    help = (
        "Remove the authenticator app and recovery codes of an account locked out of its second "
        "factor (a lost phone): a staff member then sets up a new app before the back office opens."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account has the address {email}.")
        removed = reset_second_factor(user)
        if removed:
            self.stdout.write(
                self.style.SUCCESS(f"Second factor removed for {user.email}: the next login asks no code.")
            )
        else:
            self.stdout.write(f"{user.email} had no second factor: nothing to remove.")
