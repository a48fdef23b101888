"""`python -m articoder` is the `articoder` command."""

import sys

from articoder.cli import main

sys.exit(main())
