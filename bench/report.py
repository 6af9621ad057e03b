"""The benchmark's Markdown: one table per size (clusterkg vs plain), one per question, and
the targets at one million triples, each marked met or missed."""

from __future__ import annotations

from typing import Any

ROWS = [  # (label, clusterkg phase, key, plain phase, key)
    ("load (parse into a store)", "load", "seconds", "load-plain", "seconds"),
    ("validate (load + SHACL)", "validate", "seconds", "validate-plain", "seconds"),
    ("validate (SHACL only)", "validate", "validate_seconds", "validate-plain", "validate_seconds"),
    (
        "slowest named question (plain: slowest that finished)",
        "questions",
        "slowest",
        "questions-plain",
        "slowest",
    ),
    ("links A B (plain: the SPARQL question)", "questions", "links_seconds", "questions-plain", ""),
    ("map --bridge A B (end to end)", "map-bridge", "seconds", None, ""),
    ("map --region A (end to end)", "map-region", "seconds", "map-plain", "seconds"),
    ("build: validate, 4 formats (end to end)", "build", "seconds", "build-plain", "seconds"),
    ("publish: static site (end to end)", "publish", "seconds", "publish-plain", "seconds"),
]


ENDPOINTS = {
    "endpoint": "on disk: oxigraph load, optimize, serve-read-only",
    "endpoint-memory": "in memory: oxigraph serve, Graph Store Protocol POST",
}


def _s(value: Any) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def _ratio(ours: Any, theirs: Any) -> str:
    if not ours or not theirs:
        return "-"
    return f"{theirs / ours:.1f}x"


def _check(phase: dict[str, Any] | None) -> str:
    if not phase:
        return "-"
    check = phase.get("check")
    return str(check).replace("|", "/")[:60]


def _plain_links(row: dict[str, Any]) -> Any:
    plain = row.get("questions-plain") or {}
    return (plain.get("questions") or {}).get("links", {}).get("seconds")


def _plain_links_text(row: dict[str, Any]) -> str | None:
    plain = (row.get("questions-plain") or {}).get("questions") or {}
    over = plain.get("links", {}).get("over")
    return f"> {over:g}" if over else None


