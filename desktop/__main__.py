"""`python -m desktop`: the command line; with no command it opens the GUI."""

from desktop.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
