"""`python -m webhook`: see webhook.cli."""

import sys

from webhook.cli import main

sys.exit(main())
