"""Name what a service refuses, so routes and the command line can answer it plainly."""

from __future__ import annotations


class NotFound(LookupError):
    """Signal that the thing asked for does not exist, or the caller may not see it."""


class AlreadyExists(ValueError):
    """Signal that a unique name or code is taken."""
