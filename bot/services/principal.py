"""Define who is acting: an admin (every department), staff of one department, or a viewer of figures."""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("admin", "staff", "viewer")


@dataclass(frozen=True, slots=True)
class Principal:
    """Hold the caller behind a valid token or a signed-in session, with the role and department that scope them."""

    role: str
    department_id: int | None
    token_id: int | None = None  # an API token's caller
    account_id: int | None = None  # a signed-in person

    @property
    def is_admin(self) -> bool:
        """Say whether the caller may act for every department."""
        return self.role == "admin"

    @property
    def sees_personal_data(self) -> bool:
        """Say whether the caller may see names, numbers and messages (a viewer sees figures only)."""
        return self.role != "viewer"

    def covers(self, department_id: int | None) -> bool:
        """Say whether the caller may act for this department."""
        return self.is_admin or (department_id is not None and department_id == self.department_id)
