"""What every signature on the record must pass before it is written: a sign-off of change
control and a periodic review alike. The refusal of any workflow step is a WorkflowError."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docversion.errors import InvalidInputError
from docversion.i18n import _
from docversion.workflow.events import SignOff
from docversion.workflow.proof import signoff_problem
from docversion.workflow.signing import sign

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from docversion.workflow.trust import TrustLog


class WorkflowError(InvalidInputError):
    """An action the workflow's rules refuse (exit 5); nothing is written."""


def checked_signoff(signoff: SignOff, trust: TrustLog, key: Ed25519PrivateKey | None) -> SignOff:
    """``signoff`` signed with ``key`` when given, once the trust log allows it: a key needs a trust
    root, a damaged trust log signs nothing, and under a root the key must be trusted for the
    signer's name and role."""
    if key is not None:
        if not trust.is_rooted:
            raise WorkflowError(_("the store has no trust root, so no key is trusted and a signature "
                                  "would prove nothing"), field="--key",
                                hint=_("sign without --key, or have an administrator start the trust "
                                       "log: docversion trust init --admin-key KEY --admin NAME"))
        signoff = sign(signoff, key)
    if trust.problems:
        raise WorkflowError(_("the trust log is damaged ({problem}): nothing is signed until it is "
                              "repaired").format(problem=trust.problems[0]), field="trust",
                            hint=_("run docversion verify"))
    if trust.is_rooted:
        problem = signoff_problem(signoff, trust.state)
        if problem is not None:
            raise WorkflowError(_("the sign-off of {name} as {role} is refused: {problem}").format(
                                    name=signoff.name, role=signoff.role, problem=problem), field="--key",
                                hint=_("sign with your own key, registered for this role by an "
                                       "administrator (docversion keys add)"))
    return signoff
