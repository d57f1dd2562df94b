"""Reports for auditors, 민원심사관, department heads and administrators (issue 19).

A shared package: it knows how to ask for a report (a period and filters), how to show one (a page with charts and
tables) and how to write it (XLSX, CSV, PDF), how to freeze one and how to log every download. It knows no feature:
each feature registers the reports it can build (`registry.py`), and the app mounts the URLs (`blueprint.py`).
"""
