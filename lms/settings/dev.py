"""Local development: DEBUG on, console e-mail, any settings from the environment."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
