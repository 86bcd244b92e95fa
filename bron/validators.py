"""The 11-tests for persoonsgebonden nummers: BSN (localflavor) and onderwijsnummer (python-stdnum)."""

from django.core.exceptions import ValidationError
from localflavor.nl.validators import NLBSNFieldValidator
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.nl import onderwijsnummer

BSN = "bsn"
ONDERWIJSNUMMER = "onderwijsnummer"

_bsn_validator = NLBSNFieldValidator()


def is_geldig_bsn(nummer):
    try:
        _bsn_validator(nummer)
    except ValidationError:
        return False
    return True


def is_geldig_onderwijsnummer(nummer):
    if len(nummer) != 9 or not nummer.isdigit():
        return False
    try:
        onderwijsnummer.validate(nummer)
    except StdnumError:
        return False
    return True


def soort_nummer(nummer):
    """The kind of a valid persoonsgebonden nummer, or None when it passes neither 11-test.

    An onderwijsnummer always starts with 10 and fails the BSN test, so the two never overlap.
    """
    if is_geldig_bsn(nummer):
        return BSN
    if is_geldig_onderwijsnummer(nummer):
        return ONDERWIJSNUMMER
    return None


def valideer_persoonsgebonden_nummer(value):
    nummer = (value or "").strip()
    if not (len(nummer) == 9 and nummer.isdigit()):
        raise ValidationError("Een persoonsgebonden nummer bestaat uit precies 9 cijfers.", code="formaat")
    if soort_nummer(nummer) is None:
        raise ValidationError(
            "Dit nummer is geen geldig BSN of onderwijsnummer (de elfproef klopt niet).", code="elfproef"
        )
