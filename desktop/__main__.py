"""`python -m desktop`: the command line; with no command it opens the GUI."""

from desktop.cli import main

raise SystemExit(main())
