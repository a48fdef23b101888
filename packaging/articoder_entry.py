"""The bundled program's entry point: the `articoder` command, as the console script runs it.

PyInstaller starts here (packaging/articoder.spec); the installed wheel uses the
`[project.scripts]` entry instead. Both call articoder.cli.main.
"""

import multiprocessing
import sys

from articoder.cli import main

if __name__ == "__main__":
    # A frozen program that starts worker processes must let them run their own code, not
    # this command line again (a no-op where nothing uses multiprocessing).
    multiprocessing.freeze_support()
    sys.exit(main())
