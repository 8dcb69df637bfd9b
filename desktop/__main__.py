"""`python -m desktop`: the command line; with no command it opens the GUI."""

import multiprocessing

from desktop.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the merge's helper process, in a frozen (PyInstaller) build
    raise SystemExit(main())
