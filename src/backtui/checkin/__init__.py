"""Body signals: check-ins, red-flag triage, and measures (PEG, PSFS, usual pain)."""
