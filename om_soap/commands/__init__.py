"""The client subcommands of ``om-soap`` (one module each: ``add_arguments`` and ``run``).

``common`` holds the connection options every subcommand shares.
"""
