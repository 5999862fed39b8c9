"""`python manage.py seed_demo_referrals`: Community Supports demo data (after seed_demo)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from referrals import demo


class Command(BaseCommand):
    help = "Load demo Community Supports offerings, providers and referrals (once)."

    def handle(self, *args, **options):
        if settings.DEBUG is False and not settings.SECRET_KEY.startswith(("dev-", "test-")):
            raise CommandError("seed_demo_referrals runs only in dev or test settings.")
        demo.seed(stdout=self.stdout)
