"""Pagination of the meldingen lists that counts only as far as the user can page (docs/performance.md)."""

import sys

from django.core.paginator import Paginator
from django.utils.functional import cached_property

# How many rows past the start of the requested page are counted. An exact COUNT(*) reads every matching index
# entry: for a large gemeente's inbox (Amsterdam: 38,000 meldingen in two school years) it was 2 of the page's
# 5 ms of database CPU on every request, for a total nobody pages through. The werkvoorraad has the exact counts.
VOORUIT = 1000


class BegrensdePaginator(Paginator):
    """A Paginator whose count stops `vooruit` rows past the requested page's first row.

    Below that the count and the number of pages are exact, as with Django's Paginator. Above it `meer` is True and
    `count` is one more than `grens`: the page then says "more than" (`grens` rows, `paginas_minstens` pages) and
    Volgende still leads on. A later page counts as far again from its own first row, so every page stays reachable.
    """

    def __init__(self, object_list, per_page, *, vooruit=None):
        super().__init__(object_list, per_page)
        self.vooruit = VOORUIT if vooruit is None else vooruit
        self.grens = max(self.vooruit, self.per_page)

    def get_page(self, number):
        try:
            nummer = int(number)
        except (TypeError, ValueError):
            nummer = 1  # Django's get_page shows the first page for these too
        # Django shows the last page for 0 and below, which would mean counting everything: the first page here. A
        # number so large that the LIMIT would not fit PostgreSQL's bigint counts everything: Django's last page.
        nummer = min(max(nummer, 1), (sys.maxsize - max(self.vooruit, self.per_page)) // self.per_page)
        # At least the page after this one, so Volgende and "meer dan" are right for any `vooruit`.
        self.grens = (nummer - 1) * self.per_page + max(self.vooruit, self.per_page)
        return super().get_page(nummer)

    @cached_property
    def count(self):
        # Without the ordering: the count needs no sort, and the partial index answers it on its own.
        return self.object_list.order_by()[: self.grens + 1].count()

    @property
    def meer(self):
        """True when more rows exist than were counted: `count` and `num_pages` are then lower bounds."""
        return self.count > self.grens

    @property
    def paginas_minstens(self):
        """With `meer`: the number of pages there are at least."""
        return self.grens // self.per_page
