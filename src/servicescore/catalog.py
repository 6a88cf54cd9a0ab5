"""Where shipped checklists and continua live, and how references to them resolve.

A reference is either an id of a shipped file (``profit-through-service``) or a path
relative to the file that makes it (``../checklists/ours.yaml``): anything with a path
separator or a ``.yaml``/``.yml`` ending is a path.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path, PurePath

YAML_SUFFIXES = (".yaml", ".yml")


def shipped_dir() -> Path:
    """The folder of shipped YAML: inside the installed package, or the source checkout's."""
    packaged = Path(__file__).resolve().parent / "checklists"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "checklists"


def is_path_reference(reference: str) -> bool:
    return "/" in reference or os.sep in reference or reference.endswith(YAML_SUFFIXES)


def resolve(reference: str, relative_to: Path) -> Path | None:
    """The file a reference names, or None for an id that nothing ships under."""
    if is_path_reference(reference):
        return relative_to.parent / reference
    return _shipped(reference)


def checklist_option(value: Path) -> Path:
    """The file ``--checklist VALUE`` names: a file, or a shipped id as in a
    ``checklist:`` key (a path wins where a file of that name exists)."""
    from servicescore.problems import UsageError

    reference = str(value)
    if is_path_reference(reference) or os.path.exists(value):
        return value
    shipped = _shipped(reference)
    if shipped is None:
        raise UsageError(
            f"{reference}: no such file, and no shipped checklist has that id "
            "(`servicescore checklists` lists them)"
        )
    return shipped


def reference_from(reference: str, answers_file: Path) -> str:
    """``reference`` as ``answers_file`` must write it to name the same checklist, the
    inverse of :func:`resolve`: a shipped id stays an id, a path becomes relative to
    ``answers_file``'s folder (where references resolve)."""
    if not is_path_reference(reference):
        return reference
    relative = path_from(reference, answers_file)
    # A bare name without a YAML ending would read as a shipped id.
    return relative if is_path_reference(relative) else f"./{relative}"


def path_from(path: str, written: PurePath) -> str:
    """How a file written to ``written`` names the file at ``path`` (from the working
    directory): relative to ``written``'s folder, so that it stays true wherever the
    file is read from; absolute where no relative path leads there (another drive)."""
    # Real folders: the file lands in a symlinked folder's target, where `..` leads. The
    # named file's own name stays, a link to "the current version" included.
    folder = os.path.realpath(written.parent)
    source = Path(path).absolute()
    real = os.path.join(os.path.realpath(source.parent), source.name)
    try:
        return Path(os.path.relpath(real, folder)).as_posix()
    except ValueError:  # on another drive than the folder
        return Path(real).as_posix()


def reference_to(path: str, ident: str, answers_file: Path) -> str:
    """How an answers file written to ``answers_file`` names the checklist ``ident``
    loaded from ``path``: by its id where that is the shipped checklist of the id, else
    by a path relative to ``answers_file``'s folder."""
    shipped = _shipped(ident)
    if shipped is not None and os.path.realpath(shipped) == os.path.realpath(path):
        return ident
    # A bare file name is a path here, whatever its ending.
    return reference_from(path if is_path_reference(path) else f"./{path}", answers_file)


@functools.lru_cache(maxsize=64)
def _shipped(ident: str) -> Path | None:
    candidate = shipped_dir() / f"{ident}.yaml"
    try:
        return candidate if candidate.is_file() else None
    except OSError:  # a name too long for the file system
        return None


def is_folder(path: Path) -> bool:
    """Whether ``path`` is a folder; False where the system will not tell (a name too
    long, a folder it may not look into): reading it as a file then reports why."""
    try:
        return path.is_dir()
    except OSError:
        return False


def is_missing(path: Path) -> bool:
    """Whether nothing is at ``path``; False where the system refuses to tell, so that
    reading it reports the system's own reason instead of "no such file"."""
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except OSError:
        return False
    return False


def shipped_ids(kind: str | None = None) -> list[str]:
    """The ids of the shipped files, of one ``kind`` (checklist, continuum) if given."""
    from servicescore.yamlfile import document_kind, read_file

    paths = sorted(shipped_dir().glob("*.yaml"))
    return [
        path.stem for path in paths if kind is None or document_kind(read_file(path).root) == kind
    ]


# Folders a directory walk never enters: other tools' caches and installed packages,
# whose YAML is theirs (a virtual environment is told by its pyvenv.cfg, whatever its name).
_NOT_WALKED = ("node_modules", "__pycache__")


def _walked(folder: str, name: str) -> bool:
    if name.startswith(".") or name in _NOT_WALKED:
        return False
    return not os.path.exists(os.path.join(folder, name, "pyvenv.cfg"))


def yaml_files(directory: Path, refused: list[OSError]) -> list[Path]:
    """Every ``*.yaml``/``*.yml`` file below ``directory``, in a stable order, outside
    hidden folders and virtual environments (``directory`` itself is always walked).

    A folder the system will not list is added to ``refused`` (the error names it): a
    walk that passed over it in silence would report on part of the files as if all.
    """
    found: list[str] = []
    for folder, folders, files in os.walk(directory, onerror=refused.append):
        folders[:] = [name for name in folders if _walked(folder, name)]
        found.extend(os.path.join(folder, name) for name in files if name.endswith(YAML_SUFFIXES))
    return [Path(name) for name in sorted(found)]
