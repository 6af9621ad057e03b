"""Rates and dates that shape the synthetic ecosystem."""

from __future__ import annotations

from datetime import date

TODAY = date(2026, 6, 30)  # events after this day are announced (schema:EventScheduled)
DOC_ISSUED = "2026-06-30"
DOC_PART = 5000  # entities per synthetic source document
# How often the growth loop adds each kind of record, per new organisation.
CLUSTER_RATE = 0.06
PROJECT_RATE = 0.09
EVENT_RATE = 0.12
JOIN_CLUSTER = 0.5  # chance that a new organisation joins a cluster of its region
UNIFORM_PICK = 0.25  # share of picks made uniformly rather than by attachment
TAIL = 600  # the last triples are organisations only (a project record can be ~500 triples)
