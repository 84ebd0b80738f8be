"""``python -m trackcue`` runs the command line."""

from trackcue.cli import main

raise SystemExit(main())
