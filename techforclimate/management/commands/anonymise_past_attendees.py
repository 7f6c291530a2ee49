from django.conf import settings
from django.core.management.base import BaseCommand

from techforclimate.privacy import anonymise_past_attendees


class Command(BaseCommand):
    help = "Anonymise the registrations of events that ended more than RETENTION_DAYS days ago."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.RETENTION_DAYS)

    def handle(self, *args, days, **options):
        count = anonymise_past_attendees(days=days)
        self.stdout.write(f"{count} registrations anonymised.")
