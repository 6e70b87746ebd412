"""`python -m pipelines [--raw DIR] [--db PATH] [--strict] [--force]`: build the curated database.

When nothing changed since the last build, the quick check (pipelines.fingerprint) says so before the build's
heavy libraries are imported; otherwise the build itself checks and, if needed, builds.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipelines.fingerprint import unchanged_message, unchanged_raw_dir
from pipelines.settings import setting


def main(argv: list[str] | None = None) -> int:
    raw_default, db_default = setting("raw_dir"), setting("db_path")
    raw_default_text = f"{raw_default} med de importerade filerna som senast publicerades"
    parser = argparse.ArgumentParser(prog="python -m pipelines", description="Bygg den kurerade databasen från rådata.")
    parser.add_argument("--raw", type=Path, default=None,
                        help=f"mapp med rådata (standard: {raw_default_text})")
    parser.add_argument("--db", type=Path, default=db_default, help=f"databasfil att publicera (standard: {db_default})")
    parser.add_argument("--strict", action="store_true", help="avbryt bygget om någon rad avvisas")
    parser.add_argument("--force", action="store_true", help="bygg om även om inget ändrats")
    args = parser.parse_args(argv)
    if not args.force and unchanged_raw_dir(args.db, args.raw) is not None:
        print(unchanged_message(args.db))
        return 0
    from pipelines.build import BuildError, run
    from pipelines.imports import active_raw_dir

    try:
        run(args.raw or active_raw_dir(), args.db, strict=args.strict, force=args.force)
    except BuildError as error:
        print(f"FEL: {error}\nDen publicerade databasen är oförändrad.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
