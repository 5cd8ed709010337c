"""The SOAP side: :class:`~om_soap.soap.client.OpenMeetingsClient` = the facade + the SOAP
dialects, over zeep (see docs/architecture.md for the modules and their order)."""
