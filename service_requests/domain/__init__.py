"""Pure rules for internal-customer requests between departments: standard library only."""
