"""Benchmark: reconciling real beneficiary and participant lists, identity first.

1. The Polish ERDF 2014-2020 beneficiary list (748 projects, windows-1250, ``;``) split in two
   halves: the beneficiaries of the first are indexed, every row of the second matched.
   Counted: rows proposed (same or review) as look-alikes of a DIFFERENT beneficiary (another
   name once case, accents and punctuation are ignored), by the new rules and by the old
   (difflib.get_close_matches, cutoff 0.88, on such names).
2. The same list read row by row, each row matched against the rows before it: the
   near-duplicates within one file.
3. CORDIS Horizon Europe participants (121 projects): identifiers that parse, organisations
   recognised by PIC or VAT number under several names, and what names alone would do.
4. keep.eu CENTRAL EUROPE partners (1,352 rows, NUTS-2 of their period): row by row.
5. Cost: 100,000 indexed records, 10,000 matched; and 10,000 indexed for comparison.

Run: .venv/bin/python bench/identity_real.py [--reference ../shared/reference] [--list 8]
"""

from __future__ import annotations

import argparse
import csv
import difflib
import random
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "cli"))

from clusterkg.identity import (  # noqa: E402
    IdentifierError,
    Matcher,
    Record,
    parse_identifier,
)
from clusterkg.rdf.text import normalise_name  # noqa: E402


def polish_rows(reference: Path) -> list[list[str]]:
    path = reference / "public-funds" / "Poland_ERDF_2014_2020.cp1250.csv"
    with open(path, encoding="cp1250", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))[1:]


def organisation(key: str, name: str, ids=(), place: str = "PL") -> Record:
    return Record(key, "organisation", (name,), tuple(ids), place)


