"""Define who is acting: an admin (every department) or staff of one department."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Principal:
    """Hold the caller behind a valid token or sign-in: an admin, or staff of one department."""

    token_id: int
    role: str
    department_id: int | None

    @property
    def is_admin(self) -> bool:
        """Say whether the caller may act for every department."""
        return self.role == "admin"

    def covers(self, department_id: int | None) -> bool:
        """Say whether the caller may act for this department."""
        return self.is_admin or (department_id is not None and department_id == self.department_id)
