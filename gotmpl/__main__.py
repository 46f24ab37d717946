"""`python -m gotmpl`: see gotmpl.cli."""

import sys

from .cli import main

sys.exit(main())
