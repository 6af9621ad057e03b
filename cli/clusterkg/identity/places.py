"""Where a record is, as far as matching needs it: a country, and a NUTS-2 region if known.

Names are compared only between records of one place: the same country and, when both give
a NUTS code of the current version (NUTS 2024), the same NUTS-2 region. NUTS versions differ
below NUTS-2 (NUTS-3 units are recut often), and at NUTS-2 too, less often: Mazowieckie was
PL12 until NUTS 2013 and is PL91 + PL92 since NUTS 2016, so a keep.eu partner of 2010 and a
CORDIS participant of 2024 in Warsaw carry different NUTS-2 codes. A code that NUTS 2024 does
not have at level 2 (an older version's, such as PL12, or a country outside the EU) is
therefore compared at the level of its country only: loose where the versions disagree,
strict where they agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clusterkg.errors import InputError

# Level-2 codes of NUTS 2024 (Eurostat, CC BY 4.0), the version whose codes are compared.
_LEVEL_2_CODES = (
    "AT11 AT12 AT13 AT21 AT22 AT31 AT32 AT33 AT34 ATZZ BE10 BE21 BE22 BE23 BE24 BE25 BE31 "
    "BE32 BE33 BE34 BE35 BEZZ BG31 BG32 BG33 BG34 BG41 BG42 BGZZ CY00 CYZZ CZ01 CZ02 CZ03 "
    "CZ04 CZ05 CZ06 CZ07 CZ08 CZZZ DE11 DE12 DE13 DE14 DE21 DE22 DE23 DE24 DE25 DE26 DE27 "
    "DE30 DE40 DE50 DE60 DE71 DE72 DE73 DE80 DE91 DE92 DE93 DE94 DEA1 DEA2 DEA3 DEA4 DEA5 "
    "DEB1 DEB2 DEB3 DEC0 DED2 DED4 DED5 DEE0 DEF0 DEG0 DEZZ DK01 DK02 DK03 DK04 DK05 DKZZ "
    "EE00 EEZZ EL30 EL41 EL42 EL43 EL51 EL52 EL53 EL54 EL61 EL62 EL63 EL64 EL65 ELZZ ES11 "
    "ES12 ES13 ES21 ES22 ES23 ES24 ES30 ES41 ES42 ES43 ES51 ES52 ES53 ES61 ES62 ES63 ES64 "
    "ES70 ESZZ FI19 FI1B FI1C FI1D FI20 FIZZ FR10 FRB0 FRC1 FRC2 FRD1 FRD2 FRE1 FRE2 FRF1 "
    "FRF2 FRF3 FRG0 FRH0 FRI1 FRI2 FRI3 FRJ1 FRJ2 FRK1 FRK2 FRL0 FRM0 FRY1 FRY2 FRY3 FRY4 "
    "FRY5 FRZZ HR02 HR03 HR05 HR06 HRZZ HU11 HU12 HU21 HU22 HU23 HU31 HU32 HU33 HUZZ IE04 "
    "IE05 IE06 IEZZ ITC1 ITC2 ITC3 ITC4 ITF1 ITF2 ITF3 ITF4 ITF5 ITF6 ITG1 ITG2 ITH1 ITH2 "
    "ITH3 ITH4 ITH5 ITI1 ITI2 ITI3 ITI4 ITZZ LT01 LT02 LTZZ LU00 LUZZ LV00 LVZZ MT00 MTZZ "
    "NL11 NL12 NL13 NL21 NL22 NL23 NL32 NL34 NL35 NL36 NL41 NL42 NLZZ PL21 PL22 PL41 PL42 "
    "PL43 PL51 PL52 PL61 PL62 PL63 PL71 PL72 PL81 PL82 PL84 PL91 PL92 PLZZ PT11 PT15 PT19 "
    "PT1A PT1B PT1C PT1D PT20 PT30 PTZZ RO11 RO12 RO21 RO22 RO31 RO32 RO41 RO42 ROZZ SE11 "
    "SE12 SE21 SE22 SE23 SE31 SE32 SE33 SEZZ SI03 SI04 SIZZ SK01 SK02 SK03 SK04 SKZZ"
)
NUTS_2024_LEVEL_2 = frozenset(_LEVEL_2_CODES.split())
# NUTS writes two countries otherwise than ISO 3166.
_ISO_COUNTRY = {"EL": "GR", "UK": "GB"}
_CODE = re.compile(r"^[A-Z]{2}(?:[0-9A-Z]{1,3}|-[0-9A-Z]{1,3})?$")


@dataclass(frozen=True)
class Place:
    """A country (ISO 3166 code, "" if unknown) and a NUTS 2024 level-2 code ("" if none)."""

    country: str
    region: str = ""

    def __str__(self) -> str:
        return self.region or self.country or "no place"


def place_of(code: str) -> Place:
    """The place a NUTS code (``PL911``, ``PL12``, a ``data.europa.eu/nuts`` IRI), an ISO
    country code (``PL``, ``GR``) or an ISO 3166-2 code (``PL-14``) stands for."""
    text = str(code or "").strip().rstrip("/").rsplit("/", 1)[-1].upper()
    if not text:
        return Place("")
    if not _CODE.match(text):
        raise InputError(
            f"{code!r} is not a place code: give a NUTS code (PL911), an ISO country code "
            "(PL) or an ISO 3166-2 code (PL-14)"
        )
    country = _ISO_COUNTRY.get(text[:2], text[:2])
    region = text[:4] if "-" not in text and text[:4] in NUTS_2024_LEVEL_2 else ""
    return Place(country, region)


def same_place(a: Place, b: Place) -> str | None:
    """Why ``a`` and ``b`` are one place for name matching ("same NUTS-2 region PL91",
    "same country PL"), or None when they are not."""
    if a.country != b.country:
        return None
    if a.region and b.region:
        return f"same NUTS-2 region {a.region}" if a.region == b.region else None
    return f"same country {a.country}" if a.country else "neither has a place"
