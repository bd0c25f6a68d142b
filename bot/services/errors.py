"""What a service refuses, named so routes and the command line can answer it plainly."""

from __future__ import annotations


class NotFound(LookupError):
    """The thing asked for does not exist, or the caller may not see it."""


class AlreadyExists(ValueError):
    """A unique name or code is taken."""
