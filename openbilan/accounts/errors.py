"""Errors the accounts domain raises, each with a translated message for the person."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class RoleOrganisationMismatch(ValidationError):
    def __init__(self, role: str, kind: str):
        super().__init__(
            _("Le rôle « %(role)s » ne peut pas être donné dans une organisation de type « %(kind)s »."),
            code="role_organisation_mismatch",
            params={"role": role, "kind": kind},
        )


class ProposalRefused(ValidationError):
    MESSAGES = {
        "email_taken": _(
            "Cette adresse e-mail est déjà celle d'un autre compte : le changement n'est pas fait. Refusez la "
            "proposition, ou écrivez à l'organisme qui l'a faite."
        ),
        "decided": _("Vous avez déjà répondu à cette proposition."),
    }

    def __init__(self, code: str):
        super().__init__(self.MESSAGES[code], code=code)
