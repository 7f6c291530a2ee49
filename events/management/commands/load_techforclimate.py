from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from events.loader import TECHFORCLIMATE_PROGRAMME, load_programme, programme_day


class Command(BaseCommand):
    help = (
        "Load (or refresh) the Tech For Climate programme as the edition of a year: the next 8 June's, "
        "or --year's. Another year's edition is left as it is. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="the edition's year (default: the next 8 June's)")

    def handle(self, *args, year=None, **options):
        day = programme_day(TECHFORCLIMATE_PROGRAMME, year) if year else None
        try:
            summary = load_programme(day=day)
        except ValidationError as error:
            raise CommandError(f"The programme file is inconsistent: {error}") from error
        if options["verbosity"] > 0:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{summary.event} (/{summary.event.edition}/): {summary.rooms} rooms, {summary.themes} themes, "
                    f"{summary.speakers} speakers, {summary.sessions} sessions."
                )
            )
