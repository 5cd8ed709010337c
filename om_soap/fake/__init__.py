"""The OpenMeetings fake."""
