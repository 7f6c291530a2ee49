import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from events.models import Event
from events.next_edition import EditionExists, start_next_edition


class Command(BaseCommand):
    help = (
        "Start the next edition from one edition: its rules, rooms and programme (a draft), a year on "
        "(the same weekday) or on --date. Nothing personal is copied."
    )

    def add_arguments(self, parser):
        parser.add_argument("edition", help="the edition to start from, as in its addresses (2027)")
        parser.add_argument("--date", type=dt.date.fromisoformat, help="the new edition's day (YYYY-MM-DD)")

    def handle(self, *args, edition, date=None, **options):
        previous = Event.objects.filter(edition=edition).first()
        if previous is None:
            raise CommandError(f"No edition {edition!r}: {', '.join(Event.objects.values_list('edition', flat=True))}")
        try:
            new = start_next_edition(previous, day=date)
        except EditionExists as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{new} (/{new.edition}/): {new.rooms.count()} rooms, {new.sessions.count()} sessions in draft; "
                f"registration from {new.registration_opens_at:%Y-%m-%d} to {new.registration_closes_at:%Y-%m-%d}."
            )
        )
