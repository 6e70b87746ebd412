"""Synthetic demo data shaped like what the stab receives (see data/raw/README.md)."""
