"""Checks of the identifiers users type: SIRET, SIREN (INSEE numbering, Luhn key) and UAI (national directory of schools)."""
from __future__ import annotations

import re
from dataclasses import dataclass

# The UAI check letter is the number formed by the 7 first characters modulo 23, read in this alphabet (no I, O, Q).
_UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
# La Poste's establishments share one SIREN and are keyed by the sum of their digits, not by Luhn.
_LA_POSTE_SIREN = "356000000"


class InvalidIdentifier(ValueError):
    """The message is French and meant for the user as it is."""


@dataclass(frozen=True)
class Identifier:
    kind: str  # "siret", "siren" or "uai"
    value: str


def _compact(raw: str) -> str:
    return re.sub(r"[\s.\-]", "", raw.strip())


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def check_siren(raw: str) -> str:
    value = _compact(raw)
    if not value.isdigit() or len(value) != 9:
        raise InvalidIdentifier(
            f"« {raw.strip()} » n'est pas un SIREN : un SIREN compte exactement 9 chiffres (il en a {_digit_count(value)})."
        )
    if not luhn_valid(value):
        raise InvalidIdentifier(
            f"Le SIREN {value} n'est pas valide : sa clé de contrôle ne correspond pas. Vérifiez les chiffres saisis."
        )
    return value


def check_siret(raw: str) -> str:
    value = _compact(raw)
    if not value.isdigit() or len(value) != 14:
        raise InvalidIdentifier(
            f"« {raw.strip()} » n'est pas un SIRET : un SIRET compte exactement 14 chiffres "
            f"(le SIREN sur 9 chiffres puis 5 chiffres d'établissement ; il en a {_digit_count(value)})."
        )
    valid = (
        sum(int(c) for c in value) % 5 == 0 if value.startswith(_LA_POSTE_SIREN) else luhn_valid(value)
    )
    if not valid:
        raise InvalidIdentifier(
            f"Le SIRET {value} n'est pas valide : sa clé de contrôle ne correspond pas. Vérifiez les chiffres saisis."
        )
    return value


def uai_check_letter(first_seven: str) -> str:
    return _UAI_LETTERS[int(first_seven) % 23]


def check_uai(raw: str) -> str:
    value = _compact(raw).upper()
    if len(value) != 8 or not value[:7].isdigit() or not value[7].isalpha():
        raise InvalidIdentifier(
            f"« {raw.strip()} » n'est pas un code UAI : il compte 7 chiffres suivis d'une lettre, par exemple 0110422Z."
        )
    expected = uai_check_letter(value[:7])
    if value[7] != expected:
        raise InvalidIdentifier(
            f"Le code UAI {value} n'est pas valide : la lettre de contrôle devrait être {expected}. "
            "Vérifiez le code sur les documents de l'école."
        )
    return value


def recognise(raw: str) -> Identifier | None:
    """Which identifier a typed string looks like (before checking it), or None for a name."""
    value = _compact(raw)
    if re.fullmatch(r"\d{7}[A-Za-z]", value):
        return Identifier("uai", value.upper())
    # 10 to 17 digits: a SIRET with digits missing or extra, which its check explains, rather than a name not found.
    if re.fullmatch(r"\d{10,17}", value):
        return Identifier("siret", value)
    if re.fullmatch(r"\d{9}", value):
        return Identifier("siren", value)
    return None


def _digit_count(value: str) -> int:
    return sum(c.isdigit() for c in value)
