"""Yardstick: a bare Django REST framework create on a table as wide as meldingen_melding, with no domain logic."""
