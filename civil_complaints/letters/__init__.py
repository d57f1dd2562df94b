"""Notices by post (D14): the dispatch queue for staff and the A4 letters."""
