"""Staged writes: every file is replaced or none is, and a cancelled write leaves nothing."""

from __future__ import annotations

import threading

import pytest

from clusterkg import atomic


def test_write_many_replaces_every_file(tmp_path):
    (tmp_path / "a.txt").write_text("old a")
    written = atomic.write_many(
        {
            tmp_path / "a.txt": b"new a",
            tmp_path / "b.txt": lambda out, staged: out.write(
                staged(tmp_path / "a.txt").read_bytes()
            ),
        }
    )
    assert written == [tmp_path / "a.txt", tmp_path / "b.txt"]
    assert (tmp_path / "a.txt").read_text() == "new a"
    assert (tmp_path / "b.txt").read_text() == "new a"  # a writer reads what came before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


def test_a_failing_writer_changes_nothing(tmp_path):
    (tmp_path / "a.txt").write_text("old a")

    def fail(out, _):
        out.write(b"half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        atomic.write_many({tmp_path / "a.txt": b"new a", tmp_path / "b.txt": fail})
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
    assert (tmp_path / "a.txt").read_text() == "old a"


def test_discard_removes_the_folders_it_made(tmp_path):
    staging = atomic.Staging()
    staging.write({tmp_path / "new" / "deeper" / "a.txt": b"a"})
    assert (tmp_path / "new" / "deeper").is_dir()
    staging.discard()
    assert list(tmp_path.iterdir()) == []


def test_committed_folders_stay(tmp_path):
    staging = atomic.Staging()
    staging.write({tmp_path / "new" / "a.txt": b"a"})
    staging.commit()
    staging.discard()
    assert (tmp_path / "new" / "a.txt").read_text() == "a"


def test_cancel_stops_a_writer_at_its_next_write(tmp_path):
    cancel = threading.Event()
    lines_written = []

    def endless(out, _):
        for n in range(1_000_000):
            if n == 10:
                cancel.set()  # as another thread would
            out.write(b"line\n")
            lines_written.append(n)

    staging = atomic.Staging()
    with pytest.raises(atomic.Cancelled):
        staging.write({tmp_path / "a.txt": endless}, cancel=cancel)
    assert len(lines_written) == 10
    staging.discard()
    assert list(tmp_path.iterdir()) == []


def test_cancel_stops_writelines(tmp_path):
    cancel = threading.Event()
    cancel.set()
    staging = atomic.Staging()
    with pytest.raises(atomic.Cancelled):
        staging.write(
            {tmp_path / "a.txt": lambda out, _: out.writelines(b"x\n" for _ in range(10))},
            cancel=cancel,
        )
    staging.discard()
    assert list(tmp_path.iterdir()) == []
