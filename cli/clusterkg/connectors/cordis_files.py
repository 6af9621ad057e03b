"""The files of a CORDIS projects dataset, in the zip users download or in a folder they
unpacked it to: the XML dataset's project files, or the CSV dataset's project.csv and
organization.csv. A path that holds neither is an ``InputError`` saying what was expected."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import IO

from clusterkg.errors import InputError

__all__ = ["DatasetFiles", "some"]


class DatasetFiles:
    """The files of a dataset in a zip or a folder: their names (``/``-separated, relative to
    the zip or folder) and contents."""

    def __init__(self, path: Path, folder: Path | None, archive: zipfile.ZipFile | None):
        self.path, self.folder, self.archive = path, folder, archive
        self.names: list[str] = []
        self.xml: list[str] = []
        self.csv: dict[str, str] = {}  # "project.csv" / "organization.csv" -> name

    @classmethod
    def open(cls, path: Path) -> DatasetFiles:
        expected = (
            "give the CORDIS projects dataset as downloaded (cordis-HORIZONprojects-xml.zip, "
            "cordis-h2020projects-csv.zip, ...) or unpacked into a folder"
        )
        if path.is_dir():
            files = cls(path, path, None)
            files.names = sorted(
                Path(root, name).relative_to(path).as_posix()
                for root, _dirs, names in os.walk(path)
                for name in names
            )
        elif path.is_file() and zipfile.is_zipfile(path):
            try:
                archive = zipfile.ZipFile(path)
            except (OSError, zipfile.BadZipFile) as error:
                raise InputError(f"{path}: cannot open the zip ({error}); {expected}") from error
            files = cls(path, None, archive)
            files.names = [info.filename for info in archive.infolist() if not info.is_dir()]
        elif path.is_file() and path.suffix.lower() in (".xml", ".csv"):
            files = cls(path, path.parent, None)  # one project file, or a file of the CSV set
            files.names = [path.name]
            if path.suffix.lower() == ".csv":
                files.names = sorted(p.name for p in path.parent.glob("*.csv"))
        elif path.exists():
            raise InputError(f"{path}: neither a zip nor a folder; {expected}")
        else:
            raise InputError(f"{path}: no such file or folder; {expected}")
        files.classify()
        if files.csv and len(files.csv) < 2:
            (has,) = files.csv
            lacks = "organization.csv" if has == "project.csv" else "project.csv"
            files.close()
            raise InputError(
                f"{path}: has {has} but no {lacks}; the CORDIS CSV dataset has both: "
                "read the whole zip, or a folder holding both files"
            )
        if not files.csv and not files.xml:
            files.close()
            raise InputError(
                f"{path}: not a CORDIS projects dataset: expected project.csv and "
                "organization.csv (the CSV dataset) or one XML file per project (the XML "
                f"dataset), found {some(files.names) or 'no files'}; {expected}"
            )
        return files

    def classify(self) -> None:
        """Sort the names into the XML dataset's project files and the CSV dataset's two."""
        for name in self.names:
            base = name.rsplit("/", 1)[-1]
            if base.startswith(".") or name.startswith("__MACOSX/"):
                continue
            if base.lower() in ("project.csv", "organization.csv"):
                self.csv.setdefault(base.lower(), name)
            elif base.lower().endswith(".xml"):
                self.xml.append(name)

    def size(self, name: str) -> int:
        if self.archive is not None:
            return self.archive.getinfo(name).file_size
        assert self.folder is not None
        return (self.folder / name).stat().st_size

    def read_bytes(self, name: str) -> bytes:
        if self.archive is not None:
            return self.archive.read(name)
        assert self.folder is not None
        return (self.folder / name).read_bytes()

    def open_binary(self, name: str) -> IO[bytes]:
        if self.archive is not None:
            return self.archive.open(name)
        assert self.folder is not None
        return open(self.folder / name, "rb")

    def close(self) -> None:
        if self.archive is not None:
            self.archive.close()

    def __enter__(self) -> DatasetFiles:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def some(names: list[str], n: int = 5) -> str:
    shown = ", ".join(names[:n])
    return shown + (f" and {len(names) - n} more" if len(names) > n else "")
