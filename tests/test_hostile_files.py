"""Hostile files: what a person sees when a file is bad, or a spreadsheet would run a cell.

Every bad input is one clear line naming the file (and the line or the cell), what is wrong
and how to fix it; the exit code is not 0; there is no traceback; nothing is half-written.
Values a spreadsheet would run as formulas are written as text and read back exactly.
"""

from __future__ import annotations

import errno
import itertools
import os
import pathlib
import shutil
import subprocess
import zipfile

import click
import pytest
from click.testing import CliRunner

from clusterkg import resources, store
from clusterkg.cli import ClusterKGGroup, cli
from clusterkg.rdf.cells import escape, looks_like_formula, unescape

HOSTILE = [
    '=HYPERLINK("http://evil","x")',
    "+48 22 123 45 67",
    "@home",
    "-hyphen first",
    "'=quoted already",
    "''@two quotes",
]
BIG = "Cluster " + "x" * (1 << 20)  # a 1 MiB cell
ORG_HEADER = "name,name_en,lang,acronym,type,region,city,sector,parent,website,source_quote\n"


def run(root, *args):
    return CliRunner().invoke(cli, ["--data-dir", str(root), *args])


def clean_failure(result, code: int = 2) -> str:
    """The output of a command that failed as a person should see it: the exit code, one
    error line, no traceback."""
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert "unexpected" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.output


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A data folder whose graph holds organisations named like formulas, and a cluster
    with a 1 MiB English name, imported as a person would."""
    root = tmp_path_factory.mktemp("hostile") / "kg"
    shipped = resources.data_dir()
    for name in ("ontology", "graph", "shapes", "queries"):
        shutil.copytree(shipped / name, root / name)
    sheets = tmp_path_factory.mktemp("sheets")
    # in a workbook, as typed cells: the names reach the graph exactly as written here
    rows = [ORG_HEADER.strip().split(",")] + [
        [name, f"Hostile {i}", "pl", f"-{i}", "association", "Mazowsze", "", "logistics"]
        for i, name in enumerate(HOSTILE)
    ]
    orgs = workbook(sheets / "orgs.xlsx", rows, title="Organisations")
    result = run(root, "import", str(orgs))
    assert result.exit_code == 0, result.output
    clusters = sheets / "clusters.csv"
    clusters.write_text(
        f"name,name_en,region,sector\nKlaster Wielki,{BIG},Mazowsze,logistics\n", encoding="utf-8"
    )
    result = run(root, "import", str(clusters))
    assert result.exit_code == 0, result.output
    return root


# -- the rule for formula cells ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+48 22", "'+48 22"),
        ("-x", "'-x"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),  # a genuine apostrophe before a formula character survives
        ("'tis", "'tis"),  # an apostrophe before anything else is left alone
        ("-5", "-5"),  # numbers stay numbers
        ("+3.25e4", "+3.25e4"),
        ("-.5", "-.5"),
        ("", ""),
        ("Mazovia", "Mazovia"),
    ],
)
def test_formula_cells_get_an_apostrophe(value, cell):
    assert escape(value) == cell
    assert unescape(cell) == value


def test_escape_is_exactly_undone_by_unescape():
    """Every string over the characters that matter, up to four long, round-trips, and no
    escaped cell is one a spreadsheet would run."""
    alphabet = ["'", "=", "+", "-", "@", "\t", "\r", "5", ".", "a", " "]
    for n in range(5):
        for chars in itertools.product(alphabet, repeat=n):
            value = "".join(chars)
            cell = escape(value)
            assert unescape(cell) == value, repr(value)
            assert cell.startswith("'") or not looks_like_formula(cell), repr(value)


# -- export and import ------------------------------------------------------------------------


def test_export_csv_neutralises_formula_cells_and_imports_back_exactly(hostile, tmp_path):
    out = tmp_path / "orgs.csv"
    result = run(hostile, "export", "organisations", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert '"\'=HYPERLINK(""http://evil"",""x"")"' in text
    assert "\n'+48 22 123 45 67," in text and "\n'@home," in text
    assert "\n''=quoted already," in text and "\n'''@two quotes," in text
    for line in text.splitlines()[1:]:
        assert not line.startswith(("=", "+", "@")), line
    assert ",pl,-3,association," in text  # a number is written as a number
    again = run(hostile, "import", str(out), "--kind", "organisations")
    assert again.exit_code == 0, again.output
    assert "Nothing to add" in again.output


def test_query_csv_and_tsv_neutralise_formula_cells(hostile):
    query = (
        "SELECT ?name (-5 AS ?n) WHERE { ?o skos:prefLabel ?name "
        "FILTER(STRSTARTS(?name, '=HYPER') || STRSTARTS(?name, '@')) } ORDER BY ?name"
    )
    for fmt, sep in (("csv", ","), ("tsv", "\t")):
        result = run(hostile, "sparql", query, "--format", fmt)
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        assert lines[0] == f"name{sep}n"
        assert lines[1].startswith(("\"'=HYPERLINK", "'=HYPERLINK")), lines[1]
        assert lines[1].endswith(f"{sep}-5")
        assert lines[2] == f"'@home{sep}-5"


def test_export_xlsx_is_a_workbook_of_text_cells_that_imports_back(hostile, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "orgs.xlsx"
    result = run(hostile, "export", "organisations", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert zipfile.is_zipfile(out)
    sheet = load_workbook(out).active  # formulas as formulas: none may be one
    assert sheet.title == "organisations"
    cells = {c.value: c for row in sheet.iter_rows() for c in row if c.value}
    for name in HOSTILE:
        assert cells[name].data_type == "s", name  # the value itself, a string
    assert cells['=HYPERLINK("http://evil","x")'].quotePrefix
    assert not any(name.startswith(".") for name in os.listdir(tmp_path))  # no temporary file
    again = run(hostile, "import", str(out), "--kind", "organisations")
    assert again.exit_code == 0, again.output
    assert "Nothing to add" in again.output


def test_template_xlsx_is_a_workbook(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "events.xlsx"
    result = CliRunner().invoke(cli, ["template", "events", "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("name", "name_en") and len(rows) == 2


def test_export_to_a_format_clusterkg_does_not_write_is_refused(hostile, tmp_path):
    out = tmp_path / "orgs.xls"
    output = clean_failure(run(hostile, "export", "organisations", "--out", str(out)))
    assert f"{out}: clusterkg writes .csv or .xlsx" in output
    assert not out.exists()


def test_a_1_mib_cell_round_trips_through_csv(hostile, tmp_path):
    out = tmp_path / "clusters.csv"
    result = run(hostile, "export", "clusters", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert BIG in out.read_text(encoding="utf-8")
    again = run(hostile, "import", str(out), "--kind", "clusters")
    assert again.exit_code == 0, again.output
    assert "Nothing to add" in again.output


def test_a_cell_too_big_for_a_spreadsheet_is_not_exported_as_xlsx(hostile, tmp_path):
    out = tmp_path / "clusters.xlsx"
    output = clean_failure(run(hostile, "export", "clusters", "--out", str(out)))
    assert str(out) in output and "column name_en" in output and "32,767" in output
    assert "export to .csv" in output
    assert not out.exists() and not os.listdir(tmp_path)


# -- XLSX cells that would lose their value ---------------------------------------------------


def workbook(path, rows, title="Partners", merge=None):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(number, column, value or None)
            if value and not value.startswith("=A"):  # text, unless meant as a formula
                cell.data_type = "s"
    if merge:
        sheet.merge_cells(merge)
    book.save(path)
    return path


def rewrite_sheet(path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in the first sheet's XML (what another program writes)."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    assert old in xml, xml
    parts["xl/worksheets/sheet1.xml"] = xml.replace(old, new).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


CLUSTER_ROWS = [["name", "name_en", "region", "sector"]] + [
    [f"Klaster Nowy {i}", f"New Cluster {i}", "Mazowsze", "logistics"] for i in range(2, 9)
]


def test_merged_cells_are_an_error_naming_sheet_and_cell(hostile, tmp_path):
    path = workbook(tmp_path / "partners.xlsx", CLUSTER_ROWS, merge="C6:C8")
    output = clean_failure(run(hostile, "import", str(path)))
    assert (
        f"{path}, sheet Partners, cell C7: part of merged range C6:C8, so it reads as empty; "
        "unmerge the cells and fill each one" in output
    )
    assert not (hostile / "graph" / "import-partners.ttl").exists()


def test_formula_without_saved_value_is_an_error(hostile, tmp_path):
    rows = [CLUSTER_ROWS[0], ["Klaster Formuły", '=A2&" EN"', "Mazowsze", "logistics"]]
    path = workbook(tmp_path / "formulas.xlsx", rows)  # openpyxl saves no value: it cannot
    output = clean_failure(run(hostile, "import", str(path)))
    assert f'{path}, sheet Partners, cell B2: formula =A2&" EN" has no saved value' in output
    assert "save it again, or paste values only" in output
    assert not (hostile / "graph" / "import-formulas.ttl").exists()


def test_formula_with_saved_value_reads_its_value(hostile, tmp_path):
    rows = [CLUSTER_ROWS[0], ["Klaster Formuły", '=A2&" EN"', "Mazowsze", "logistics"]]
    path = workbook(tmp_path / "saved.xlsx", rows)
    rewrite_sheet(
        path,
        '<c r="B2"><f>A2&amp;" EN"</f><v></v></c>',
        '<c r="B2" t="str"><f>A2&amp;" EN"</f><v>Formula Cluster</v></c>',
    )
    result = run(hostile, "import", str(path), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "1 new" in result.output


def test_error_cell_is_an_error(hostile, tmp_path):
    rows = [CLUSTER_ROWS[0], ["Klaster Błędu", "x", "Mazowsze", "logistics"]]
    path = workbook(tmp_path / "errors.xlsx", rows)
    rewrite_sheet(
        path,
        '<c r="B2" t="inlineStr"><is><t>x</t></is></c>',
        '<c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
    )
    output = clean_failure(run(hostile, "import", str(path)))
    assert f"{path}, sheet Partners, cell B2: holds the error #DIV/0!" in output


# -- graph files ------------------------------------------------------------------------------


TURTLE = "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n"


@pytest.fixture()
def scratch(tmp_path):
    from helpers import scratch_data_dir

    return scratch_data_dir(tmp_path, {"plain.ttl": TURTLE})


def test_turtle_with_a_byte_order_mark_is_read(scratch):
    (scratch / "graph" / "bom.ttl").write_bytes(
        b"\xef\xbb\xbf" + b"@prefix ex: <http://example.org/> .\nex:d ex:e ex:f .\n"
    )
    result = run(scratch, "sparql", "SELECT ?o WHERE { <http://example.org/d> ?p ?o }")
    assert result.exit_code == 0, result.output
    assert "http://example.org/f" in result.output


def test_a_syntax_error_after_a_byte_order_mark_keeps_its_line(scratch):
    (scratch / "graph" / "bom.ttl").write_bytes(
        b"\xef\xbb\xbf@prefix ex: <http://example.org/> .\nex:d ex:e ;;\n"
    )
    output = clean_failure(run(scratch, "sparql", "ASK {}"))
    assert f"{scratch / 'graph' / 'bom.ttl'}:2:" in output


def test_a_broken_link_in_the_graph_folder_is_an_error(scratch):
    link = scratch / "graph" / "shared.ttl"
    link.symlink_to(scratch / "elsewhere" / "shared.ttl")
    output = clean_failure(run(scratch, "sparql", "ASK {}"))
    assert f"{link}: a broken link" in output and "remove the link" in output


def test_a_folder_named_like_a_graph_file_is_an_error(scratch):
    folder = scratch / "graph" / "old.ttl"
    folder.mkdir()
    output = clean_failure(run(scratch, "sparql", "ASK {}"))
    assert f"{folder}: a folder, not a file" in output


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_graph_file_is_an_error(scratch):
    path = scratch / "graph" / "plain.ttl"
    path.chmod(0)
    try:
        output = clean_failure(run(scratch, "sparql", "ASK {}"))
    finally:
        path.chmod(0o644)
    assert f"{path}: cannot read the file (Permission denied)" in output


def test_an_unreadable_graph_file_is_an_error_even_for_root(scratch, monkeypatch):
    """As above, where the tests run as root: opening the file is refused as it would be."""
    path = scratch / "graph" / "plain.ttl"

    def refusing(file, *args, **kwargs):
        if pathlib.Path(file) == path:
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return open(file, *args, **kwargs)

    monkeypatch.setattr(store, "open", refusing, raising=False)
    output = clean_failure(run(scratch, "sparql", "ASK {}"))
    assert f"{path}: cannot read the file (Permission denied)" in output


def test_sparql_file_not_utf8_names_file_and_line(scratch, tmp_path):
    query = tmp_path / "q.rq"
    query.write_bytes("SELECT ?s\n# Łódź\nWHERE { ?s ?p ?o }\n".encode("cp1250"))
    output = clean_failure(run(scratch, "sparql", "-f", str(query)))
    assert f"{query}:2: not UTF-8 text" in output and "save the query as UTF-8" in output


def test_sparql_file_with_a_byte_order_mark_runs(scratch, tmp_path):
    query = tmp_path / "q.rq"
    query.write_bytes(b"\xef\xbb\xbfASK { ?s ?p ?o }\n")
    result = run(scratch, "sparql", "-f", str(query))
    assert result.exit_code == 0, result.output
    assert "true" in result.output


# -- a full disk --------------------------------------------------------------------------------


def test_a_full_disk_names_the_file_and_leaves_nothing(hostile, tmp_path, monkeypatch):
    """A write that fails for want of space (its OSError names no file) is reported at the
    file asked for, with what to do; the temporary file is gone."""

    def full(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pathlib.Path, "write_bytes", full)
    for name in ("orgs.csv", "orgs.xlsx"):
        out = tmp_path / name
        output = clean_failure(run(hostile, "export", "organisations", "--out", str(out)))
        assert f"{out}: cannot write it: no space left on the device" in output
        assert "free some space, or choose another --out" in output
    assert not os.listdir(tmp_path)


def test_an_unnamed_full_disk_is_no_unexpected_error():
    """Where no command names the file, the message still says what happened and what to do."""

    @click.group(cls=ClusterKGGroup)
    def group():
        pass

    @group.command()
    def write():
        raise OSError(errno.ENOSPC, "No space left on device")

    output = clean_failure(CliRunner().invoke(group, ["write"]))
    assert "no space left on the device; free some space, or choose another --out" in output


@pytest.fixture()
def full_disk(tmp_path):
    """A 64 KiB file system (tmpfs), filled up; needs root and a system that lets it mount."""
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    mount = tmp_path / "full"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        with open(mount / "filler", "wb", buffering=0) as filler:
            try:
                while True:
                    filler.write(b"\0" * 4096)
            except OSError:
                pass
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_a_real_full_disk(hostile, full_disk, tmp_path):
    sheet = tmp_path / "new-company.csv"
    sheet.write_text(
        ORG_HEADER + "Nowa Firma,New Company,pl,,enterprise,Mazowsze,,logistics,,,\n",
        encoding="utf-8",
    )
    commands = {
        full_disk / "orgs.csv": ["export", "organisations"],
        full_disk / "orgs.xlsx": ["export", "organisations"],
        full_disk / "import.ttl": ["import", str(sheet)],
        full_disk / "build": ["build"],
        full_disk / "site": ["publish"],
    }
    for out, command in commands.items():
        output = clean_failure(run(hostile, *command, "--out", str(out)))
        assert f"{out}: cannot write it: no space left on the device" in output, command
        assert os.listdir(full_disk) == ["filler"], command  # nothing half-written