def halves(rows: list[list[str]], shown: int) -> None:
    first, second = rows[: len(rows) // 2], rows[len(rows) // 2 :]
    matcher = Matcher()
    for row in first:
        matcher.add(organisation(row[1], row[1]))
    pool = sorted({normalise_name(row[1]) for row in first})
    new_rule, old_rule, unseen = [], [], 0
    for row in second:
        name, key = row[1], normalise_name(row[1])
        found = matcher.match(organisation("row", name))
        if found and found.decision != "different" and normalise_name(found.candidate) != key:
            new_rule.append((name, found))
        if key not in pool:
            unseen += 1
            close = difflib.get_close_matches(key, pool, n=3, cutoff=0.88)
            if close:
                old_rule.append((name, close[0]))
    print(f"1. Polish ERDF list split in two: {len(first)} rows indexed, {len(second)} matched")
    print(f"   rows of the second half whose beneficiary is not in the first: {unseen}")
    print("   proposed as a look-alike of a DIFFERENT beneficiary:")
    print(f"     old rule (difflib 0.88 on whole names): {len(old_rule)} rows")
    print(
        f"     new rule: {len(new_rule)} rows "
        f"({sum(m.decision == 'same' for _, m in new_rule)} same, "
        f"{sum(m.decision == 'review' for _, m in new_rule)} review)"
    )
    print("   old rule, a few:")
    for name, close in old_rule[:shown]:
        print(f"     {name!r} ~ {close!r}")
    print("   new rule, all:")
    for _, found in new_rule:
        print(f"     {found.explain()}")


def within_file(rows: list[list[str]], shown: int) -> None:
    matcher = Matcher()
    merged: list = []
    reviewed: list = []
    for number, row in enumerate(rows, start=2):
        found = matcher.resolve(organisation(f"row {number}", row[1]))
        if found is None or found.decision == "different":
            continue
        other = matcher.record(found.candidate).names[0]
        if normalise_name(other) == normalise_name(row[1]):
            continue
        (merged if found.decision == "same" else reviewed).append(found)
    print(f"\n2. The same list row by row ({len(rows)} rows, {len(matcher)} beneficiaries kept)")
    print(f"   near-duplicates under another spelling: {len(merged)} same, {len(reviewed)} review")
    for found in (merged + reviewed)[: shown * 2]:
        print(f"     {found.explain()}")


def cordis_organisations(reference: Path) -> list[dict]:
    found = []
    for path in sorted((reference / "real" / "cordis-horizon-xml").rglob("*.xml")):
        root = ET.parse(path).getroot()
        for element in root.iter():
            if element.tag.rsplit("}", 1)[-1] != "organization":
                continue
            fields = {child.tag.rsplit("}", 1)[-1]: (child.text or "") for child in element}
            nuts = [
                n.text
                for n in element.iter()
                if n.tag.rsplit("}", 1)[-1] == "nutsCode" and n.text and len(n.text) > 2
            ]
            found.append(
                {
                    "project": path.stem,
                    "pic": fields.get("id", "").strip(),
                    "vat": fields.get("vatNumber", "").strip(),
                    "name": fields.get("legalName", "").strip(),
                    "place": nuts[0] if nuts else "",
                }
            )
    return found


def cordis(reference: Path, shown: int) -> None:
    rows = [r for r in cordis_organisations(reference) if r["name"]]
    problems: Counter = Counter()
    records = []
    for number, row in enumerate(rows):
        ids = []
        for text, scheme in ((row["pic"], "pic"), (row["vat"], "vat")):
            if not text:
                continue
            try:
                ids.append(parse_identifier(text, scheme))
            except IdentifierError as error:
                problems[f"{scheme}: {str(error).split(': ', 1)[-1]}"] += 1
        records.append(organisation(f"cordis {number}", row["name"], ids, row["place"]))
    by_identity = Matcher()
    renamed, kept_apart = [], []
    for record in records:
        found = by_identity.resolve(record)
        if found and found.decision == "same":
            other = by_identity.record(found.candidate).names[0]
            if normalise_name(other) != normalise_name(record.names[0]):
                renamed.append(found)
        elif found and found.decision == "different":
            kept_apart.append(found)
    pics = {r["pic"] for r in rows}
    print(f"\n3. CORDIS Horizon Europe: {len(rows)} participations, {len(pics)} PICs")
    print(f"   identifiers that do not parse: {sum(problems.values())}")
    for what, count in problems.most_common():
        print(f"     {count} x {what}")
    print(f"   organisations kept (identity first): {len(by_identity)}")
    print(f"   same organisation recognised under another name (by PIC or VAT): {len(renamed)}")
    for found in renamed[:shown]:
        print(f"     {found.explain()}")
    print(f"   look-alike names kept apart by conflicting identifiers: {len(kept_apart)}")
    for found in kept_apart[:shown]:
        print(f"     {found.explain()}")
    names_only = Matcher()
    wrong = []
    pic_of = {}
    for record, row in zip(records, rows, strict=True):
        pic_of[record.key] = row["pic"]
        bare = Record(record.key, record.kind, record.names, (), record.place)
        found = names_only.resolve(bare)
        if found and found.decision != "different" and pic_of[found.candidate] != row["pic"]:
            wrong.append(found)
    print(
        f"   names alone (no identifiers), look-alikes with ANOTHER PIC: {len(wrong)} "
        f"({sum(m.decision == 'same' for m in wrong)} same, "
        f"{sum(m.decision == 'review' for m in wrong)} review)"
    )
    for found in wrong[:shown]:
        print(f"     {found.explain()}")


def keep_eu(reference: Path, shown: int) -> None:
    path = reference / "real" / "keep-eu" / "keep-central-europe-partners.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    matcher = Matcher()
    same = review = 0
    examples = []
    for number, row in enumerate(rows, start=2):
        place = (row.get("NUTS2 (or equivalent)") or "").split("/")[0].strip()
        place = place or (row.get("Country code") or "").split(" ")[0]
        found = matcher.resolve(organisation(f"keep {number}", row["Project Partner"], (), place))
        if found is None or found.decision == "different":
            continue
        other = matcher.record(found.candidate).names[0]
        if normalise_name(other) == normalise_name(row["Project Partner"]):
            continue
        same += found.decision == "same"
        review += found.decision == "review"
        examples.append(found)
    print(f"\n4. keep.eu CENTRAL EUROPE partners row by row: {len(rows)} rows, {len(matcher)} kept")
    print(f"   recognised under another spelling: {same} same, {review} review; a few:")
    for found in examples[:shown]:
        print(f"     {found.explain()}")


SYLLABLES = ("ka", "ro", "mi", "te", "lo", "na", "vi", "su", "pe", "do", "ra", "ze", "ko", "li")
FORMS = ["sp. z o.o.", "S.A.", "s.r.o.", "a.s.", "GmbH", "SRL", "ASBL", ""]


def synthetic(count: int, blocks: list[str], seed: int) -> list[Record]:
    rng = random.Random(seed)
    records = []
    for i in range(count):
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).title()
        second = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
        records.append(
            organisation(
                f"org {seed}-{i}",
                f"{name} {second.title()} {rng.choice(FORMS)}",
                (),
                blocks[i % len(blocks)],
            )
        )
    return records


def scale(indexed: int, matched: int, per_block: int) -> tuple[float, float]:
    from clusterkg.identity.places import NUTS_2024_LEVEL_2

    regions = sorted(code for code in NUTS_2024_LEVEL_2 if not code.endswith("ZZ"))
    blocks = regions[: max(1, indexed // per_block)]
    matcher = Matcher()
    started = time.perf_counter()
    for record in synthetic(indexed, blocks, seed=1):
        matcher.add(record)
    adding = time.perf_counter() - started
    queries = synthetic(matched, blocks, seed=2)
    started = time.perf_counter()
    for record in queries:
        matcher.match(record)
    per_match = (time.perf_counter() - started) / matched * 1000
    return adding, per_match


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", default=str(ROOT.parent / "shared" / "reference"))
    parser.add_argument("--list", type=int, default=8, help="examples shown per section")
    parser.add_argument("--indexed", type=int, default=100_000)
    parser.add_argument("--matched", type=int, default=10_000)
    args = parser.parse_args()
    reference = Path(args.reference)
    rows = polish_rows(reference)
    halves(rows, args.list)
    within_file(rows, args.list)
    cordis(reference, args.list)
    keep_eu(reference, args.list)
    print("\n5. Cost (synthetic names, about 400 records per NUTS-2 block)")
    for indexed in (args.indexed // 10, args.indexed):
        adding, per_match = scale(indexed, args.matched, per_block=400)
        print(
            f"   {indexed:>7,} indexed ({adding:.1f} s to index), {args.matched:,} matched: "
            f"{per_match:.3f} ms per match"
        )


if __name__ == "__main__":
    main()
