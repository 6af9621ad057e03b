"""What a killed clusterkg leaves on disk, and what the next run does with it.

A run killed with SIGKILL (no clean-up possible) leaves its temporary files and folders; the
next run that writes in that folder removes them, and only them: never a file a running
clusterkg is writing, never a file that is not ours.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import PREFIXES, scratch_data_dir

from clusterkg import atomic, leftovers, persistent, resources, synth
from clusterkg.cli import cli

OUTPUTS = ["clusterkg.jsonld", "clusterkg.nq", "clusterkg.nt", "clusterkg.ttl"]


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def dead_pid() -> int:
    """The number of a process that has ended."""
    done = subprocess.Popen([sys.executable, "-c", "pass"])
    done.wait()
    return done.pid


def child(code: str, **env: str) -> subprocess.Popen:
    """A Python process running ``code`` that prints 'ready' once it is where we want it."""
    process = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, **env},
    )
    assert process.stdout.readline().strip() == "ready"
    return process


def killed_writer(make: str, target: Path, role: str = "tmp", **env: str) -> Path:
    """What a clusterkg killed while writing beside ``target`` leaves: ``make`` is
    'file' or 'folder' (a temporary made by leftovers, with some content)."""
    process = child(
        f"""
        import time
        from pathlib import Path
        from clusterkg import leftovers
        target = Path({str(target)!r})
        if {make!r} == "file":
            made = leftovers.scratch_file(target, {role!r}).path
            made.write_bytes(b"half a file" * 1000)
        else:
            made = leftovers.scratch_folder(target, {role!r}).path
            (made / "id").mkdir()
            (made / "id" / "page.html").write_text("half a site")
        print("ready", flush=True)
        time.sleep(60)
        """,
        **env,
    )
    process.send_signal(signal.SIGKILL)
    process.wait()
    left = [p for p in target.parent.iterdir() if leftovers.NAME.match(p.name)]
    assert len(left) == 1, left
    return left[0]


def poll(condition, timeout: float = 60.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


# -- the rule ------------------------------------------------------------------------------


def test_what_is_not_ours_is_never_touched(tmp_path):
    """Names we did not make (an older clusterkg's, a person's, another host's made now)."""
    others = [
        ".clusterkg.nt.k2j3h4g5.tmp",  # an earlier clusterkg's: no maker to ask
        ".site.publishing-k2j3h4g5",
        "notes.txt",
        f".x.clusterkg-tmp.zzzzzz.{dead_pid()}.abcdefgh",  # not a host digest
        f".x.clusterkg-tmp.{leftovers.HOST}.{dead_pid()}.ab",  # not our suffix
        f".x.clusterkg-tmp.000000.{dead_pid()}.abcdefgh",  # another host's, made just now
    ]
    for name in others:
        (tmp_path / name).write_text("keep me")
    link = tmp_path / f".y.clusterkg-tmp.{leftovers.HOST}.{dead_pid()}.abcdefgh"
    link.symlink_to(tmp_path / "notes.txt")
    assert leftovers.sweep(tmp_path) == []
    assert names(tmp_path) == sorted([*others, link.name])


def test_a_process_number_used_again_is_not_the_maker():
    now = time.time()
    sleeper = subprocess.Popen(["sleep", "30"])
    try:
        time.sleep(0.1)
        # made before this process started: its maker had the same number, and is gone
        assert leftovers.maker_gone(leftovers.HOST, sleeper.pid, now - 60)
        # made after it started: it may be the maker
        assert not leftovers.maker_gone(leftovers.HOST, sleeper.pid, time.time())
    finally:
        sleeper.kill()
        sleeper.wait()
    assert leftovers.maker_gone(leftovers.HOST, sleeper.pid, time.time())
    # another host's: only the age tells
    assert not leftovers.removable("000000", sleeper.pid, time.time())
    assert leftovers.removable("000000", sleeper.pid, time.time() - 2 * leftovers.STALE_AFTER)


def test_a_live_writers_temporary_stays_a_dead_ones_goes(tmp_path):
    target = tmp_path / "clusterkg.nt"
    writer = child(
        f"""
        import time
        from pathlib import Path
        from clusterkg import leftovers
        made = leftovers.scratch_file(Path({str(target)!r}))
        print("ready", flush=True)
        time.sleep(60)
        """
    )
    try:
        assert leftovers.sweep(tmp_path) == []
        atomic.write_text(target, "done")  # another run writing the same file meanwhile
        (staged,) = [p for p in tmp_path.iterdir() if leftovers.NAME.match(p.name)]
        assert f".{writer.pid}." in staged.name
    finally:
        writer.kill()
        writer.wait()
    assert leftovers.sweep(tmp_path) == [staged]
    assert names(tmp_path) == ["clusterkg.nt"]


def test_a_live_makers_temporary_is_kept_even_before_it_is_locked(tmp_path):
    """Between making a temporary and locking it, its maker is alive: that is enough."""
    sleeper = subprocess.Popen(["sleep", "30"])
    try:
        unlocked = tmp_path / f".a.clusterkg-tmp.{leftovers.HOST}.{sleeper.pid}.abcdefgh"
        unlocked.write_text("being made")
        assert leftovers.sweep(tmp_path) == []
        assert unlocked.exists()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_atomic_writes_remove_what_a_killed_writer_left(tmp_path):
    target = tmp_path / "map.html"
    left = killed_writer("file", target)
    atomic.write_text(target, "<html>")
    assert names(tmp_path) == ["map.html"]
    assert not left.exists()


def test_staging_removes_what_a_killed_writer_left(tmp_path):
    left = killed_writer("file", tmp_path / "clusterkg.nt")
    atomic.write_many({tmp_path / "clusterkg.nt": b"<a> <b> <c> .\n"})
    assert names(tmp_path) == ["clusterkg.nt"]
    assert not left.exists()


def test_a_private_temporary_folder_of_a_killed_run_is_removed(tmp_path, monkeypatch):
    """``map --png`` keeps Chromium's profile in the system's temporary folder."""
    killed_writer("folder", tmp_path / "chromium-profile", TMPDIR=str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    with leftovers.scratch_dir("chromium-profile") as profile:
        assert names(tmp_path) == [profile.name]
    assert names(tmp_path) == []


# -- the commands, killed for real ---------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A data folder with a synthetic graph large enough to kill a run in the middle."""
    root = scratch_data_dir(tmp_path_factory.mktemp("synthetic"))
    with open(root / "graph" / "synth.nt", "w", encoding="utf-8") as out:
        synth.generate(out, 40_000, seed=3)
    return root


def start(data: Path, *args: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "clusterkg", "--data-dir", str(data), *args]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def ours(folder: Path, run: subprocess.Popen | None = None) -> list[Path]:
    """The temporaries of clusterkg in ``folder`` (of the process ``run`` only, if given)."""
    if not folder.exists():
        return []
    found = [p for p in folder.iterdir() if leftovers.NAME.match(p.name)]
    return [p for p in found if run is None or f".{run.pid}." in p.name]


def size(path: Path) -> int:
    return path.stat().st_size if path.is_file() else sum(size(p) for p in path.iterdir())


@pytest.mark.synthetic
def test_a_killed_build_leaves_files_the_next_build_removes(synthetic, tmp_path):
    out = tmp_path / "build"
    earlier: list[Path] = []
    for _ in range(3):
        run = start(synthetic, "build", "--out", str(out))
        poll(lambda run=run: any(size(p) > 0 for p in ours(out, run)), what="build to stage")
        run.send_signal(signal.SIGKILL)
        run.wait()
        left = ours(out)
        assert left and all(f".clusterkg-tmp.{leftovers.HOST}.{run.pid}." in p.name for p in left)
        assert not any(p.exists() for p in earlier)  # even a run killed in turn removed them
        earlier = left
    result = CliRunner().invoke(cli, ["--data-dir", str(synthetic), "build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert names(out) == OUTPUTS


@pytest.mark.synthetic
def test_a_build_never_removes_the_files_of_a_build_still_running(synthetic, tmp_path):
    out = tmp_path / "build"
    first = start(synthetic, "build", "--out", str(out))
    poll(lambda: any(size(p) > 0 for p in ours(out)), what="build to stage its files")
    staged = ours(out)
    assert leftovers.sweep(out) == []  # what a second run does first
    assert all(p.exists() for p in staged)
    second = CliRunner().invoke(
        cli, ["--data-dir", str(synthetic), "build", "--out", str(out)]
    )  # a whole second build while the first is still at work
    assert second.exit_code == 0, second.output
    stdout, stderr = first.communicate(timeout=300)
    assert first.returncode == 0, stderr.decode()
    assert names(out) == OUTPUTS


@pytest.mark.synthetic
def test_a_killed_publish_leaves_a_folder_the_next_publish_removes(synthetic, tmp_path):
    site = tmp_path / "site"
    earlier: list[Path] = []
    for _ in range(2):
        run = start(synthetic, "publish", "--out", str(site))
        poll(
            lambda run=run: any((p / "id").exists() for p in ours(tmp_path, run)),
            what="publish to write pages",
        )
        run.send_signal(signal.SIGKILL)
        run.wait()
        left = ours(tmp_path)
        assert [p.name.rpartition(".")[0] for p in left] == [
            f".site.clusterkg-publishing.{leftovers.HOST}.{run.pid}"
        ]
        assert size(left[0]) > 0
        assert not any(p.exists() for p in earlier)
        earlier = left
    result = CliRunner().invoke(cli, ["--data-dir", str(synthetic), "publish", "--out", str(site)])
    assert result.exit_code == 0, result.output
    assert names(tmp_path) == ["site"]


@pytest.mark.synthetic
def test_a_publish_never_removes_the_site_another_publish_is_making(synthetic, tmp_path):
    first = start(synthetic, "publish", "--out", str(tmp_path / "one"))
    poll(lambda: any((p / "id").exists() for p in ours(tmp_path)), what="publish to write pages")
    result = CliRunner().invoke(
        cli, ["--data-dir", str(synthetic), "publish", "--out", str(tmp_path / "two")]
    )
    assert result.exit_code == 0, result.output
    stdout, stderr = first.communicate(timeout=300)
    assert first.returncode == 0, stderr.decode()
    assert names(tmp_path) == ["one", "two"]
    assert (tmp_path / "one" / "void.ttl").read_bytes() == (
        tmp_path / "two" / "void.ttl"
    ).read_bytes()


def test_publish_removes_an_old_site_a_killed_publish_was_deleting(tmp_path):
    """Replacing a site moves the old one aside, then deletes it: killed meanwhile, the old
    site stays beside the new one until the next publish."""
    site = tmp_path / "site"
    left = killed_writer("folder", site, "old")
    result = CliRunner().invoke(cli, ["publish", "--out", str(site)])
    assert result.exit_code == 0, result.output
    assert names(tmp_path) == ["site"]
    assert not left.exists()


def test_import_removes_what_a_killed_import_left(tmp_path):
    data = scratch_data_dir(tmp_path)
    for path in resources.graph_files():
        (data / "graph" / path.name).write_bytes(path.read_bytes())
    target = data / "graph" / "import-clusters.ttl"
    left = killed_writer("file", target)
    sheet = tmp_path / "clusters.csv"
    sheet.write_text(
        "name;name_en;lang;acronym;region;sector;coordinator;network;project;website;source_quote\n"
        "Mazowiecki Klaster Logistyczny;Mazovian Logistics Cluster;pl;MKL;Mazowsze;logistics;"
        "ppp-t;;;https://example.org/mkl;\n",
        encoding="utf-8",
    )
    source = "https://w3id.org/clusterkg/id/document/000-ba5de2e398bfb3f1"
    result = CliRunner().invoke(
        cli, ["--data-dir", str(data), "import", str(sheet), "--source", source]
    )
    assert result.exit_code == 0, result.output
    assert target.exists() and not left.exists()
    assert not [p for p in (data / "graph").iterdir() if p.name.startswith(".")]


# -- the store kept on disk ----------------------------------------------------------------

ACME = """
korg:acme a ckg:Enterprise ;
    skos:prefLabel "Acme"@en ;
    prov:wasDerivedFrom kdoc:000-ba5de2e398bfb3f1 ; ckg:evidence kev:acme .
kev:acme a ckg:Evidence ; prov:value "Acme"@en ; prov:wasQuotedFrom kdoc:000-ba5de2e398bfb3f1 ;
    ckg:status "stated" .
"""


@pytest.fixture
def kept(tmp_path, monkeypatch):
    """A data folder whose graph is kept on disk whatever its size, and its cache folder."""
    monkeypatch.setattr(persistent, "SMALL_BYTES", 0)
    root = scratch_data_dir(tmp_path)
    for path in resources.graph_files():
        (root / "graph" / path.name).write_bytes(path.read_bytes())
    return root, tmp_path / "cache"


def generations(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.glob("stores/*/gen-*") if p.is_dir())


def test_a_generation_a_killed_build_left_half_made_is_removed(kept):
    data, cache = kept
    persistent.open_graph(data_dir=data, cache_dir=cache)
    acme = data / "graph" / "acme.ttl"
    acme.write_text(PREFIXES + ACME, encoding="utf-8")
    script = f"""
        import os
        from clusterkg import persistent, store
        persistent.SMALL_BYTES = 0
        real = store.KnowledgeGraph.add_file
        def dying(self, path, graph=None):
            if path.name == "places.ttl":
                os._exit(9)
            return real(self, path, graph)
        store.KnowledgeGraph.add_file = dying
        persistent.open_graph(data_dir={str(data)!r}, cache_dir={str(cache)!r})
        """
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], capture_output=True)
    assert done.returncode == 9
    assert generations(cache) == ["gen-1", "gen-2"]  # gen-2: half made
    acme.unlink()  # the files are those of gen-1 again: no build will replace gen-2
    persistent.open_graph(data_dir=data, cache_dir=cache)
    assert generations(cache) == ["gen-1"]


def test_a_generation_a_killed_reader_held_is_removed(kept):
    data, cache = kept
    reader = child(
        f"""
        import time
        from clusterkg import persistent
        persistent.SMALL_BYTES = 0
        kg = persistent.open_graph(data_dir={str(data)!r}, cache_dir={str(cache)!r})
        print("ready", flush=True)
        time.sleep(60)
        """
    )
    try:
        (data / "graph" / "acme.ttl").write_text(PREFIXES + ACME, encoding="utf-8")
        persistent.open_graph(data_dir=data, cache_dir=cache)
        assert generations(cache) == ["gen-1", "gen-2"]  # gen-1 is read
        persistent.open_graph(data_dir=data, cache_dir=cache)
        assert generations(cache) == ["gen-1", "gen-2"]  # and still is
    finally:
        reader.send_signal(signal.SIGKILL)
        reader.wait()
    persistent.open_graph(data_dir=data, cache_dir=cache)
    assert generations(cache) == ["gen-2"]
