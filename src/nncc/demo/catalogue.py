"""The demo's agencies: who they are, where they work, what their seizures look like.

Weights are relative. ``districts`` maps a district code, or ``*PK-XX`` for "every other district
of that province", to how often the agency works there; ``settings`` are the kinds of place its
seizures happen at (see ``seizures.SETTINGS``); ``size`` scales its typical seizure (a Frontier
Corps patrol on the border seizes tonnes, a city police station grams).
"""

from __future__ import annotations

from nncc.demo.agency_spec import AgencySpec, w

_STREET = w("street:0.4 road:0.25 residence:0.2 shop:0.1 warehouse:0.05")

AGENCIES: list[AgencySpec] = [
    AgencySpec(
        "ANF",
        "Anti-Narcotics Force",
        "federal",
        "Operations room, ANF Headquarters, Rawalpindi",
        0.20,
        w(
            "BA-QTA:6 BA-CHG:3 BA-KCG:3 BA-GWD:2 BA-PNJ:2 *PK-BA:1.5 KP-PEW:5 KP-KHY:3 "
            "*PK-KP:1 PB-LHR:5 PB-RWP:4 PB-FSD:2 PB-MUL:2 *PK-PB:0.6 SD-KHS:3 SD-KHE:3 "
            "SD-KHW:3 SD-KMR:3 SD-KHM:2 *PK-SD:0.6 IS-ICT:4 *PK-GB:0.8 *PK-JK:0.6"
        ),
        w(
            "road:0.3 residence:0.15 warehouse:0.08 border:0.1 airport:0.1 postal:0.05 "
            "seaport:0.04 shop:0.06 street:0.08 crossing:0.04"
        ),
        size=1.5,
        arrest_rate=0.6,
        prefix="ANF",
        partners=("FC-BA", "CUSTOMS", "PCG", "FC-KP", "ASF", "KP-POLICE", "PUNJAB-POLICE"),
        units={
            "RD-N": (
                "ANF Regional Directorate North, Rawalpindi",
                ("PB-RWP", "PB-ATK", "PB-JHL", "PB-CHK", "PK-IS", "PK-GB", "PK-JK"),
            ),
            "RD-BA": ("ANF Regional Directorate Balochistan, Quetta", ("PK-BA",)),
            "RD-KP": ("ANF Regional Directorate Khyber Pakhtunkhwa, Peshawar", ("PK-KP",)),
            "RD-PB": ("ANF Regional Directorate Punjab, Lahore", ("PK-PB",)),
            "RD-SD": ("ANF Regional Directorate Sindh, Karachi", ("PK-SD",)),
        },
        eradicates=0.2,
    ),
    AgencySpec(
        "CUSTOMS",
        "Pakistan Customs",
        "federal",
        "Directorate General of Intelligence and Investigation (Customs), Islamabad",
        0.08,
        w(
            "SD-KMR:5 SD-KHM:5 SD-KHS:3 BA-QTA:3 BA-CHM:3 BA-CHG:2 KP-PEW:3 KP-KHY:3 "
            "PB-LHR:3 PB-ATK:2 PB-MUL:1 BA-GWD:1 GB-HNZ:0.5"
        ),
        w("airport:0.3 seaport:0.2 crossing:0.2 postal:0.1 road:0.15 warehouse:0.05"),
        size=1.0,
        arrest_rate=0.5,
        prefix="CUS",
        partners=("ANF", "ASF"),
        units={
            "COLL-KHI": ("Collectorate of Customs (Preventive), Karachi", ("PK-SD",)),
            "COLL-QTA": ("Collectorate of Customs, Quetta", ("PK-BA",)),
            "COLL-PEW": ("Collectorate of Customs, Peshawar", ("PK-KP", "PK-GB")),
            "COLL-ISB": ("Collectorate of Customs, Islamabad", ("PB-ATK", "PK-IS")),
            "COLL-LHR": ("Collectorate of Customs (Preventive), Lahore", ("PK-PB",)),
        },
    ),
    AgencySpec(
        "ASF",
        "Airports Security Force",
        "federal",
        "ASF Headquarters control room, Karachi",
        0.03,
        w("SD-KHM:1 PB-LHR:1 PB-ATK:1 KP-PEW:1 BA-QTA:1 PB-MUL:1"),
        w("airport:1.0"),
        size=1.0,
        arrest_rate=0.9,
        prefix="ASF",
        partners=("ANF", "CUSTOMS"),
        units={
            "ASF-KHI": ("ASF Jinnah International Airport", ("PK-SD",)),
            "ASF-LHR": ("ASF Allama Iqbal International Airport", ("PB-LHR",)),
            "ASF-ISB": ("ASF Islamabad International Airport", ("PB-ATK",)),
            "ASF-PEW": ("ASF Bacha Khan International Airport", ("PK-KP",)),
            "ASF-OTH": ("ASF other airports", ("PK-BA", "PK-PB")),
        },
    ),
    AgencySpec(
        "FC-BA",
        "Frontier Corps Balochistan",
        "federal",
        "FC Balochistan operations room, Quetta",
        0.15,
        w(
            "BA-CHG:5 BA-KCG:4 BA-PNJ:4 BA-WSK:3 BA-KAF:4 BA-CHM:4 BA-NSK:3 BA-GWD:3 "
            "BA-ZHB:2 BA-KRN:2 BA-QTA:2 BA-PSN:2 *PK-BA:0.7"
        ),
        w("border:0.4 road:0.4 warehouse:0.1 residence:0.05 crossing:0.05"),
        size=2.0,
        arrest_rate=0.3,
        prefix="FCB",
        partners=("ANF", "BA-LEVIES", "CUSTOMS"),
        units={
            "FC-BA-N": (
                "FC Balochistan (North)",
                ("BA-QTA", "BA-PSN", "BA-KAF", "BA-CHM", "BA-KSF", "BA-ZHB", "BA-LRL", "BA-NSK"),
            ),
            "FC-BA-S": ("FC Balochistan (South)", ("PK-BA",)),
        },
        eradicates=0.25,
        illegal_stay=("PK-BA",),
    ),
    AgencySpec(
        "FC-KP",
        "Frontier Corps Khyber Pakhtunkhwa",
        "federal",
        "FC Khyber Pakhtunkhwa operations room, Peshawar",
        0.09,
        w(
            "KP-KHY:5 KP-BJR:3 KP-MHD:3 KP-KRM:3 KP-NWZ:3 KP-SWZ:3 KP-ORK:2 KP-CHL:2 "
            "KP-DIK:2 KP-TNK:1 KP-PEW:1"
        ),
        w("border:0.35 road:0.45 residence:0.1 crossing:0.1"),
        size=1.2,
        arrest_rate=0.4,
        prefix="FCK",
        partners=("ANF", "KP-POLICE"),
        units={
            "FC-KP-N": (
                "FC Khyber Pakhtunkhwa (North)",
                ("KP-KHY", "KP-BJR", "KP-MHD", "KP-CHL", "KP-PEW"),
            ),
            "FC-KP-S": ("FC Khyber Pakhtunkhwa (South)", ("PK-KP",)),
        },
        eradicates=0.15,
        illegal_stay=("PK-KP",),
    ),
    AgencySpec(
        "PCG",
        "Pakistan Coast Guards",
        "federal",
        "Coast Guards headquarters, Karachi",
        0.05,
        w("BA-GWD:6 BA-KCG:3 BA-LSB:3 BA-HUB:2 BA-AWR:1 SD-KMR:2 SD-THT:1 SD-BDN:1"),
        w("sea:0.35 road:0.4 border:0.15 warehouse:0.1"),
        size=2.5,
        arrest_rate=0.35,
        prefix="PCG",
        partners=("ANF", "MSA", "CUSTOMS"),
        units={
            "PCG-GWD": ("Coast Guards, Gwadar", ("BA-GWD", "BA-KCG", "BA-AWR")),
            "PCG-KHI": ("Coast Guards, Karachi", ("PK-SD", "PK-BA")),
        },
    ),
    AgencySpec(
        "MSA",
        "Pakistan Maritime Security Agency",
        "federal",
        "Maritime Security Agency operations centre, Karachi",
        0.015,
        w("SD-KMR:4 BA-GWD:3 BA-LSB:1 SD-THT:1"),
        w("sea:1.0"),
        size=4.0,
        arrest_rate=0.5,
        prefix="MSA",
        partners=("ANF", "PCG"),
        units={
            "MSA-KHI": ("MSA Headquarters, Karachi", ("PK-SD",)),
            "MSA-GWD": ("MSA Gwadar", ("PK-BA",)),
        },
    ),
    AgencySpec(
        "FIA",
        "Federal Investigation Agency",
        "federal",
        "FIA Immigration wing, Islamabad",
        0.01,
        w("SD-KHM:3 PB-LHR:3 PB-ATK:3 KP-PEW:2 BA-QTA:1"),
        w("airport:0.8 road:0.2"),
        size=0.5,
        arrest_rate=0.9,
        prefix="FIA",
        partners=("ASF",),
        units={
            "FIA-KHI": ("FIA Immigration, Karachi", ("PK-SD",)),
            "FIA-LHR": ("FIA Immigration, Lahore", ("PK-PB",)),
            "FIA-ISB": ("FIA Immigration, Islamabad", ("PB-ATK", "PK-IS")),
            "FIA-PEW": ("FIA Peshawar Zone", ("PK-KP",)),
            "FIA-QTA": ("FIA Quetta Zone", ("PK-BA",)),
        },
        illegal_stay=("PK-BA", "PK-KP", "PK-SD", "PK-PB", "PK-IS"),
    ),
    AgencySpec(
        "RANGERS-SD",
        "Pakistan Rangers (Sindh)",
        "federal",
        "Sindh Rangers headquarters, Karachi",
        0.04,
        w(
            "SD-KHW:4 SD-KHE:3 SD-KHC:3 SD-KHK:2 SD-KHM:2 SD-KMR:2 SD-TPK:2 SD-UMK:1 "
            "SD-BDN:1 *PK-SD:0.3"
        ),
        w("road:0.35 residence:0.2 street:0.2 border:0.1 warehouse:0.1 shop:0.05"),
        size=1.0,
        arrest_rate=0.7,
        prefix="RGS",
        partners=("SINDH-POLICE", "ANF"),
        units={
            "RGS-KHI": (
                "Sindh Rangers, Karachi",
                ("SD-KHS", "SD-KHE", "SD-KHW", "SD-KHC", "SD-KHM", "SD-KHK", "SD-KMR"),
            ),
            "RGS-SD": ("Sindh Rangers, interior Sindh", ("PK-SD",)),
        },
        illegal_stay=("PK-SD",),
    ),
    AgencySpec(
        "PUNJAB-POLICE",
        "Punjab Police",
        "provincial",
        "Central Police Office, Lahore",
        0.10,
        w("PB-LHR:6 PB-RWP:4 PB-FSD:3 PB-MUL:3 PB-GRW:2 *PK-PB:1"),
        _STREET,
        size=0.3,
        arrest_rate=0.8,
        prefix="PBP",
        partners=("ANF",),
        unit_label="District Police {district}",
        illegal_stay=("PK-PB",),
    ),
    AgencySpec(
        "SINDH-POLICE",
        "Sindh Police",
        "provincial",
        "Central Police Office, Karachi",
        0.05,
        w("SD-KHW:3 SD-KHE:3 SD-KHC:3 SD-KHS:2 SD-KHK:2 *PK-SD:1"),
        _STREET,
        size=0.3,
        arrest_rate=0.8,
        prefix="SDP",
        partners=("ANF",),
        unit_label="District Police {district}",
        illegal_stay=("PK-SD",),
    ),
    AgencySpec(
        "KP-POLICE",
        "Khyber Pakhtunkhwa Police",
        "provincial",
        "Central Police Office, Peshawar",
        0.07,
        w("KP-PEW:6 KP-MDN:2 KP-NWS:2 KP-KHT:2 KP-DIK:2 *PK-KP:1"),
        _STREET,
        size=0.5,
        arrest_rate=0.8,
        prefix="KPP",
        partners=("ANF", "KP-EXCISE"),
        unit_label="District Police {district}",
        eradicates=0.1,
        illegal_stay=("PK-KP",),
    ),
    AgencySpec(
        "BA-LEVIES",
        "Balochistan Levies Force",
        "provincial",
        "Levies Force headquarters, Quetta",
        0.03,
        w("BA-KAF:2 BA-PSN:2 BA-ZHB:2 BA-LRL:2 BA-KSF:2 *PK-BA:1"),
        w("road:0.5 border:0.3 residence:0.2"),
        size=1.0,
        arrest_rate=0.5,
        prefix="LEV",
        partners=("FC-BA",),
        unit_label="Levies {district}",
        eradicates=0.15,
        illegal_stay=("PK-BA",),
    ),
    AgencySpec(
        "KP-EXCISE",
        "Excise, Taxation and Narcotics Control Department, Khyber Pakhtunkhwa",
        "provincial",
        "Narcotics Control Wing, Peshawar",
        0.025,
        w("KP-PEW:5 KP-KHY:2 KP-ORK:2 KP-MDN:2 KP-SWT:1 *PK-KP:0.5"),
        w("road:0.5 shop:0.2 street:0.2 residence:0.1"),
        size=0.4,
        arrest_rate=0.6,
        prefix="EXC",
        partners=("KP-POLICE",),
        units={
            "ENC-PEW": ("Excise Narcotics Control Wing, Peshawar", ("KP-PEW", "KP-KHY", "KP-NWS")),
            "ENC-MKD": ("Excise Narcotics Control Wing, Malakand", ("KP-SWT", "KP-DRL", "KP-DRU")),
            "ENC-KP": ("Excise Narcotics Control Wing, regional office", ("PK-KP",)),
        },
        eradicates=0.15,
    ),
    AgencySpec(
        "ICT-POLICE",
        "Islamabad Capital Territory Police",
        "federal",
        "Safe City control room, Islamabad",
        0.015,
        w("IS-ICT:1"),
        _STREET,
        size=0.2,
        arrest_rate=0.85,
        prefix="ICT",
        unit_label="Islamabad Police, {district}",
        illegal_stay=("PK-IS",),
    ),
    AgencySpec(
        "GB-POLICE",
        "Gilgit-Baltistan Police",
        "provincial",
        "Central Police Office, Gilgit",
        0.01,
        w("GB-GLT:3 *PK-GB:1"),
        _STREET,
        size=0.2,
        arrest_rate=0.8,
        prefix="GBP",
        unit_label="District Police {district}",
    ),
    AgencySpec(
        "AJK-POLICE",
        "Azad Jammu and Kashmir Police",
        "provincial",
        "Central Police Office, Muzaffarabad",
        0.01,
        w("JK-MZD:3 JK-MPR:3 *PK-JK:1"),
        _STREET,
        size=0.2,
        arrest_rate=0.8,
        prefix="AJK",
        unit_label="District Police {district}",
    ),
]

CENTRE = AgencySpec(
    "NCNC",
    "National Counter Narcotics Coordination Centre",
    "centre",
    "Watch desk, NCNC, Rawalpindi",
    0.0,
    {},
    {},
    size=0.0,
    arrest_rate=0.0,
    prefix="NCNC",
)

BY_CODE = {spec.code: spec for spec in [*AGENCIES, CENTRE]}

#: demo accounts: (suffix of the username, roles); every agency has the first three
STAFF = [("officer", ["field_officer"]), ("analyst", ["analyst"]), ("supervisor", ["supervisor"])]
EXTRA_STAFF = {
    "ANF": [("admin", ["agency_admin"]), ("auditor", ["auditor"])],
    "CUSTOMS": [("admin", ["agency_admin"]), ("auditor", ["auditor"])],
}
CENTRE_STAFF = [
    ("analyst", ["centre_analyst"]),
    ("watch", ["watch_desk"]),
    ("liaison", ["liaison_officer"]),
    ("auditor", ["auditor"]),
]


def username(code: str, suffix: str) -> str:
    return f"{code.lower()}.{suffix}"
