"""Accessibility checks in a Playwright page: axe-core's WCAG 2.2 A and AA rules, target sizes and reflow.

axe-core comes from the npm registry (package.json, package-lock.json; ``make install`` runs ``npm ci``) and
is loaded from ``node_modules/``, never from a CDN. Without it the checks fail in CI and are skipped elsewhere.
The pages allow only their own scripts (``script-src 'self'``), which refuses the script Playwright injects:
pages checked here come from a browser context made with ``bypass_csp=True`` (``new_context``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
SNIPPET = 160  # characters of each offending element's HTML shown


def new_context(browser, **options):
    """A browser context whose pages axe-core can be injected into (their CSP refuses injected scripts)."""
    return browser.new_context(bypass_csp=True, **options)


def _require_axe() -> None:
    """Fail in CI, skip elsewhere, when axe-core is not installed."""
    if AXE_JS.exists():
        return
    message = f"axe-core is not installed at {AXE_JS}: run `make install` (npm ci)."
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def violations(page, tags: list[str] | None = None) -> list[dict[str, Any]]:
    """What axe-core finds against ``tags`` (the WCAG 2.2 A and AA rules) in the page as it is now."""
    _require_axe()
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))
    options = {"runOnly": {"type": "tag", "values": tags or WCAG_TAGS}}
    return page.evaluate("options => axe.run(document, options).then(result => result.violations)", options)


def describe(found: list[dict[str, Any]]) -> str:
    """Each violation as rule id, impact and help, then every offending element: its selector and HTML."""
    lines = []
    for rule in found:
        lines.append(f"- {rule['id']} ({rule.get('impact') or 'no impact given'}): {rule['help']} [{rule['helpUrl']}]")
        for node in rule["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            html = " ".join(node["html"].split())
            html = html if len(html) <= SNIPPET else html[: SNIPPET - 1] + "…"
            lines.append(f"    {target}: {html}")
            summary = " ".join((node.get("failureSummary") or "").split())
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


def assert_accessible(page, context: str = "") -> None:
    """Fail, listing every violation, unless axe-core finds none of the WCAG 2.2 A and AA rules broken."""
    found = violations(page)
    if found:
        where = context or page.url
        count = sum(len(rule["nodes"]) for rule in found)
        raise AssertionError(
            f"axe-core: {len(found)} rule(s) broken by {count} element(s) on {where}:\n{describe(found)}"
        )


# Every pointer target that is rendered, unless it is a link inline in a sentence (WCAG 2.5.8's exception):
# shown as "what it is (width×height)" when smaller than 24×24 CSS pixels.
SMALL_TARGETS_JS = """
() => {
  const words = node => (node.textContent || '').replace(/\\s+/g, ' ').trim();
  const small = [];
  const targets = 'a[href], button, summary, input:not([type=hidden]), select, textarea, [role=button]';
  for (const el of document.querySelectorAll(targets)) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    const block = el.parentElement.closest('p, li, dd, td, div, h1, h2, h3, h4, label');
    const inSentence = getComputedStyle(el).display === 'inline' && block
      && words(block).length > words(el).length + 1;
    if (inSentence || (box.width >= 24 && box.height >= 24)) continue;
    const name = el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '');
    small.push(`${name} "${words(el).slice(0, 40)}" (${box.width.toFixed(1)}×${box.height.toFixed(1)})`);
  }
  return small;
}
"""


def small_targets(page) -> list[str]:
    """The links and controls smaller than 24×24 CSS px that are not inline in a sentence (WCAG 2.5.8)."""
    return page.evaluate(SMALL_TARGETS_JS)


def scrolls_sideways(page) -> bool:
    """Whether the page is wider than the window (WCAG 1.4.10: it should reflow instead)."""
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
