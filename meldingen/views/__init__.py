"""Browser views: the school's portal (school.py) and the gemeente's portal (gemeente.py)."""
