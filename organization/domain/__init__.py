"""Pure rules about staff roles and permissions (standard library only)."""
