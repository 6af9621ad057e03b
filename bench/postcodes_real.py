"""Benchmark: postcode to NUTS-3 (``clusterkg.geo.postcodes``) against real programme data.

1. The 121 CORDIS Horizon Europe project records in the shared reference folder: every
   participating organisation has a country, a postcode and CORDIS's own NUTS-3 (NUTS 2021
   or 2024). Counts how many get a code and how many agree with CORDIS's, a NUTS 2021 code
   that NUTS 2024 only renamed counting as agreement.
2. The keep.eu partners of CENTRAL EUROPE projects: postcode and the NUTS-3 of the programme
   period (NUTS 2006/2010 for 2007-13, NUTS 2013 for 2014-20). Counts agreement at NUTS-2 and
   NUTS-3, and sorts the disagreements: the old code no longer exists (a version change), or
   it does and names another unit.
3. The prefix rule, left one out: for up to N postcodes of each country of the data, what
   the rule answers when that postcode is taken away, against the unit the data gives it
   (the evidence for ``NO_PREFIX``, the countries where it is not used).
4. Timing: the first look-up (opening the database) in a fresh process, then per look-up.

Run: .venv/bin/python bench/postcodes_real.py [--reference DIR] [--per-country 3000]
Prints the figures; writes nothing.
"""

from __future__ import annotations

import argparse
import collections
import csv
import random
import re
import subprocess
import sys
import time
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "cli"))

from clusterkg.geo import postcodes  # noqa: E402

REFERENCE = Path("/work/shared/reference")
SEPARATORS = re.compile(r"[\s\-]")


