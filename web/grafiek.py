"""Server-rendered SVG charts for the dashboard: readable at a glance, no JavaScript, no CDN.

Every chart is an <svg role="img"> named by its <title> and <desc>; the numbers are in the table
the page shows under it. One dark blue for the bars (6.3:1 on white) and near-black text; a count
under 5 is drawn as a dashed outline of fixed size labelled "<5", so its size tells nothing.

Example:
    svg(overzicht.grafiek("verwijzingen"), "grafiek-verwijzingen")  # -> Markup
"""

from __future__ import annotations

import math
import re

from markupsafe import Markup, escape

from bot.statistiek import DREMPEL, KLEIN, Grafiek, Waarde

BREEDTE = 720
BALK = "#1d5fa6"  # 6.3:1 against white
TEKST = "#1b1b1b"
AS = "#595959"  # 7:1, for axes that carry meaning
RASTER = "#d9d9d9"  # decorative gridlines only
LETTER = 'font-family="system-ui, sans-serif"'
UUR_RE = re.compile(r"^(\d\d):00$")


def _e(value: object) -> str:
    return str(escape(value))


def _rect(x: float, y: float, w: float, h: float, klein: bool) -> str:
    if klein:
        return (
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="#ffffff" '
            f'stroke="{BALK}" stroke-width="2" stroke-dasharray="4 3"/>'
        )
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{BALK}"/>'


def _text(x: float, y: float, text: str, size: int = 13, anchor: str = "start", **attrs) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{_e(v)}"' for k, v in attrs.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{TEKST}" {LETTER} '
        f'text-anchor="{anchor}"{extra}>{_e(text)}</text>'
    )


def _nice_max(hoogste: int) -> int:
    """A round axis top with whole-number gridlines at quarters: 8, 20, 40, 100, ..."""
    hoogste = max(hoogste, DREMPEL)
    macht = 10 ** math.floor(math.log10(hoogste / 4)) if hoogste >= 4 else 1
    for stap in (1, 2, 2.5, 5, 10):
        if 4 * stap * macht >= hoogste and (stap * macht) == int(stap * macht):
            return int(4 * stap * macht)
    return int(40 * macht)


def _kort(label: str) -> str:
    """Short axis label: "week 47 (2026)" -> "47", "09:00" -> "9"."""
    if label.startswith("week "):
        return label.split()[1]
    uur = UUR_RE.match(label)
    return str(int(uur.group(1))) if uur else label


def samenvatting(grafiek: Grafiek) -> str:
    """One sentence for screen readers, from the shown (suppressed) figures only."""
    getoond = [w for w in grafiek.waarden if w.getal]
    if not getoond:
        if any(w.klein for w in grafiek.waarden):
            return "Alle aantallen zijn kleiner dan 5."
        return "Geen gegevens in deze periode."
    hoogste = max(getoond, key=lambda w: w.getal or 0)
    return f"Het hoogst: {hoogste.label} met {hoogste.tekst}. De cijfers staan in de tabel."


def svg(grafiek: Grafiek, element_id: str) -> Markup:
    teken = _kolommen if grafiek.vorm == "kolommen" else _staven
    hoogte, inhoud = teken(grafiek.waarden)
    titel_id, uitleg_id = f"{element_id}-titel", f"{element_id}-uitleg"
    return Markup(  # noqa: S704 - every value in it went through escape()
        f'<svg id="{_e(element_id)}" class="grafiek" role="img" '
        f'aria-labelledby="{_e(titel_id)} {_e(uitleg_id)}" viewBox="0 0 {BREEDTE} {hoogte}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{_e(titel_id)}">{_e(grafiek.titel)}</title>'
        f'<desc id="{_e(uitleg_id)}">{_e(grafiek.uitleg)} {_e(samenvatting(grafiek))}</desc>'
        f'<rect width="{BREEDTE}" height="{hoogte}" fill="#ffffff"/>'
        f"{inhoud}</svg>"
    )


def _leeg(hoogte: int = 60) -> tuple[int, str]:
    return hoogte, _text(16, 36, "Geen gegevens in deze periode.", size=15)


def _staven(waarden: tuple[Waarde, ...]) -> tuple[int, str]:
    """Horizontal bars: one row per category, the label left, the figure after the bar."""
    if not waarden:
        return _leeg()
    rij, links, rechts = 34, 230, 70
    plot = BREEDTE - links - rechts
    top = _nice_max(max((w.getal or 0) for w in waarden))
    delen = [
        f'<line x1="{links}" y1="8" x2="{links}" y2="{8 + rij * len(waarden)}" '
        f'stroke="{AS}" stroke-width="1"/>'
    ]
    for i, w in enumerate(waarden):
        y = 8 + i * rij
        label = w.label if len(w.label) <= 30 else w.label[:29] + "…"
        delen.append(_text(links - 10, y + 22, label, anchor="end"))
        lengte = plot * (DREMPEL - 1) / top if w.klein else plot * (w.getal or 0) / top
        if lengte:
            delen.append(_rect(links, y + 6, lengte, rij - 12, w.klein))
        delen.append(_text(links + lengte + 8, y + 22, w.tekst, font_weight="bold"))
    return 16 + rij * len(waarden), "".join(delen)


def _kolommen(waarden: tuple[Waarde, ...]) -> tuple[int, str]:
    """Vertical columns over time, with a y axis of round numbers."""
    if not waarden:
        return _leeg()
    hoogte, links, rechts, boven, onder = 260, 48, 12, 24, 36
    plot_b, plot_h = BREEDTE - links - rechts, hoogte - boven - onder
    top = _nice_max(max((w.getal or 0) for w in waarden))
    basis = boven + plot_h
    delen = []
    for i in range(5):  # gridlines at 0, 1/4, 1/2, 3/4 and the top
        waarde = top * i / 4
        y = basis - plot_h * i / 4
        label = f"{waarde:g}"
        delen.append(
            f'<line x1="{links}" y1="{y:.1f}" x2="{BREEDTE - rechts}" y2="{y:.1f}" '
            f'stroke="{AS if i == 0 else RASTER}" stroke-width="1"/>'
        )
        delen.append(_text(links - 6, y + 4, label, size=12, anchor="end"))
    vak = plot_b / len(waarden)
    elke = max(1, math.ceil(len(waarden) / 13))  # at most ~13 axis labels
    cijfers = vak >= 22
    for i, w in enumerate(waarden):
        x = links + i * vak
        h = plot_h * (DREMPEL - 1) / top if w.klein else plot_h * (w.getal or 0) / top
        if h:
            delen.append(_rect(x + vak * 0.15, basis - h, vak * 0.7, h, w.klein))
        if cijfers and (w.getal or w.klein):
            delen.append(_text(x + vak / 2, basis - h - 5, w.tekst, size=11, anchor="middle"))
        if i % elke == 0:
            delen.append(_text(x + vak / 2, basis + 18, _kort(w.label), size=12, anchor="middle"))
    return hoogte, "".join(delen)


__all__ = ["svg", "samenvatting", "KLEIN"]
