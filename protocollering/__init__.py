"""Protocollering: the append-only log of every access to pupil data (who, what, when, why, result)."""
