"""Errors raised by organization services, each with a stable code the web layer can translate."""


class OrganizationError(Exception):
    code = "organization_error"


class PermissionDenied(OrganizationError):
    """The actor lacks the permission. Views turn this into HTTP 403."""

    code = "permission_denied"

    def __init__(self, permission: str) -> None:
        super().__init__(f"permission {permission} required")
        self.permission = permission


class InvalidUserData(OrganizationError):
    code = "invalid_user_data"
