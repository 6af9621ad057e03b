"""Write csv/project.csv and csv/organization.csv from the real project files in xml/, in the
format of CORDIS's CSV dataset (cordis-HORIZONprojects-csv.zip): ``;``-separated, every field
quoted, totalCost with a decimal comma and ecContribution with a point, countries as CORDIS
writes them (EL, UK), a private individual's address, SME flag, VAT number and NUTS code
empty. See README.md.

Run: .venv/bin/python tests/data/cordis/make_csv.py
"""

from __future__ import annotations

import csv
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
PROJECT_HEADER = (
    "id;acronym;status;title;startDate;endDate;totalCost;ecMaxContribution;legalBasis;topics;"
    "ecSignatureDate;frameworkProgramme;masterCall;subCall;fundingScheme;nature;objective;"
    "contentUpdateDate;rcn;grantDoi"
)
ORGANISATION_HEADER = (
    "projectID;projectAcronym;organisationID;vatNumber;name;shortName;SME;activityType;street;"
    "postCode;city;country;nutsCode;geolocation;organizationURL;contactForm;contentUpdateDate;"
    "rcn;order;role;ecContribution;netEcContribution;totalCost;endOfParticipation;active"
)
PROJECT_COLUMNS = PROJECT_HEADER.split(";")
ORGANISATION_COLUMNS = ORGANISATION_HEADER.split(";")
CONTACT_FORM = (
    "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/contact-form/"
    "project/{pic}/{project}"
)


def text(node: etree._Element | None, path: str) -> str:
    found = node.findtext(path) if node is not None else None
    return (found or "").strip()


def comma(amount: str) -> str:
    """CORDIS's totalCost columns write a decimal comma."""
    return amount.replace(".", ",")


def nuts(organization: etree._Element) -> str:
    codes = [
        text(region, "nutsCode")
        for region in organization.iterfind("relations/regions/region[@type='relatedNutsCode']")
    ]
    codes = [code for code in codes if code]
    return max(codes, key=len) if codes else ""


def rows(path: Path) -> tuple[list[str], list[list[str]]]:
    project = etree.parse(str(path)).getroot()
    number, acronym = text(project, "id"), text(project, "acronym")
    associations = project.find("relations/associations")
    topic = associations.find("programme[@type='relatedTopic']")
    legal = associations.find("programme[@type='relatedLegalBasis'][@uniqueProgrammePart]")
    if legal is None:
        legal = associations.find("programme[@type='relatedLegalBasis']")
    scheme = ""
    for category in project.iterfind("relations/categories/category"):
        if category.get("classification") == "projectFundingSchemeCategory":
            scheme = text(category, "code").lstrip("/")
    values = {
        "id": number,
        "acronym": acronym,
        "status": text(project, "status"),
        "title": text(project, "title"),
        "startDate": text(project, "startDate"),
        "endDate": text(project, "endDate"),
        "totalCost": comma(text(project, "totalCost")),
        "ecMaxContribution": text(project, "ecMaxContribution"),
        "legalBasis": text(legal, "code"),
        "topics": text(topic, "code"),
        "ecSignatureDate": text(project, "ecSignatureDate"),
        "frameworkProgramme": text(topic, "frameworkProgramme"),
        "masterCall": text(associations.find("call[@type='relatedMasterCall']"), "identifier"),
        "subCall": text(associations.find("call[@type='relatedSubCall']"), "identifier"),
        "fundingScheme": scheme,
        "nature": "",
        "objective": text(project, "objective"),
        "contentUpdateDate": text(project, "contentUpdateDate"),
        "rcn": text(project, "rcn"),
        "grantDoi": text(project, "identifiers/grantDoi"),
    }
    members = []
    for organization in associations.iterfind("organization"):
        pic = text(organization, "id")
        activity = ""
        for category in organization.iterfind("relations/categories/category"):
            if category.get("classification") == "organizationActivityType":
                activity = text(category, "code").lstrip("/")
        member = {
            "projectID": number,
            "projectAcronym": acronym,
            "organisationID": pic,
            "vatNumber": text(organization, "vatNumber"),
            "name": text(organization, "legalName"),
            "shortName": text(organization, "shortName"),
            "SME": organization.get("sme", ""),
            "activityType": activity,
            "street": text(organization, "address/street"),
            "postCode": text(organization, "address/postalCode"),
            "city": text(organization, "address/city"),
            "country": text(organization, "address/country"),
            "nutsCode": nuts(organization),
            "geolocation": text(organization, "address/geolocation"),
            "organizationURL": text(organization, "address/url"),
            "contactForm": CONTACT_FORM.format(pic=pic, project=number),
            "contentUpdateDate": values["contentUpdateDate"],
            "rcn": text(organization, "rcn"),
            "order": organization.get("order", ""),
            "role": organization.get("type", ""),
            "ecContribution": organization.get("ecContribution", ""),
            "netEcContribution": organization.get("netEcContribution", ""),
            "totalCost": comma(organization.get("totalCost", "")),
            "endOfParticipation": organization.get("terminated", ""),
            "active": "",
        }
        members.append([member[column] for column in ORGANISATION_COLUMNS])
    members.sort(key=lambda row: int(row[ORGANISATION_COLUMNS.index("order")]))
    return [values[column] for column in PROJECT_COLUMNS], members


def main() -> None:
    projects, organisations = [], []
    for path in sorted((HERE / "xml").rglob("*.xml")):
        project, members = rows(path)
        projects.append(project)
        organisations.extend(members)
    for name, header, body in (
        ("project.csv", PROJECT_COLUMNS, projects),
        ("organization.csv", ORGANISATION_COLUMNS, organisations),
    ):
        with open(HERE / "csv" / name, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(body)


if __name__ == "__main__":
    main()
