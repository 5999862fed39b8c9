"""Print the demo logins (the last thing `make demo` says, so it is not scrolled away)."""

from django.core.management.base import BaseCommand

from .seed_demo import print_logins


class Command(BaseCommand):
    help = "Print one demo login per role."

    def handle(self, *args, **options):
        print_logins(self.stdout)
