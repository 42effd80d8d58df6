"""Controlled vocabularies of a seizure report (UNODC IDS, CNSA 1997)."""

from django.db import models


class PlaceType(models.TextChoices):
    """UNODC IDS "Physical Seizure Location"."""

    AIRPORT = "airport", "Airport"
    SEAPORT = "seaport", "Seaport / riverport / harbour"
    DRY_PORT = "dry_port", "Dry port / border crossing"
    ROAD = "road", "Road / street / highway"
    POST_OFFICE = "post_office", "Post office"
    RESIDENCE = "residence", "Private dwelling / residence"
    WAREHOUSE = "warehouse", "Warehouse"
    COMMERCIAL = "commercial", "Commercial premises"
    TERRITORIAL_WATERS = "territorial_waters", "Territorial waters"
    INTERNATIONAL_WATERS = "international_waters", "International waters"
    OPEN_GROUND = "open_ground", "Open ground / mountains / desert"
    OTHER = "other", "Other"


class TransportMode(models.TextChoices):
    """UNODC IDS "Trafficking Mode of Transportation"."""

    AIRPLANE = "airplane", "Airplane"
    VESSEL = "vessel", "Vessel / boat"
    TRUCK = "truck", "Truck / lorry / van"
    CAR = "car", "Car / motorcycle"
    POSTAL = "postal", "Postal / mail / express parcel"
    TRAIN_BUS = "train_bus", "Train / bus"
    PEDESTRIAN = "pedestrian", "On foot / animal"
    NONE = "none", "None (stored / cultivated)"
    OTHER = "other", "Other"


class Concealment(models.TextChoices):
    BAGGAGE = "baggage", "In baggage"
    BODY = "body", "On the body"
    INGESTED = "ingested", "Ingested / internal"
    VEHICLE_CAVITY = "vehicle_cavity", "Vehicle cavity / secret compartment"
    CARGO = "cargo", "Mixed in cargo"
    FUEL_TANK = "fuel_tank", "Fuel tank"
    PARCEL = "parcel", "Parcel / letter"
    PREMISES = "premises", "Hidden in premises"
    NONE = "none", "Not concealed"
    OTHER = "other", "Other"


class RouteRole(models.TextChoices):
    ORIGIN = "origin", "Origin"
    TRANSIT = "transit", "Transit"
    DESTINATION = "destination", "Destination"


class ArrestRole(models.TextChoices):
    COURIER = "courier", "Courier / carrier"
    DRIVER = "driver", "Driver"
    OWNER = "owner", "Owner of the goods"
    FINANCIER = "financier", "Financier"
    FACILITATOR = "facilitator", "Facilitator"
    DEALER = "dealer", "Dealer / peddler"
    CULTIVATOR = "cultivator", "Cultivator"
    OTHER = "other", "Other"


class OffenceCategory(models.TextChoices):
    NARCOTICS = "narcotics", "Narcotics"
    ILLEGAL_STAY = "illegal_stay", "Illegal stay / immigration"


#: sections of the Control of Narcotic Substances Act 1997 (as amended 2022) charged at arrest
CNSA_SECTIONS = {
    "4": "s.4 cultivation of cannabis, coca or opium poppy",
    "5": "s.5 prohibition of manufacture",
    "6": "s.6 possession / trafficking",
    "7": "s.7 import / export",
    "8": "s.8 financing",
    "9(a)": "s.9(a) punishment, small quantities",
    "9(b)": "s.9(b) punishment, intermediate quantities",
    "9(c)": "s.9(c) punishment, large quantities",
    "11": "s.11 premises used for an offence",
    "12": "s.12 assets derived from narcotics",
    "14": "s.14 aiding, abetting, conspiracy",
    "15": "s.15 attempt",
}

#: immigration charges for illegal-stay arrests
IMMIGRATION_SECTIONS = {
    "FA-14": "Foreigners Act 1946, s.14 (illegal stay)",
    "EA-17": "Emigration Ordinance 1979, s.17",
}

CHARGE_CHOICES = [(k, v) for k, v in {**CNSA_SECTIONS, **IMMIGRATION_SECTIONS}.items()]
