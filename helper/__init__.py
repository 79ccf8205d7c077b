"""Saring: checks a social-media draft against the Ministry of Health circular, locally."""

__version__ = "0.1.0"
