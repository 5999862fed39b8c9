"""Settings for the HTTP load test only: the production settings, plus the bench-only URL of the
framework's floor (bench/http_urls.py). Production's URLconf never has that URL."""

from calaim.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.http_urls"
