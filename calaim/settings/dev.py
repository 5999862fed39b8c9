"""Local development: debug on, a fixed throwaway secret."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-secret-key-do-not-deploy")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
WHITENOISE_USE_FINDERS = True

# The demo portal went live 30 days ago unless PORTAL_GO_LIVE says otherwise
# (careplans/clocks/history.py).
if "PORTAL_GO_LIVE" not in env.ENVIRON:
    import datetime

    PORTAL_GO_LIVE = datetime.date.today() - datetime.timedelta(days=30)
