"""Checks on a page's markup that need no browser: unique ids, a label for every control, the <title>."""

from __future__ import annotations

from collections import Counter

from bs4 import BeautifulSoup

NOT_LABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


def duplicate_ids(soup: BeautifulSoup) -> list[str]:
    counts = Counter(node["id"] for node in soup.find_all(id=True))
    return sorted(name for name, count in counts.items() if count > 1)


def unlabelled_controls(soup: BeautifulSoup) -> list[str]:
    """Form controls a screen reader would announce without a name."""
    labelled = {label["for"] for label in soup.find_all("label", attrs={"for": True})}
    missing = []
    for control in soup.find_all(["input", "select", "textarea"]):
        if control.name == "input" and control.get("type", "text") in NOT_LABELLED_TYPES:
            continue
        if (control.get("id") in labelled or control.find_parent("label") or control.get("aria-label")
                or control.get("aria-labelledby") or control.get("title")):
            continue
        missing.append(control.get("id") or control.get("name") or str(control)[:60])
    return missing


def post_forms_without_csrf_token(soup: BeautifulSoup) -> list[str]:
    """POST forms that a browser would send without the CSRF token (refused as "form expired")."""
    return [form.get("action") or "(this page)" for form in soup.find_all("form")
            if (form.get("method") or "get").lower() == "post" and not form.find("input", attrs={"name": "csrf_token"})]


def title_of(soup: BeautifulSoup) -> str:
    return " ".join(soup.title.get_text().split()) if soup.title else ""


def main_text(soup: BeautifulSoup) -> str:
    main = soup.find("main")
    return " ".join((main or soup).get_text(" ").split())
