"""Regenerate the synthetic demo files in data/raw: `python -m pipelines.demo [--out DIR]`."""

from pipelines.demo.generate import main

main()
