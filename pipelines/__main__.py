"""`python -m pipelines [--raw DIR] [--db PATH] [--strict] [--force]`: build the curated database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipelines.build import BuildError, default_paths, run
from pipelines.imports import active_raw_dir


def main(argv: list[str] | None = None) -> int:
    raw_default, db_default = default_paths()
    raw_default_text = f"{raw_default} med de importerade filerna som senast publicerades"
    parser = argparse.ArgumentParser(prog="python -m pipelines", description="Bygg den kurerade databasen från rådata.")
    parser.add_argument("--raw", type=Path, default=None,
                        help=f"mapp med rådata (standard: {raw_default_text})")
    parser.add_argument("--db", type=Path, default=db_default, help=f"databasfil att publicera (standard: {db_default})")
    parser.add_argument("--strict", action="store_true", help="avbryt bygget om någon rad avvisas")
    parser.add_argument("--force", action="store_true", help="bygg om även om inget ändrats")
    args = parser.parse_args(argv)
    try:
        run(args.raw or active_raw_dir(), args.db, strict=args.strict, force=args.force)
    except BuildError as error:
        print(f"FEL: {error}\nDen publicerade databasen är oförändrad.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
