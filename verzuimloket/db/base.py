"""Django's PostgreSQL backend, with its batching kept under PostgreSQL's limit of parameters per statement.

With server-side binding (settings.py) a statement holds at most 65,535 parameters, and Django 5.2 knows such a
limit for Oracle and SQLite only: a bulk_update of a few thousand rows, a delete that collects many related rows
or an in_bulk of a long list would fail at runtime. Declaring the limit makes Django split those into batches.
It does not split a filter(...__in=list): cap such lists where they are built. See docs/adr/0004.
"""

from django.db.backends.postgresql import base, features, operations

MAX_PARAMETERS = 2**16 - 1


class DatabaseFeatures(features.DatabaseFeatures):
    max_query_params = MAX_PARAMETERS  # in_bulk batches by it


class DatabaseOperations(operations.DatabaseOperations):
    def bulk_batch_size(self, fields, objs):
        # Two parameters per field and row is enough for every caller: bulk_update passes [pk, pk, *fields] and
        # binds 1 + 2 × len(fields) per row (pk IN (...), and a WHEN pk THEN value per field); bulk_create binds
        # one per field and row at most; a delete one per row.
        if not fields:
            return len(objs)
        return max(1, MAX_PARAMETERS // (2 * len(fields)))


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
    ops_class = DatabaseOperations
