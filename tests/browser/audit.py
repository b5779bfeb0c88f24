"""Checks run inside a page: axe-core, sideways scrolling and the focus ring's contrast.

axe-core comes from npm (tests/node, installed by scripts/test) and is injected as a
init script of the browser context (init scripts are not bound by our Content-Security-Policy,
which forbids inline scripts), so the same engine version runs wherever the lock installs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

AXE_JS = Path(__file__).parents[1] / "node" / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2, levels A and AA: what the accessibility statement claims.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def add_axe(context: Any) -> None:
    """Load axe-core into every page the browser context opens from now on."""
    if not AXE_JS.exists():
        pytest.fail("axe-core is missing: run `npm ci --prefix tests/node` (scripts/test does)")
    context.add_init_script(path=str(AXE_JS))


def axe_violations(page: Any) -> list[str]:
    """One line per failing node: rule, impact, the node's selector and axe's summary."""
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    lines = []
    for violation in result["violations"]:
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")[:300]
            lines.append(f"{violation['id']} [{violation['impact']}] {target}: {summary}")
    return lines


# The innermost elements that stick out past the viewport's inline end: the culprits (their
# ancestors stick out only because of them). Content of a narrower scroll region is fine.
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  // Right-to-left pages overflow on the left: look at both edges.
  const inside = box => box.right <= width + 1 && box.left >= -1;
  const sticksOut = el => {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || inside(box)) return false;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible' && inside(p.getBoundingClientRect())) return false;
    }
    return true;
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (sticksOut(el) && ![...el.children].some(sticksOut)) {
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
      const box = el.getBoundingClientRect();
      out.push(name + ' spans ' + Math.round(box.left) + '..' + Math.round(box.right) + 'px');
    }
  }
  return [document.documentElement.scrollWidth + 'px wide'].concat(out.slice(0, 5));
}"""


def sideways_overflow(page: Any) -> list[str]:
    """Empty when the page fits the viewport's width (WCAG 1.4.10 Reflow)."""
    return list(page.evaluate(OVERFLOW_JS))


# For every focusable element: focus it, read its outline and every colour behind it (the
# first opaque background up the tree, and each colour of a gradient painted on the way).
FOCUS_RINGS_JS = """() => {
  const parse = c => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const backgrounds = el => {
    const found = [];
    for (let p = el.parentElement; p; p = p.parentElement) {
      const style = getComputedStyle(p);
      for (const m of style.backgroundImage.matchAll(/rgba?\\([^)]+\\)/g)) found.push(parse(m[0]));
      const bg = parse(style.backgroundColor);
      if (bg && bg[3] > 0) { found.push(bg); if (bg[3] === 1) return found; }
    }
    found.push([255, 255, 255, 1]);
    return found;
  };
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
  const rings = [];
  for (const el of document.querySelectorAll(selector)) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || el.disabled) continue;
    el.focus();
    if (document.activeElement !== el) continue;
    const style = getComputedStyle(el);
    rings.push({
      name: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' +
        (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40) + '"',
      visible: el.matches(':focus-visible'),
      style: style.outlineStyle, width: parseFloat(style.outlineWidth) || 0,
      color: parse(style.outlineColor), backgrounds: backgrounds(el),
    });
  }
  document.activeElement && document.activeElement.blur();
  return rings;
}"""


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: tuple[float, float, float], other: tuple[float, float, float]) -> float:
    """WCAG contrast ratio of two opaque sRGB colours."""
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _over(top: list[float], below: tuple[float, float, float]) -> tuple[float, float, float]:
    alpha = top[3]
    r, g, b = (top[i] * alpha + below[i] * (1 - alpha) for i in range(3))
    return (r, g, b)


def weak_focus_rings(page: Any, minimum: float = 3.0) -> list[str]:
    """Focusable elements whose focus outline is missing or under ``minimum``:1 against
    a colour it is drawn on."""
    problems = []
    for ring in page.evaluate(FOCUS_RINGS_JS):
        if not ring["visible"] or ring["style"] == "none" or ring["width"] < 2 or not ring["color"]:
            problems.append(f"{ring['name']}: no focus outline ({ring['style']} {ring['width']}px)")
            continue
        layers = ring["backgrounds"]  # nearest first; the last one is opaque
        base = (layers[-1][0], layers[-1][1], layers[-1][2])
        for behind in [base] + [_over(layer, base) for layer in layers[:-1]]:
            ratio = contrast(_over(ring["color"], behind), behind)
            if ratio < minimum:
                shown = tuple(round(c) for c in behind)
                problems.append(f"{ring['name']}: {ratio:.2f}:1 on rgb{shown}")
    return sorted(set(problems))
