"""The folders the cold starts import from: the SAM build as shipped, the same without bytecode, the
floor's and the peer's code, each compiled the way the build compiles (unchecked-hash pycs)."""

from __future__ import annotations

import compileall
import io
import py_compile
import shutil
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

from benchmarks.scenarios import PROJECT_ROOT

BENCHMARKS_DIR = PROJECT_ROOT / "benchmarks"
# What the peer needs beyond the layer (pydantic and the core come from the layer, as for the functions).
PEER_DISTRIBUTIONS = ("fastapi", "mangum")
# What Lambda's Python runtime provides beside the layer, and the clinic store uses.
RUNTIME_SDK_DISTRIBUTIONS = ("boto3",)


@dataclass(frozen=True)
class ArtifactSize:
    files: int
    unzipped_bytes: int
    zipped_bytes: int


def compile_unchecked(folder: Path) -> None:
    """Unchecked-hash pycs, as shared/Makefile writes them for Lambda."""
    compileall.compile_dir(
        folder, quiet=1, workers=0, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH
    )


def without_bytecode(build_dir: Path, target: Path) -> Path:
    """A copy of the build with every pyc removed: what SAM's own python3.13 builder ships."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(build_dir, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target


def code_copy(source: Path, target: Path, *, bytecode: bool) -> Path:
    """The floor's or the peer's own modules, compiled like a function folder when `bytecode`."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    if bytecode:
        compile_unchecked(target)
    return target


def _distribution_closure(roots: tuple[str, ...], provided: set[str]) -> list[metadata.Distribution]:
    """The installed distributions `roots` need (no extras), minus those the layer already provides."""
    seen: dict[str, metadata.Distribution] = {}
    pending = list(roots)
    while pending:
        name = pending.pop()
        key = _normalise(name)
        if key in seen or key in provided:
            continue
        distribution = metadata.distribution(name)
        seen[key] = distribution
        for line in distribution.requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                pending.append(requirement.name)
    return list(seen.values())


def _normalise(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


def peer_dependencies(layer_dir: Path, target: Path, *, bytecode: bool) -> Path:
    """FastAPI, Mangum and what they need, copied from the locked environment (same platform and Python
    as the build), so the peer's cold start imports them from a folder as the functions import theirs."""
    return dependencies_beyond_layer(PEER_DISTRIBUTIONS, layer_dir, target, bytecode=bytecode)


def runtime_sdk(layer_dir: Path, target: Path, *, bytecode: bool) -> Path:
    """boto3 and what it needs, as Lambda's runtime puts them on the path after the layer."""
    return dependencies_beyond_layer(RUNTIME_SDK_DISTRIBUTIONS, layer_dir, target, bytecode=bytecode)


def dependencies_beyond_layer(
    roots: tuple[str, ...], layer_dir: Path, target: Path, *, bytecode: bool
) -> Path:
    """The distributions `roots` need that the layer lacks, copied from the locked environment."""
    provided = {_normalise(path.name.split("-")[0]) for path in layer_dir.glob("*.dist-info")}
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for distribution in _distribution_closure(roots, provided):
        for file in distribution.files or []:
            if "__pycache__" in file.parts or file.parts[0].startswith(".."):
                continue
            source = Path(str(distribution.locate_file(file)))
            if source.is_file():
                destination = target / file
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, destination)
    if bytecode:
        compile_unchecked(target)
    return target


def artifact_size(folder: Path) -> ArtifactSize:
    """Files and bytes as shipped, and the size of the zip `sam deploy` uploads (deflate)."""
    files = sorted(path for path in folder.rglob("*") if path.is_file())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            archive.write(path, path.relative_to(folder))
    return ArtifactSize(
        files=len(files),
        unzipped_bytes=sum(path.stat().st_size for path in files),
        zipped_bytes=buffer.getbuffer().nbytes,
    )
