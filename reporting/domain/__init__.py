"""Pure parts of reporting: periods, the report document, statistics. Standard library only."""
