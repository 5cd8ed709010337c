"""Bundled WSDL snapshots (data). Installed as om_soap.wsdl_cache; see manifest.json."""
