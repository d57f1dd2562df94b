"""Pure working-time arithmetic: standard library only (checked by import-linter and a unit test)."""
