"""The check-in pop-up, the red-flag checklist, and the PEG and PSFS forms."""
