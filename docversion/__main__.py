"""``python -m docversion`` runs the command line."""

from docversion.cli import main

main()
