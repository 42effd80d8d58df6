"""Writes to the registry: each agency's statement about a person with its identifiers; the
vehicles, organisations and addresses it records; the links it states between them."""

from nncc.registry.services.links import (
    LINKABLE,
    LinkData,
    link_delete,
    link_record,
    link_snapshot,
    link_update,
    links_of,
)
from nncc.registry.services.objects import (
    AddressData,
    OrganisationData,
    VehicleData,
    address_delete,
    address_record,
    address_update,
    organisation_delete,
    organisation_record,
    organisation_update,
    vehicle_delete,
    vehicle_record,
    vehicle_update,
)
from nncc.registry.services.persons import (
    IdentifierData,
    PersonData,
    person_delete,
    person_record,
    person_snapshot,
    person_update,
)

__all__ = [
    "LINKABLE",
    "AddressData",
    "IdentifierData",
    "LinkData",
    "OrganisationData",
    "PersonData",
    "VehicleData",
    "address_delete",
    "address_record",
    "address_update",
    "link_delete",
    "link_record",
    "link_snapshot",
    "link_update",
    "links_of",
    "organisation_delete",
    "organisation_record",
    "organisation_update",
    "person_delete",
    "person_record",
    "person_snapshot",
    "person_update",
    "vehicle_delete",
    "vehicle_record",
    "vehicle_update",
]
