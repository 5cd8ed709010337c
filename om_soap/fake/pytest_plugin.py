"""pytest plugin: the om_fake fixtures (registered by the pytest11 entry point)."""
