"""``clusterkg template``, ``import`` and ``export``: spreadsheets as people really keep them."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from clusterkg import resources
from clusterkg.cli import cli
from clusterkg.ingest.templates import KINDS


@pytest.fixture()
def data(tmp_path):
    """A private copy of the shipped data folder, so imports do not touch the checkout."""
    root = tmp_path / "kg"
    shipped = resources.data_dir()
    for name in ("ontology", "graph", "shapes", "queries"):
        shutil.copytree(shipped / name, root / name)
    return root


def run(root, *args):
    return CliRunner().invoke(cli, ["--data-dir", str(root), *args])


CLUSTER_CSV = (
    "name;name_en;lang;acronym;region;sector;coordinator;network;project;website;source_quote\n"
    "Mazowiecki Klaster Logistyczny ;Mazovian Logistics Cluster;pl;MKL;Mazowsze;logistics;"
    "ppp-t;;;https://example.org/mkl;\n"
    "\n"
    "Mazowiecki Klaster Logistyczny ;Mazovian Logistics Cluster;pl;MKL;Mazowsze;logistics;"
    "ppp-t;;;https://example.org/mkl;\n"
)


def write(path, text, bom=False, encoding="utf-8"):
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
    return path


@pytest.mark.parametrize("kind", list(KINDS))
def test_template_has_header_and_example(tmp_path, kind):
    out = tmp_path / f"{kind}.csv"
    result = CliRunner().invoke(cli, ["template", kind, "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].split(",") == [c.name for c in KINDS[kind]]
    assert len(lines) == 2


def test_import_semicolons_bom_blank_and_duplicate_rows(data, tmp_path):
    sheet = write(tmp_path / "clusters.csv", CLUSTER_CSV, bom=True)
    result = run(data, "import", str(sheet))
    assert result.exit_code == 0, result.output
    assert "1 new" in result.output
    out = data / "graph" / "import-clusters.ttl"
    text = out.read_text(encoding="utf-8")
    assert "Mazowiecki Klaster Logistyczny" in text
    assert text.count("a ckg:ClusterInitiative") == 1
    # it is now in the graph: found by name, linked to its region and coordinator
    found = run(data, "show", "MKL", "--format", "json")
    assert found.exit_code == 0, found.output
    assert "https://w3id.org/clusterkg/id/place/mazowieckie" in found.output
    # importing again adds nothing
    before = out.read_bytes()
    again = run(data, "import", str(sheet))
    assert again.exit_code == 0, again.output
    assert "Nothing to add" in again.output
    assert out.read_bytes() == before
    # the whole graph still conforms
    assert run(data, "validate").exit_code == 0


def test_existing_entity_is_linked_not_duplicated(data, tmp_path):
    sheet = write(
        tmp_path / "orgs.csv",
        "name,name_en,lang,acronym,type,region,city,sector,parent,website,source_quote\n"
        "PPP-T,Płock Industrial and Technology Park,pl,,business-support,Mazowsze,,,,,\n",
    )
    result = run(data, "import", str(sheet), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "0 new" in result.output
    assert "https://w3id.org/clusterkg/id/org/ppp-t" in result.output or "link" in result.output


def test_near_miss_is_reported_not_guessed(data, tmp_path):
    """A look-alike in the same place goes to the review list and stops the import; the
    same name but for accents and legal form is the same organisation."""
    sheet = write(
        tmp_path / "orgs.csv",
        "name,name_en,type,region\n"
        "Plocki Park Przemyslowo-Technologyczny,Plock Park,business-support,Mazowsze\n",
    )
    result = run(data, "import", str(sheet))
    assert result.exit_code == 1
    assert "may be the same organisation" in result.output and "review list" in result.output
    assert "https://w3id.org/clusterkg/id/org/ppp-t" in result.output
    assert not (data / "graph" / "import-orgs.ttl").exists()
    same = write(
        tmp_path / "same.csv",
        "name,type,region\nPlocki Park Przemyslowo-Technologiczny SA,business-support,Mazowsze\n",
    )
    result = run(data, "import", str(same), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "0 new" in result.output


def test_dates_in_both_forms(data, tmp_path):
    sheet = write(
        tmp_path / "events.csv",
        "name,name_en,lang,type,date,end_date,city,region,organiser,project,sector,attendees\n"
        "Konferencja A,Conference A,pl,conference,04.10.2013,,,Mazowsze,UMWM,MSODI,,PPP-T\n"
        "Konferencja B,Conference B,pl,conference,2013-10-05,,,Mazowsze,UMWM,MSODI,,\n",
    )
    result = run(data, "import", str(sheet))
    assert result.exit_code == 0, result.output
    text = (data / "graph" / "import-events.ttl").read_text(encoding="utf-8")
    assert '"2013-10-04"^^xsd:date' in text and '"2013-10-05"^^xsd:date' in text


def test_every_problem_reported_as_file_row_column(data, tmp_path):
    sheet = write(
        tmp_path / "events.csv",
        "name,name_en,lang,type,date,region,organiser\n"
        "Spotkanie,Meeting,pl,meeting,32.13.2013,Mazowsze,UMWM\n"
        "Spotkanie 2,Meeting 2,pl,party,2014-01-01,Atlantis,UMWM\n",
    )
    result = run(data, "import", str(sheet))
    assert result.exit_code == 1
    assert f"{sheet}:2:E (date):" in result.output and "not a date" in result.output
    assert f"{sheet}:3:D (type):" in result.output
    assert "Nothing written" in result.output


def test_unknown_region_is_an_error_with_suggestions(data, tmp_path):
    sheet = write(
        tmp_path / "clusters.csv",
        "name,name_en,region,sector\nKlaster X,Cluster X,Mazowia,chemical\n",
    )
    result = run(data, "import", str(sheet))
    assert result.exit_code == 1
    assert ":2:C (region):" in result.output and "did you mean" in result.output


def test_missing_required_column(data, tmp_path):
    sheet = write(tmp_path / "clusters.csv", "name,name_en,sector\nKlaster X,Cluster X,chemical\n")
    result = run(data, "import", str(sheet), "--kind", "clusters")
    assert result.exit_code == 1
    assert "missing required column 'region'" in result.output


def test_not_utf8_is_an_input_error(data, tmp_path):
    sheet = write(
        tmp_path / "clusters.csv",
        "name,name_en,region,sector\nŁódź,Lodz,PL9,x\n",
        encoding="cp1250",
    )
    result = run(data, "import", str(sheet))
    assert result.exit_code == 2
    assert "not UTF-8" in result.output


def test_xlsx(data, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["name", "name_en", "region", "sector", "coordinator"])
    sheet.append(
        ["Mazowiecki Klaster Wodorowy", "Mazovian Hydrogen Cluster", "PL9", "energy", "PPP-T"]
    )
    path = tmp_path / "clusters.xlsx"
    book.save(path)
    result = run(data, "import", str(path))
    assert result.exit_code == 0, result.output
    assert "1 new" in result.output


@pytest.mark.parametrize("kind", ["regions", "organisations", "clusters", "projects", "events"])
def test_export_then_import_changes_nothing(data, tmp_path, kind):
    out = tmp_path / f"{kind}.csv"
    exported = run(data, "export", kind, "--out", str(out))
    assert exported.exit_code == 0, exported.output
    assert len(out.read_text(encoding="utf-8").splitlines()) > 1
    result = run(data, "import", str(out), "--kind", kind)
    assert result.exit_code == 0, result.output
    assert "Nothing to add" in result.output
    assert not (data / "graph" / f"import-{kind}.ttl").exists()


def test_shape_violations_are_reported_at_their_row(data, tmp_path):
    """The SHACL shapes run before writing: a second coordinator for a cluster is refused."""
    sheet = write(
        tmp_path / "clusters.csv",
        "name,name_en,region,sector,coordinator\n"
        "Mazowiecki Klaster Chemiczny,Mazovian Chemical Cluster,Mazowsze,chemical,UMWM\n",
    )
    result = run(data, "import", str(sheet))
    assert result.exit_code == 1, result.output
    assert f"{sheet}:2:" in result.output and "coordinator" in result.output
    assert not (data / "graph" / "import-clusters.ttl").exists()


def test_readme_walkthrough_next_cluster_members_and_launch_conference(data, tmp_path):
    """The README's walkthrough: templates as they come, imported in turn, then used."""
    for kind in (
        "organisations",
        "people",
        "clusters",
        "memberships",
        "events",
        "participations",
        "projects",
    ):
        sheet = tmp_path / f"{kind}.csv"
        assert CliRunner().invoke(cli, ["template", kind, "--out", str(sheet)]).exit_code == 0
        result = run(data, "import", str(sheet))
        assert result.exit_code == 0, (kind, result.output)
    assert run(data, "validate").exit_code == 0
    links = run(data, "links", "Mazovia", "Wallonia", "--format", "json")
    assert "Mazovian Logistics Cluster" in links.output
    shown = run(data, "show", "Mazovian Logistics Cluster", "--format", "json")
    assert "mazowiecki-klaster-logistyczny--ppp-t--partner" in shown.output  # its member
    site = tmp_path / "site"
    assert run(data, "publish", "--out", str(site)).exit_code == 0
    assert (site / "id" / "cluster" / "mazowiecki-klaster-logistyczny.html").is_file()
    page = tmp_path / "map.html"
    drawn = run(data, "map", "--focus", "MKL", "--out", str(page))
    assert drawn.exit_code == 0, drawn.output


