"""Pure rules for the 고객헌장 (customer charter): standard library only."""
