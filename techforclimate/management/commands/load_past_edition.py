from django.core.management.base import BaseCommand

from techforclimate.past_edition import DEMO_ATTENDEE, DEMO_PASSWORD, load_past_edition


class Command(BaseCommand):
    help = (
        "Demo data: last year's edition beside the current one, with fictional attendees who came "
        "(checked in, with their trips) and a demo attendee registered in both. Safe to run again."
    )

    def handle(self, *args, **options):
        past = load_past_edition()
        self.stdout.write(
            self.style.SUCCESS(
                f"{past.event} (/{past.event.edition}/): {past.attendees} attendees, {past.checked_in} checked in. "
                f"Demo attendee in both editions: {DEMO_ATTENDEE} / {DEMO_PASSWORD}"
            )
        )
