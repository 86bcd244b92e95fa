"""The autorisatiematrix: which role grants which object permission on which kind of organisation."""

from gemeenten.models import Gemeente, Rbl
from scholen.models import Vestiging

from .models import Rol

# rol -> (organisation models the role can be held on, permission codename). None: a loket role.
ROL_PERMISSIE = {
    Rol.MELDER: ((Vestiging,), "melden"),
    Rol.BEHEERDER_ONDERWIJS: ((Vestiging,), "beheren_onderwijs"),
    Rol.LEERPLICHTAMBTENAAR: ((Gemeente, Rbl), "behandelen"),
    Rol.GEMEENTE_BEHEERDER: ((Gemeente,), "beheren_gemeente"),
    Rol.BOA: ((Gemeente,), "boa"),
    Rol.LOKET_BEHEER: None,
    Rol.PRIVACY_OFFICER: None,
}

LOKET_ROLLEN = {rol for rol, spec in ROL_PERMISSIE.items() if spec is None}