def nuts_2024(reference: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(NUTS 2024 code -> label, NUTS 2021 code -> its 2024 code where only the code changed)."""
    labels, renamed = {}, {}
    with open(reference / "nuts" / "nuts2024.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            labels[row["nuts_code"]] = row["nuts_label"]
    with open(reference / "nuts" / "nuts2021_to_2024.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["code_2021"] and row["code_2024"]:
                renamed[row["code_2021"]] = row["code_2024"]
    return labels, renamed


def derive(country: str, postcode: str) -> tuple[str, postcodes.Derived | None]:
    """(outcome, result): outcome is one of no postcode, malformed, country not covered,
    no single unit, or the method."""
    if not postcode.strip():
        return "no postcode", None
    try:
        derived = postcodes.nuts3_for(country, postcode)
    except postcodes.PostcodeError:
        return "malformed postcode", None
    if derived is None:
        covered = postcodes.country_code(country) in postcodes.countries()
        return ("no single unit" if covered else "country not covered"), None
    return derived.method, derived


def zeros_restored(country: str, postcode: str) -> str | None:
    """The postcode with the leading zeros a spreadsheet dropped put back, if that is what
    makes it fit its country's all-digit format."""
    form = postcodes.FORMATS.get(postcodes.country_code(country))
    text = postcode.strip()
    if form and form.digits and text.isdigit() and len(text) < form.digits:
        return text.rjust(form.digits, "0")
    return None


def show(title: str, counter: collections.Counter, total: int) -> None:
    print(f"  {title}")
    for key, count in counter.most_common():
        print(f"    {key:<58} {count:>5}  {100 * count / total:5.1f} %")


def cordis(reference: Path, labels: dict[str, str], renamed: dict[str, str]) -> None:
    folder = reference / "real" / "cordis-horizon-xml"
    files = sorted(folder.glob("*/*.xml"))
    outcomes: collections.Counter = collections.Counter()
    agreement: collections.Counter = collections.Counter()
    by_method: collections.Counter = collections.Counter()
    disagreements = []
    seen: set[tuple[str, str]] = set()
    distinct_outcomes: collections.Counter = collections.Counter()
    for path in files:
        project = ET.parse(path).getroot()
        for organisation in project.findall("relations/associations/organization"):
            address = organisation.find("address")
            country = (address.findtext("country") if address is not None else "") or ""
            postcode = (address.findtext("postalCode") if address is not None else "") or ""
            given = [
                code
                for region in organisation.findall("relations/regions/region")
                if region.get("type") == "relatedNutsCode"
                and len(code := region.findtext("nutsCode") or "") == 5
            ]
            outcome, derived = derive(country, postcode)
            outcomes[outcome] += 1
            key = (organisation.findtext("id") or "", postcode)
            if key not in seen:
                seen.add(key)
                distinct_outcomes[outcome] += 1
            if derived is None:
                continue
            if not given:
                verdict = "CORDIS gives only the country: a NUTS-3 gained"
            elif derived.nuts3 in given:
                verdict = "agree"
            elif any(renamed.get(code) == derived.nuts3 for code in given):
                verdict = "agree (CORDIS NUTS 2021 code, recoded in 2024)"
            elif all(code not in labels for code in given):
                verdict = "differ: CORDIS code is not NUTS 2024 (version change)"
            elif derived.nuts3[:4] == given[0][:4]:
                verdict = "differ at NUTS-3, same NUTS-2"
            else:
                verdict = "differ at NUTS-2"
            agreement[verdict] += 1
            kind = "agree" if verdict.startswith("agree") else verdict.split(" ")[0]
            by_method[
                (derived.method, {"CORDIS": "NUTS-3 gained"}.get(kind, kind).rstrip(":"))
            ] += 1
            if verdict.startswith("differ"):
                disagreements.append(
                    (country, postcode, derived.nuts3, derived.method, "/".join(given))
                )
    total = sum(outcomes.values())
    print(f"CORDIS Horizon Europe: {len(files)} projects, {total} organisation rows")
    print(f"  ({len(seen)} distinct organisation and postcode pairs)")
    show("outcome per row", outcomes, total)
    show("outcome per distinct organisation", distinct_outcomes, len(seen))
    got = sum(agreement.values())
    show(f"of the {got} rows given a code, against CORDIS's NUTS-3", agreement, got)
    print("  by method: " + ", ".join(f"{m} {v}: {n}" for (m, v), n in sorted(by_method.items())))
    print("  disagreements (country, postcode, derived, method, CORDIS):")
    for row in sorted(set(disagreements)):
        print("    " + "  ".join(row))


def keep_code(cell: str) -> str:
    """``PL514  / Miasto Wroclaw`` -> ``PL514``."""
    return cell.split("/")[0].strip()


def keep_name(cell: str) -> str:
    """The unit's name in a keep.eu cell, for comparing: no accents, case or punctuation."""
    name = cell.partition("/")[2]
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", name.casefold())


def keep(reference: Path, labels: dict[str, str]) -> None:
    path = reference / "real" / "keep-eu" / "keep-central-europe-partners.csv"
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    outcomes: collections.Counter = collections.Counter()
    versions: collections.Counter = collections.Counter()
    at3: collections.Counter = collections.Counter()
    at2: collections.Counter = collections.Counter()
    examples: dict[str, list[str]] = collections.defaultdict(list)
    names = {code: keep_name("/" + label) for code, label in labels.items()}
    for row in rows:
        country = row["Country code"][:2]
        postcode = row["Postal code"].strip()
        period = "2007-13 (NUTS 2006/2010)" if "2007" in row["Programme"] else "2014-20 (2013)"
        old = keep_code(row["NUTS3 (or equivalent)"])
        outcome, derived = derive(country, postcode)
        zeros = ""
        if outcome == "malformed postcode" and (fixed := zeros_restored(country, postcode)):
            outcome, derived = derive(country, fixed)
            zeros = " (leading zeros restored)"
            outcome += zeros
        outcomes[outcome] += 1
        if derived is None:
            if outcome == "malformed postcode":
                examples["malformed"].append(f"{country} {postcode!r}")
            continue
        versions[period] += 1
        new = derived.nuts3
        at2[("agree" if new[:4] == old[:4] else "differ") + zeros] += 1
        if new == old:
            verdict = "agree"
        elif len(old) != 5:
            verdict = "keep.eu gives no NUTS-3"
        elif names.get(new) == keep_name(row["NUTS3 (or equivalent)"]):
            verdict = "differ: same unit name, new code (version change)"
        elif old not in labels:
            verdict = "differ: old code gone from NUTS 2024 (version change)"
        else:
            verdict = "differ: old code still in NUTS 2024, other unit"
            examples["other unit"].append(
                f"{country} {postcode} -> {new} {labels[new]} ({derived.method}); "
                f"keep.eu {row['NUTS3 (or equivalent)']}"
            )
        at3[verdict + zeros] += 1
    total = len(rows)
    print(f"keep.eu CENTRAL EUROPE partners: {total} rows")
    show("outcome per row", outcomes, total)
    got = sum(at3.values())
    print(f"  given a code: {got} ({dict(versions)})")
    show("NUTS-2 (first four characters) against keep.eu", at2, got)
    show("NUTS-3 against keep.eu", at3, got)
    print("  malformed postcodes: " + ", ".join(examples["malformed"]))
    print("  old code still in NUTS 2024 but another unit:")
    for line in examples["other unit"]:
        print("    " + line)


def leave_one_out(per_country: int) -> None:
    """What the prefix rule (``prefix_unit``) answers for a postcode of the data when that
    postcode is taken away, against the unit the data gives it; up to ``per_country``
    postcodes of each country."""
    import sqlite3

    path = postcodes.database_path()
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    by_country: dict[str, list[tuple[str, str]]] = collections.defaultdict(list)
    for country, key, unit in connection.execute("SELECT alpha_2, zip, nuts_3 FROM nuts"):
        if not (country == "NO" and len(key) < 4):  # duplicates of four-digit keys
            by_country[country].append((key, unit))
    outcomes: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for country, rows in sorted(by_country.items()):
        random.Random(1).shuffle(rows)
        for key, unit in rows[:per_country]:

            def without(country: str, prefix: str, key=key, unit=unit) -> dict[str, int]:
                found = postcodes.units_with_prefix(country, prefix)
                if key.startswith(prefix):
                    found[unit] -= 1
                return {code: count for code, count in found.items() if count}

            answer = postcodes.prefix_unit(country, key, without)
            verdict = "none" if answer is None else "right" if answer[0] == unit else "wrong"
            outcomes[country][verdict] += 1
    total = collections.Counter()
    for counter in outcomes.values():
        total.update(counter)
    used = collections.Counter()
    for country, counter in outcomes.items():
        if country not in postcodes.NO_PREFIX:
            used.update(counter)
    print(
        f"Prefix rule, left one out (at least {postcodes.PREFIX_SUPPORT} postcodes under the "
        f"prefix, all in one unit): up to {per_country} postcodes of each country"
    )
    for name, counter in (("all countries", total), ("countries where it is used", used)):
        answered = counter["right"] + counter["wrong"]
        print(
            f"  {name}: {sum(counter.values())} postcodes, {answered} answered "
            f"({100 * answered / sum(counter.values()):.1f} %), "
            f"{counter['wrong']} wrong ({100 * counter['wrong'] / max(1, answered):.2f} % "
            "of those answered)"
        )
    print("  per country: wrong of answered / answered of all (* = prefix rule not used)")
    cells = []
    for country, counter in sorted(outcomes.items()):
        answered = counter["right"] + counter["wrong"]
        mark = "*" if country in postcodes.NO_PREFIX else ""
        cells.append(
            f"{country}{mark} {100 * counter['wrong'] / max(1, answered):.1f} % / "
            f"{100 * answered / sum(counter.values()):.0f} %"
        )
    for start in range(0, len(cells), 6):
        print("    " + ",  ".join(cells[start : start + 6]))


FIRST = """
import sys, time
sys.path.insert(0, {cli!r})
start = time.perf_counter()
from clusterkg.geo.postcodes import nuts3_for
imported = time.perf_counter()
nuts3_for("PL", "50-370")
print(imported - start, time.perf_counter() - imported)
"""


def timing(reference: Path) -> None:
    runs = [
        subprocess.run(
            [sys.executable, "-c", FIRST.format(cli=str(ROOT / "cli"))],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        for _ in range(5)
    ]
    imports = sorted(float(r[0]) for r in runs)
    firsts = sorted(float(r[1]) for r in runs)
    print("Timing")
    print(f"  import clusterkg.geo.postcodes: {1000 * imports[2]:.1f} ms (median of 5)")
    print(f"  first look-up, opening the database: {1000 * firsts[2]:.1f} ms (median of 5)")
    path = postcodes.database_path()
    import sqlite3

    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    keys = connection.execute(
        "SELECT alpha_2, zip FROM nuts ORDER BY alpha_2, zip LIMIT 20000 OFFSET 100000"
    ).fetchall()
    postcodes.nuts3_for("PL", "50-370")
    start = time.perf_counter()
    for country, key in keys:
        postcodes.nuts3_for(country, key)
    exact = (time.perf_counter() - start) / len(keys)
    missing = [("DE", "85799"), ("PL", "00-950"), ("LT", "44403"), ("SK", "812 43")] * 500
    start = time.perf_counter()
    for country, key in missing:
        postcodes.nuts3_for(country, key)
    prefixed = (time.perf_counter() - start) / len(missing)
    print(f"  per look-up, postcode in the data: {1e6 * exact:.0f} µs")
    print(f"  per look-up, postcode not in the data (prefix search): {1e6 * prefixed:.0f} µs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=REFERENCE)
    parser.add_argument("--per-country", type=int, default=3000)
    args = parser.parse_args()
    labels, renamed = nuts_2024(args.reference)
    cordis(args.reference, labels, renamed)
    print()
    keep(args.reference, labels)
    print()
    leave_one_out(args.per_country)
    print()
    timing(args.reference)


if __name__ == "__main__":
    main()
