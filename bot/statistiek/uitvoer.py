"""The overview as people take it away: CSV for spreadsheets and plain text for a terminal."""

from __future__ import annotations

import csv
import io

from bot.statistiek.overzicht import DREMPEL, KLEIN, Overzicht


def _cel(text: str) -> str:
    # Spreadsheet programs run cells that start with these as formulas.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def als_csv(overzicht: Overzicht) -> str:
    """The dashboard's figures as CSV (semicolons, for Dutch spreadsheets), exactly as shown."""
    out = io.StringIO()
    schrijver = csv.writer(out, delimiter=";", lineterminator="\r\n")
    f = overzicht.filter
    schrijver.writerow(["onderdeel", "label", "aantal"])
    schrijver.writerow(["periode", "van", f.van.isoformat()])
    schrijver.writerow(["periode", "tot en met", f.tot.isoformat()])
    gemeenten = ",".join(f.gemeenten) if f.gemeenten is not None else "alle"
    schrijver.writerow(["periode", "gemeenten", gemeenten])
    for w in overzicht.kerncijfers:
        schrijver.writerow(["kerncijfers", _cel(w.label), w.tekst])
    for grafiek in overzicht.grafieken:
        for w in grafiek.waarden:
            schrijver.writerow([grafiek.sleutel, _cel(w.label), w.tekst])
    return out.getvalue()


def tekst_rapport(overzicht: Overzicht) -> str:
    """Plain text for the terminal or a cron mail."""
    f = overzicht.filter
    gemeenten = ", ".join(f.gemeenten) if f.gemeenten is not None else "alle gemeenten"
    regels = [
        f"Sturingsinformatie {f.van.isoformat()} tot en met {f.tot.isoformat()} ({gemeenten})"
    ]
    regels.append(f"Aantallen onder de {DREMPEL} staan als {KLEIN}.")
    blokken = [("Kerncijfers", overzicht.kerncijfers)]
    blokken += [(g.titel, g.waarden) for g in overzicht.grafieken]
    for titel, waarden in blokken:
        regels += ["", titel]
        breedte = max((len(w.label) for w in waarden), default=0)
        regels += [f"  {w.label.ljust(breedte)}  {w.tekst}" for w in waarden] or ["  (geen)"]
    return "\n".join(regels) + "\n"
