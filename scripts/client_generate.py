"""The Python client of clients/python, generated from the API's OpenAPI schema (docs/clients.md).

    python scripts/client_generate.py          # regenerate clients/python (``make client``)
    python scripts/client_generate.py --check  # exit 1 when the committed client is not what the schema generates

Steps: the schema as ``manage.py spectacular`` writes it (development settings, as ``make run``
serves it), then ``openapi-python-client generate`` (pinned in requirements-dev.txt) with
clients/python/generator.yml, its post hooks (ruff fix and format) run with this venv's ruff. The
generated tree replaces clients/python except the hand-written files (``HAND_WRITTEN``). ``--check``
generates into a temporary directory and compares every file (tests/test_client_generated.py).
"""

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLIENT = ROOT / "clients" / "python"
CONFIG = CLIENT / "generator.yml"
# Files of clients/python written by hand: kept on regeneration, not compared by --check.
HAND_WRITTEN = frozenset({"generator.yml", "caas_client/helpers.py", "tests"})
BIN = Path(sys.executable).parent


def _environ() -> dict[str, str]:
    environ = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.development")
    environ["PATH"] = f"{BIN}{os.pathsep}{environ.get('PATH', '')}"  # the post hooks' ruff: this venv's
    return environ


def generate(into: Path) -> None:
    """The client the schema generates, written into ``into`` (which must not exist)."""
    with tempfile.TemporaryDirectory(prefix="caas-schema-") as tmp:
        schema = Path(tmp) / "schema.yaml"
        subprocess.run(  # noqa: S603 - our own command line
            [sys.executable, "manage.py", "spectacular", "--file", str(schema)],
            cwd=ROOT,
            env=_environ(),
            check=True,
            capture_output=True,
        )
        subprocess.run(  # noqa: S603 - our own command line
            [
                str(BIN / "openapi-python-client"),
                "generate",
                "--path",
                str(schema),
                "--config",
                str(CONFIG),
                "--meta",
                "uv",
                "--output-path",
                str(into),
            ],
            cwd=tmp,
            env=_environ(),
            check=True,
            capture_output=True,
        )


def _kept(path: Path, base: Path) -> bool:
    relative = path.relative_to(base).as_posix()
    return any(relative == kept or relative.startswith(kept + "/") for kept in HAND_WRITTEN)


def _files(base: Path) -> set[str]:
    return {
        path.relative_to(base).as_posix()
        for path in base.rglob("*")
        if path.is_file() and not _kept(path, base) and not {"__pycache__", ".ruff_cache"} & set(path.parts)
    }


def differences(generated: Path, committed: Path) -> list[str]:
    """What differs between the two trees (hand-written files aside): files missing, extra, changed."""
    ours, theirs = _files(generated), _files(committed)
    changed = [
        name for name in sorted(ours & theirs) if not filecmp.cmp(generated / name, committed / name, shallow=False)
    ]
    return (
        [f"missing: {name}" for name in sorted(ours - theirs)]
        + [f"not generated: {name}" for name in sorted(theirs - ours)]
        + [f"changed: {name}" for name in changed]
    )


def replace(generated: Path, committed: Path) -> None:
    """``committed`` becomes ``generated``, its hand-written files kept."""
    for name in _files(committed):
        (committed / name).unlink()
    for name in _files(generated):
        target = committed / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(generated / name, target)
    for directory in sorted((p for p in committed.rglob("*") if p.is_dir()), reverse=True):
        if not any(directory.iterdir()):
            directory.rmdir()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="caas-client-") as tmp:
        generated = Path(tmp) / "out"
        generate(generated)
        if args.check:
            found = differences(generated, CLIENT)
            if found:
                print("clients/python differs from what the schema generates (run `make client`):", file=sys.stderr)
                print("\n".join(found), file=sys.stderr)
                return 1
            print("clients/python is what the schema generates")
            return 0
        replace(generated, CLIENT)
    print(f"regenerated {CLIENT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