def test_the_dataset_is_cited_and_derived_values_are_marked(data, tmp_path):
    """The file is a source document saying what it is a copy of; a value the person
    derived is inferred, not stated; a name in its own language alone is enough; columns no
    template knows are read past and named."""
    sheet = write(
        tmp_path / "orgs.csv",
        "name,lang,type,region,city,derived,notes\n"
        "Mazowiecka Izba Testowa,pl,association,Mazowsze,Warszawa,region,their own note\n",
    )
    result = run(
        data,
        "import",
        str(sheet),
        "--title",
        "Members of the chamber",
        "--publisher",
        "Mazowiecka Izba",
        "--url",
        "https://example.org/members",
        "--licence",
        "https://creativecommons.org/licenses/by/4.0/",
        "--retrieved",
        "2025-12-06",
    )
    assert result.exit_code == 0, result.output
    assert "Columns read past" in result.output and "notes" in result.output
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(data / "graph" / "import-orgs.ttl"), format=ox.RdfFormat.TURTLE)

    def select(query):
        prologue = (
            "PREFIX ckg: <https://w3id.org/clusterkg/ontology#>\n"
            "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
            "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
        )
        return [[t.value for t in row] for row in store.query(prologue + query)]

    doc = "https://w3id.org/clusterkg/id/document/import-orgs"
    assert select(f"SELECT ?t WHERE {{ <{doc}> dcterms:title ?t }}") == [["Members of the chamber"]]
    assert select(f"SELECT ?l WHERE {{ <{doc}> dcterms:license ?l }}") == [
        ["https://creativecommons.org/licenses/by/4.0/"]
    ]
    statuses = dict(
        select("SELECT ?p ?status WHERE { ?s rdf:predicate ?p ; ckg:evidence/ckg:status ?status }")
    )
    assert statuses["https://w3id.org/clusterkg/ontology#region"] == "inferred"
    assert statuses["https://w3id.org/clusterkg/ontology#basedIn"] == "stated"


def test_garbled_text_is_refused_with_the_repair(data, tmp_path):
    sheet = write(tmp_path / "orgs.csv", "name,type\nKrakÃ³w Instytut,research\nA\x82B,research\n")
    result = run(data, "import", str(sheet))
    assert result.exit_code == 1
    assert ":2:A (name):" in result.output and "'Kraków Instytut'" in result.output
    assert ":3:A (name):" in result.output and "U+0082" in result.output


def test_every_problem_of_a_file_in_one_report(data, tmp_path):
    """Name problems of one row and shape problems of another come in the same run."""
    sheet = write(
        tmp_path / "projects.csv",
        "name,name_en,start,lead_partner\n"
        "Projekt A,Project A,2015-01,\n"
        "Projekt A,Project A,2016-01,\n"
        "Projekt B,Project B,2015-01,Nobody Known At All\n",
    )
    result = run(data, "import", str(sheet))
    assert result.exit_code == 1
    assert f"{sheet}:4:D (lead_partner)" in result.output
    # a second start date for project A, found by the shapes in the same run
    assert any(
        line.startswith(f"{sheet}:3:") and "startDate" in line
        for line in result.output.splitlines()
    ), result.output
