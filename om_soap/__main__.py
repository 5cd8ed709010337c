"""``python -m om_soap`` is the ``om-soap`` command."""
import sys

from .cli import main

sys.exit(main())
