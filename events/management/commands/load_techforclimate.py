from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from events.loader import load_programme


class Command(BaseCommand):
    help = "Load (or refresh) the Tech For Climate programme. Safe to run again."

    def handle(self, *args, **options):
        try:
            summary = load_programme()
        except ValidationError as error:
            raise CommandError(f"The programme file is inconsistent: {error}") from error
        if options["verbosity"] > 0:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{summary.event}: {summary.rooms} rooms, {summary.themes} themes, "
                    f"{summary.speakers} speakers, {summary.sessions} sessions."
                )
            )
