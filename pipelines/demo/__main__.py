"""Regenerate the synthetic demo files in data/raw: `python -m pipelines.demo [--out DIR]`.

`python -m pipelines.demo --scale N --out DIR` writes a raw folder N times the demo (pipelines.demo.scale);
add `--respondenter M --utvarderingar U` for U utvärderingar with M respondents per kommun.
"""

import argparse
import sys
from pathlib import Path

from pipelines.demo.generate import main


def scale_main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m pipelines.demo",
                                     description="Skriv en syntetisk rådatamapp N gånger demodatan.")
    parser.add_argument("--scale", type=int, default=1, help="hur många gånger demodatan (standard 1)")
    parser.add_argument("--respondenter", type=int, default=None, help="svarande per kommun (flera per kommun)")
    parser.add_argument("--utvarderingar", type=int, default=None, help="antal utvärderingar med flera svarande")
    parser.add_argument("--out", type=Path, required=True, help="mapp att skriva till")
    args = parser.parse_args(argv)
    if args.scale < 1 or (args.respondenter is not None and args.respondenter < 1):
        parser.error("--scale och --respondenter måste vara minst 1")
    from pipelines.demo.scale import write_scaled

    write_scaled(args.out, args.scale, respondenter=args.respondenter, utvarderingar=args.utvarderingar)
    print(f"Skrev syntetisk rådata ({args.scale} × demodatan) till {args.out}")


if {"--scale", "--respondenter", "--utvarderingar"} & {a.split("=")[0] for a in sys.argv[1:]}:
    scale_main(sys.argv[1:])
else:
    main()
