"""`make run`'s demo plan<->CBO threads (cbo_partners/threads/demo.py); after the demo sharing."""

from django.core.management.base import BaseCommand

from cbo_partners.threads.demo import seed_demo_threads


class Command(BaseCommand):
    help = "Post demo messages between the plan and each demo CBO (once)."

    def handle(self, *args, **options):
        posted = seed_demo_threads()
        self.stdout.write(f"Demo threads: {posted} messages posted.")
