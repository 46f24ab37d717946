"""`python -m gotmpl`: see gotmpl.cli."""

import sys

from gotmpl.cli import main

sys.exit(main())
