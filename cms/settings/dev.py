"""Local development: DEBUG on, a fixed throwaway secret key, console e-mail."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-use-in-production"  # noqa: F405, S105
ALLOWED_HOSTS = ["*"]

# A wrong address shows the portal's Russian 404 page, not Django's debug page.
MIDDLEWARE = [*MIDDLEWARE, "home.middleware.NotFoundPageMiddleware"]  # noqa: F405

try:
    from .local import *  # noqa: F403
except ImportError:
    pass