def size_table(row: dict[str, Any]) -> list[str]:
    lines = [
        f"### {row['triples']:,} triples"
        + (f" ({row['clean_triples']:,} in the clean twin)" if "clean_triples" in row else ""),
        "",
        f"Medians of {row.get('runs', '?')} clusterkg run(s) and {row.get('plain_runs', '?')}"
        " plain run(s).",
        "",
        "| job | clusterkg s | plain s | speed-up | clusterkg RSS MB | plain RSS MB "
        "| RSS ratio | clusterkg found | plain found |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for label, ours, key, theirs, their_key in ROWS:
        mine = row.get(ours) or {}
        other = row.get(theirs) or {} if theirs else {}
        mine_value = mine.get(key)
        other_value = (
            _plain_links(row)
            if ours == "questions" and key == "links_seconds"
            else (other.get(their_key) if their_key else None)
        )
        rss_ratio = (
            f"{mine['rss_mb'] / other['rss_mb']:.2f}"
            if mine.get("rss_mb") and other.get("rss_mb")
            else "-"
        )
        other_text = _s(other_value)
        if ours == "questions" and key == "links_seconds":
            other_text = _plain_links_text(row) or other_text
        lines.append(
            f"| {label} | {_s(mine_value)} | {other_text} | {_ratio(mine_value, other_value)}"
            f" | {mine.get('rss_mb') or '-'} | {other.get('rss_mb') or '-'} | {rss_ratio}"
            f" | {_check(mine)} | {_check(other) if theirs else '-'} |"
        )
    same = _same_validation(row)
    if same is not None:
        lines += ["", f"Validation results identical to pyshacl's: **{same}**."]
    for key, how in ENDPOINTS.items():
        endpoint = row.get(key)
        if endpoint:
            lines += [
                "",
                f"Endpoint ({how}; ready in "
                f"{_s(endpoint.get('server_load_seconds'))} s): slowest question "
                f"{_s(endpoint.get('slowest'))} s, links {_s(endpoint.get('links_seconds'))} s, "
                f"peak RSS of the client {endpoint.get('rss_mb')} MB; answers identical to the "
                f"embedded store's: **{_same_answers(row, key)}**.",
            ]
    return lines


def _same_validation(row: dict[str, Any]) -> bool | None:
    ours, theirs = row.get("validate") or {}, row.get("validate-plain") or {}
    if "results" not in ours or "results" not in theirs:
        return None
    return [list(r) for r in ours["results"]] == [list(r) for r in theirs["results"]]


def _same_answers(row: dict[str, Any], key: str = "endpoint") -> bool:
    ours = (row.get("questions") or {}).get("questions", {})
    there = (row.get(key) or {}).get("questions", {})
    names = [n for n in ours if n != "links"]
    return bool(names) and all(
        ours[n].get("digest") == there.get(n, {}).get("digest") for n in names
    )


def question_table(row: dict[str, Any]) -> list[str]:
    ours = (row.get("questions") or {}).get("questions", {})
    plain = (row.get("questions-plain") or {}).get("questions", {})
    there = (row.get("endpoint") or {}).get("questions", {})
    memory = (row.get("endpoint-memory") or {}).get("questions", {})
    lines = [
        f"#### Questions at {row['triples']:,} triples",
        "",
        "| question | rows | clusterkg s | plain s | speed-up | same rows | endpoint s"
        " (on disk) | endpoint s (in memory) |",
        "|---|---:|---:|---:|---:|---|---:|---:|",
    ]
    for name, mine in sorted(ours.items(), key=lambda kv: -kv[1]["seconds"]):
        other = plain.get(name, {})
        if other.get("seconds") is None and other.get("over"):
            plain_text, same = f"> {other['over']:g}", "-"
        else:
            plain_text = _s(other.get("seconds"))
            same = "-" if not other or name == "links" else str(other.get("rows") == mine["rows"])
        lines.append(
            f"| {name} | {mine['rows']} | {_s(mine['seconds'])} | {plain_text} "
            f"| {_ratio(mine['seconds'], other.get('seconds'))} | {same} "
            f"| {_s(there.get(name, {}).get('seconds'))} "
            f"| {_s(memory.get(name, {}).get('seconds'))} |"
        )
    return lines


def targets(report: dict[str, Any]) -> list[str]:
    """The targets of the scale issue at one million triples, met or missed."""
    rows = [r for r in report["sizes"] if 900_000 <= r["triples"] <= 1_100_000]
    lines = ["## Targets at one million triples", ""]
    if not rows:
        return [*lines, "(no run at one million triples)"]
    row = rows[0]

    def get(phase: str, key: str = "seconds") -> Any:
        return (row.get(phase) or {}).get(key)

    checks = []
    load, load_plain = get("load"), get("load-plain")
    checks.append(("load at least 10x faster than rdflib", load, load_plain, 10))
    build, build_plain = get("build"), get("build-plain")
    checks.append(
        ("build at least 10x faster than rdflib (parse, 3 serialisers)", build, build_plain, 10)
    )
    validate, validate_plain = get("validate"), get("validate-plain")
    checks.append(("validation at least 10x faster than pyshacl", validate, validate_plain, 10))
    for label, ours, theirs, factor in checks:
        ratio = theirs / ours if ours and theirs else None
        verdict = "met" if ratio and ratio >= factor else "missed" if ratio else "not measured"
        lines.append(f"- {label}: {_ratio(ours, theirs)} ({verdict})")
    same = _same_validation(row)
    lines.append(f"- identical validation results: {same}")
    slowest, links = get("questions", "slowest"), get("questions", "links_seconds")
    for label, value in (("every named question under 1 s", slowest), ("links under 1 s", links)):
        verdict = "met" if value is not None and value < 1 else "missed"
        lines.append(f"- {label}: slowest {_s(value)} s ({verdict})")
    ours = {
        k: p["rss_mb"]
        for k, p in row.items()
        if isinstance(p, dict) and p.get("rss_mb") and not k.endswith("-plain")
    }
    largest = max(ours, key=ours.get, default=None)
    peak = ours.get(largest)
    verdict = "met" if peak and peak < 3072 else "missed"
    lines.append(f"- clusterkg's peak memory under 3 GB: {peak} MB, in {largest} ({verdict})")
    startup = report.get("startup", {}).get("seconds")
    verdict = "met" if startup is not None and startup < 0.3 else "missed"
    lines.append(f"- `clusterkg --help` under 0.3 s: {_s(startup)} s ({verdict})")
    return lines


def markdown(report: dict[str, Any]) -> str:
    machine = report.get("machine", {})
    dates = machine.get("dates") or [machine.get("date")]
    when = dates[0]
    if len(dates) > 1:  # --keep merged runs of several days
        when = f"runs of {', '.join(dates)} (each job's date is in scale.json; compare ratios"
        when += " within a row)"
    lines = [
        "# clusterkg at scale",
        "",
        f"Python {machine.get('python')}, {machine.get('cpus')} CPUs, {machine.get('platform')},"
        f" {when}. Seconds are medians; RSS is the peak resident memory of the"
        " phase's process. 'plain' is rdflib/pyshacl/networkx/pyvis doing the same job"
        " (bench/plain.py). `clusterkg --help`: "
        f"{_s(report.get('startup', {}).get('seconds'))} s.",
        "",
    ]
    lines += targets(report)
    for row in report["sizes"]:
        lines += ["", *size_table(row), "", *question_table(row)]
    return "\n".join(lines) + "\n"
