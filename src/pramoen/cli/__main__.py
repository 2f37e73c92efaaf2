"""``python -m pramoen.cli``."""

import sys

from . import main

sys.exit(main())
