"""Shared by every area: help, the too-small notice, and the packed-choice widgets."""
