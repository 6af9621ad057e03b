"""Finding ontology/, graph/, shapes/, queries/ in a checkout, a wheel, or an override."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest
from helpers import PROJECT, scratch_data_dir

from clusterkg import resources
from clusterkg.errors import InputError


def test_checkout_folders_are_found(monkeypatch):
    monkeypatch.delenv(resources.DATA_ENV, raising=False)
    root = resources.data_dir()
    assert root == PROJECT
    assert resources.ontology_files(root)[0].name == "clusterkg.ttl"
    assert resources.graph_files(root)
    assert resources.shape_files(root)
    assert resources.query_files(root)


def test_override_and_environment(tmp_path, monkeypatch):
    root = scratch_data_dir(tmp_path)
    assert resources.data_dir(root) == root.resolve()
    monkeypatch.setenv(resources.DATA_ENV, str(root))
    assert resources.data_dir() == root.resolve()


def test_override_that_is_not_a_data_folder(tmp_path):
    with pytest.raises(InputError, match="not a clusterkg data folder"):
        resources.data_dir(tmp_path)


def build_wheel(folder):
    """The wheel of the project, built into ``folder``."""
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(folder)]
    subprocess.run([*command, str(PROJECT)], check=True)
    return next(folder.glob("clusterkg-*.whl"))


def test_wheel_ships_the_four_folders(tmp_path):
    """The installed package carries the graph: a user without a checkout can build it."""
    wheel = build_wheel(tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    assert "clusterkg/data/ontology/clusterkg.ttl" in names
    assert "clusterkg/resources.py" in names
    for folder in ("graph", "shapes", "queries"):
        assert any(n.startswith(f"clusterkg/data/{folder}/") for n in names), folder


def test_an_installed_clusterkg_keeps_imports_in_the_users_own_folder(tmp_path):
    """Installed (no checkout, no --data-dir), `import` never writes into the package: the
    rows go to the person's graph folder, which every command then reads with the shipped
    graph."""
    import os

    installed = tmp_path / "site-packages"
    zipfile.ZipFile(build_wheel(tmp_path)).extractall(installed)
    shipped = installed / "clusterkg" / "data"

    def contents() -> list:
        return sorted(
            (p.relative_to(installed), p.stat().st_size)
            for p in installed.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        )

    before = contents()
    env = {
        **os.environ,
        "PYTHONPATH": str(installed),
        "XDG_DATA_HOME": str(tmp_path / "data-home"),
        "CLUSTERKG_CACHE": "off",
    }
    env.pop("CLUSTERKG_DATA", None)

    def clusterkg(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "clusterkg", *args],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )

    sheet = tmp_path / "clusters.csv"
    sheet.write_text(
        "name,name_en,lang,region,sector,coordinator\n"
        "Mazowiecki Klaster Logistyczny,Mazovian Logistics Cluster,pl,Mazowsze,"
        "logistics,UMWM\n",
        encoding="utf-8",
    )
    done = clusterkg("import", str(sheet))
    assert done.returncode == 0, done.stdout + done.stderr
    own = tmp_path / "data-home" / "clusterkg" / "graph" / "import-clusters.ttl"
    assert own.is_file(), done.stdout
    assert contents() == before and not list(shipped.glob("graph/import-*"))
    found = clusterkg("find", "Logistics Cluster", "--format", "csv")
    assert found.returncode == 0 and "Mazovian Logistics Cluster" in found.stdout


def test_init_makes_a_data_folder_of_ones_own(tmp_path):
    from click.testing import CliRunner

    from clusterkg.cli import cli

    made = CliRunner().invoke(cli, ["init", str(tmp_path / "kg")])
    assert made.exit_code == 0, made.output
    assert resources.data_dir(tmp_path / "kg") == (tmp_path / "kg").resolve()
    assert [p.name for p in resources.graph_files(tmp_path / "kg")] == [
        p.name for p in resources.graph_files()
    ]
    empty = CliRunner().invoke(cli, ["init", str(tmp_path / "synthetic"), "--empty"])
    assert empty.exit_code == 0 and not list((tmp_path / "synthetic" / "graph").iterdir())
    again = CliRunner().invoke(cli, ["init", str(tmp_path / "kg")])
    assert again.exit_code == 2 and "not empty" in again.output


def test_unedited_query_copies_follow_the_shipped_texts(tmp_path):
    """A data folder keeps the questions it was made with only where somebody edited them:
    a copy as ``init`` made it gives way to the text clusterkg ships now."""
    from clusterkg.ask import questions

    folder = resources.make_data_dir(tmp_path / "kg", graph=False)
    queries = folder / "queries"
    shipped = resources.shipped_dir() / "queries"
    assert (queries / resources.SHIPPED_RECORD).is_file()
    assert resources.query_files(folder) == sorted(queries.glob("*.rq"))

    # as if an older clusterkg had shipped (and init copied) another text
    old = "# an older text\n" + (shipped / "contacts-for.rq").read_text(encoding="utf-8")
    (queries / "contacts-for.rq").write_text(old, encoding="utf-8")
    record = (queries / resources.SHIPPED_RECORD).read_text(encoding="utf-8").splitlines()
    digest = resources._sha256(queries / "contacts-for.rq")
    record = [f"{digest}  contacts-for.rq" if line.endswith("  contacts-for.rq") else line
              for line in record]  # fmt: skip
    # a question the team edited, one it deleted, and one shipped since
    (queries / "people-posts.rq").write_text(
        (shipped / "people-posts.rq").read_text(encoding="utf-8") + "# ours\n", encoding="utf-8"
    )
    (queries / "planned-events.rq").unlink()
    (queries / "statistics-for.rq").unlink()
    record = [line for line in record if not line.endswith("  statistics-for.rq")]
    (queries / resources.SHIPPED_RECORD).write_text("\n".join(record) + "\n", encoding="utf-8")

    found = {path.name: path for path in resources.query_files(folder)}
    assert found["contacts-for.rq"] == shipped / "contacts-for.rq"
    assert found["people-posts.rq"] == queries / "people-posts.rq"
    assert "planned-events.rq" not in found
    assert found["statistics-for.rq"] == shipped / "statistics-for.rq"
    assert questions.find("contacts-for", folder).text == (shipped / "contacts-for.rq").read_text(
        encoding="utf-8"
    )
    assert questions.find("people-posts", folder).text.endswith("# ours\n")


def test_a_folder_made_by_hand_uses_its_queries_as_they_are(tmp_path):
    folder = resources.make_data_dir(tmp_path / "kg", graph=False)
    (folder / "queries" / resources.SHIPPED_RECORD).unlink()
    (folder / "queries" / "contacts-for.rq").write_text("# ours\nSELECT * { ?s ?p ?o }\n")
    assert resources.query_files(folder) == sorted((folder / "queries").glob("*.rq"))
