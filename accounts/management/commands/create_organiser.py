import secrets

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.services import create_organiser


class Command(BaseCommand):
    help = "Create (or update) an organiser account that can use the Django admin."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--password", help="Chosen password; a strong one is generated if omitted.")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args, email, password, first_name, last_name, **options):
        password = password or secrets.token_urlsafe(12)
        try:
            user = create_organiser(email=email, password=password, first_name=first_name, last_name=last_name)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Organiser account ready: {user.email} / {password}"))
