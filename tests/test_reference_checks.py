"""The reference lists inside ``queries/unknown-identifier-violation.rq`` are the shipped
references: the region Wikidata items of the NUTS reference (``region_qids.csv``, next to the
repository in ``../shared/reference/nuts``) and ``clusterkg/reference/place_qids.csv``."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from clusterkg import resources

ROOT = Path(__file__).resolve().parent.parent
REGION_QIDS = ROOT.parent / "shared" / "reference" / "nuts" / "region_qids.csv"
PLACE_QIDS = ROOT / "cli" / "clusterkg" / "reference" / "place_qids.csv"
CHECK = resources.data_dir() / "queries" / "unknown-identifier-violation.rq"


def _check() -> str:
    return CHECK.read_text(encoding="utf-8")


@pytest.mark.skipif(not REGION_QIDS.is_file(), reason="the NUTS reference is not next to the repo")
def test_region_items_are_those_of_the_reference():
    with open(REGION_QIDS, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    rows = [r for r in rows if r["wikidata_qid"]]  # a row without an item checks nothing
    expected = {(r["iso3166_2_current_pycountry"], r["wikidata_qid"]) for r in rows} | {
        (r["iso3166_2_in_source"], r["wikidata_qid"]) for r in rows
    }
    blocks = re.findall(r"VALUES \(\?iso_\w+ \?qid_\w+\) \{(.*?)\n    \}", _check(), re.S)
    assert len(blocks) == 3
    for block in blocks:
        found = set(re.findall(r'\("([^"]+)" wd:(Q\d+)\)', block))
        assert found == expected


def test_places_checked_by_hand_are_those_of_the_shipped_file():
    with open(PLACE_QIDS, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert all(row["source"] for row in rows)
    listed = re.search(r"NOT IN \((wd:Q\d+(?:, wd:Q\d+)*)\)", _check()).group(1)
    assert set(re.findall(r"Q\d+", listed)) == {row["qid"] for row in rows}
