"""Generic permission-matrix tests: one expected answer for every persona, record and action.

A concrete test class names a model, its URL names (web UI) or path (API), how to make a record
owned by an agency with a handling code, and valid data to create and edit one. It inherits one
test per persona × record × action, each asserting the answer of the expected-answers table in
``docs/conventions-for-contributors.md``:

- anonymous and disabled users are sent to the login page (UI) or get 401 (API);
- a record the user may not see answers 404 on every action, and is not listed;
- a record the user sees but may not change answers 403 on edit and delete;
- writers of the owning agency create and edit, its supervisors and admins delete;
- the owning agency and the creator always come from the session, never from the input.

Who may see and do what is written out in ``rules`` as literal tables (``VISIBLE``,
``EDITORS``, ``DELETERS``…), not computed by the access code under test, so a change to the
rule makes these tests fail.

The parts:

- ``people``: ``make_user``, the personas, and ``World`` (three agencies and their people);
- ``rules``: the expected answers;
- ``matrix``: ``PermissionMatrix``, the parametrisation every matrix shares;
- ``ui``: ``UIMatrix`` (list, detail, create, edit, delete pages) and ``ReferencePage``;
- ``api``: ``APIMatrix`` (an operational endpoint) and ``ReadOnlyAPIMatrix`` (reference data);
- ``audit``: ``AuditTrailPages`` and ``AuditTrailAPI`` (who reads which audit entries);
- ``reports``: ``FiguresMatrix`` (a report counts only what its reader may see);
- ``forms`` and ``clients``: filling in forms as a browser does, signed-in test clients.

Example::

    class TestSeizurePages(UIMatrix):
        model = SeizureEvent
        namespace, thing = "intake", "seizure"
        joint = True
        edit_field, edit_value = "summary", "Edited by the matrix."

        def make_object(self, world, agency, handling_code, partner=None): ...
        def create_values(self, world, agency): ...  # what a user types into the form

A matrix class whose routes do not exist yet is skipped at collection ("endpoint not built
yet"). Agencies and users are reached through the app registry, so the kernel imports none of
the apps built on it.
"""

from nncc.kernel.testing.api import APIMatrix, ReadOnlyAPIMatrix
from nncc.kernel.testing.audit import AuditTrailAPI, AuditTrailMatrix, AuditTrailPages
from nncc.kernel.testing.clients import (
    api_client,
    assert_api_answer,
    assert_ui_answer,
    context_rows,
    ui_client,
)
from nncc.kernel.testing.forms import browser_data, fill, form_data, form_errors
from nncc.kernel.testing.matrix import PermissionMatrix
from nncc.kernel.testing.people import PERSONA, PERSONAS, Persona, World, make_user, owner_of
from nncc.kernel.testing.reports import FiguresMatrix
from nncc.kernel.testing.rules import (
    AUDIT_VISIBLE,
    COUNTED,
    CREATORS,
    DELETERS,
    EDITORS,
    JOINT,
    KILOGRAMS,
    RESTRICTED,
    SHARED,
    SOURCE_RESTRICTED,
    VISIBLE,
    Outcome,
    audit_outcome,
    expected_outcome,
)
from nncc.kernel.testing.ui import ReferencePage, UIMatrix

__all__ = [
    "AUDIT_VISIBLE",
    "COUNTED",
    "CREATORS",
    "DELETERS",
    "EDITORS",
    "JOINT",
    "KILOGRAMS",
    "PERSONA",
    "PERSONAS",
    "RESTRICTED",
    "SHARED",
    "SOURCE_RESTRICTED",
    "VISIBLE",
    "APIMatrix",
    "AuditTrailAPI",
    "AuditTrailMatrix",
    "AuditTrailPages",
    "FiguresMatrix",
    "Outcome",
    "PermissionMatrix",
    "Persona",
    "ReadOnlyAPIMatrix",
    "ReferencePage",
    "UIMatrix",
    "World",
    "api_client",
    "assert_api_answer",
    "assert_ui_answer",
    "audit_outcome",
    "browser_data",
    "context_rows",
    "expected_outcome",
    "fill",
    "form_data",
    "form_errors",
    "make_user",
    "owner_of",
    "ui_client",
]
