"""axe-core checks and screenshots for the browser tests.

`assert_accessible(page, "name")` runs axe-core (frontend/node_modules/axe-core, Korean messages)
on the page as it is now, saves a full-page screenshot to .tmp/screenshots/<name>.png and the
complete axe result (every impact) to .tmp/screenshots/<name>.axe.json, and fails on any
serious or critical violation.

The page's CSP (script-src 'self') blocks inline scripts, so axe is not injected with
add_script_tag(content=...): its source is evaluated through the DevTools protocol (as
@axe-core/playwright does), which the page's CSP does not govern; the CSP stays on and is still
tested. No request is intercepted for it: an intercepting route would turn the browser's cache
off for the page, and every page would fetch its stylesheets, scripts and fonts again.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_DIR = ROOT / "frontend" / "node_modules" / "axe-core"
SCREENSHOT_DIR = ROOT / ".tmp" / "screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
FAILING_IMPACTS = ("serious", "critical")

RUN_AXE = """async ({ tags }) => {
  const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
  return { version: axe.version, url: result.url, violations: result.violations,
           incomplete: result.incomplete.map(r => ({ id: r.id, impact: r.impact, help: r.help,
                                                      nodes: r.nodes.map(n => n.target) })),
           passes: result.passes.length };
}"""


@cache
def _axe_source() -> str:
    script = AXE_DIR / "axe.min.js"
    if not script.is_file():
        pytest.fail(f"axe-core is missing ({script}). Run `cd frontend && npm ci`.", pytrace=False)
    return script.read_text(encoding="utf-8")


@cache
def _korean_locale() -> dict:
    return json.loads((AXE_DIR / "locales" / "ko.json").read_text(encoding="utf-8"))


def screenshot(page, name: str) -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _inject_axe(page) -> None:
    if page.evaluate("typeof window.axe") == "object":
        return
    page.evaluate(_axe_source())
    page.evaluate("locale => axe.configure({ locale })", _korean_locale())


def run_axe(page) -> dict:
    page.wait_for_load_state("load")
    _inject_axe(page)
    return page.evaluate(RUN_AXE, {"tags": AXE_TAGS})


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            lines.append(f"    {' > '.join(map(str, node['target']))}")
    return "\n".join(lines)


def assert_accessible(page, name: str) -> dict:
    """Screenshot the page, run axe-core (Korean locale) and fail on serious/critical violations."""
    shot = screenshot(page, name)
    result = run_axe(page)
    (SCREENSHOT_DIR / f"{name}.axe.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    failing = [v for v in result["violations"] if v["impact"] in FAILING_IMPACTS]
    if failing:
        pytest.fail(
            f"axe-core {result['version']} found serious/critical violations on {page.url} "
            f"(screenshot {shot}):\n{format_violations(failing)}",
            pytrace=False,
        )
    return result
