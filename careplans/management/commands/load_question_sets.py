"""`manage.py load_question_sets`: the needs catalog and HRA/SDOH v1, published, if missing.

Idempotent, so `make run` can call it on every start; existing versions are never touched.
"""

from django.core.management.base import BaseCommand

from careplans.assessments.question_sets import load_seed_content


class Command(BaseCommand):
    help = "Load the needs catalog and the first HRA and SDOH screening versions if missing."

    def handle(self, *args, **options):
        loaded = load_seed_content()
        if loaded:
            self.stdout.write(f"Loaded {len(loaded)}: " + ", ".join(loaded))
        else:
            self.stdout.write("Question sets and needs already loaded; nothing changed.")
