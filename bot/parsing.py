"""Dates and numbers as people write them in a chat: « le 10 septembre », « 10/09 », « fin juillet », « il y a trois
jours », « lundi dernier », « trois »."""
from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

_MONTHS = {name: n for n, names in enumerate((
    ("janvier", "janv", "jan"), ("fevrier", "fevr", "fev"), ("mars",), ("avril", "avr"), ("mai",), ("juin",),
    ("juillet", "juil"), ("aout",), ("septembre", "sept", "sep"), ("octobre", "oct"), ("novembre", "nov"),
    ("decembre", "dec")), start=1) for name in names}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_UNITS = {"zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
          "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
          "seize": 16}
_TENS = {"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}
_PART_OF_MONTH = {"debut": 1, "mi": 15, "milieu": 15}
_WEEKDAYS = {name: n for n, name in enumerate(("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
                                                "dimanche"))}
_TODAY_WORDS = ("aujourd'hui", "aujourd hui", "ce jour", "ce matin", "ce midi", "cet apres-midi", "cet apres midi",
                "ce soir", "tout a l'heure", "tantot")
_DAY_WORDS = {"premier": 1, **{w: n for w, n in _UNITS.items() if 1 <= n <= 16 and w != "une"},
              "dix sept": 17, "dix huit": 18, "dix neuf": 19, "vingt": 20, "vingt et un": 21, "trente": 30,
              "trente et un": 31, **{f"vingt {w}": 20 + n for w, n in _UNITS.items() if 2 <= n <= 9}}
_DAY_WORD = "|".join(w.replace(" ", r"[\s-]+") for w in sorted(_DAY_WORDS, key=len, reverse=True))
_OFFSET_UNITS = {"jour": 1, "jours": 1, "semaine": 7, "semaines": 7}


@dataclass(frozen=True)
class PartialDate:
    """A date as written: the year may be missing, and is then taken from the campaign's school year."""

    day: int
    month: int
    year: int | None

    def in_school_year(self, start_year: int) -> date:
        """June to December belong to the campaign's first calendar year, January to May to the next."""
        year = self.year or (start_year if self.month >= 6 else start_year + 1)
        return date(year, self.month, min(self.day, calendar.monthrange(year, self.month)[1]))


def plain_text(text: str) -> str:
    """A message as the readings match it: lower case, no accents, straight apostrophes, single spaces."""
    text = text.replace("\u2019", "'").replace("\u00a0", " ")
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"\s+", " ", folded).strip()


def parse_date(text: str, today: date) -> PartialDate | None:
    """The first date in a message, or None. Relative words (« hier », « il y a trois jours », « lundi dernier »)
    are resolved against today; a date written out wins over them."""
    plain = plain_text(text)
    for words, delta in ((("apres-demain", "apres demain"), 2), (("avant-hier", "avant hier"), -2),
                         (("demain",), 1), (("hier",), -1), (_TODAY_WORDS, 0)):
        if any(re.search(rf"\b{word}\b", plain) for word in words):
            return _day(today + timedelta(days=delta))
    return _written_date(plain) or _relative_date(plain, today)


def _day(day: date) -> PartialDate:
    return PartialDate(day.day, day.month, day.year)


def _written_date(plain: str) -> PartialDate | None:
    match = re.search(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", plain)
    if match:
        return _checked(int(match[3]), int(match[2]), int(match[1]))
    for match in re.finditer(r"\b(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2,4}))?\b", plain):
        checked = _checked(int(match[1]), int(match[2]), _year(match[3]))
        if checked:  # not a school year (« la convention de 21-22 »)
            return checked
    match = re.search(rf"\b(\d{{1,2}})\s*(?:er)?\s+({_MONTH})\.?(?:\s+(\d{{4}}))?\b", plain)
    if match:
        return _checked(int(match[1]), _MONTHS[match[2]], _year(match[3]))
    match = re.search(rf"\b({_DAY_WORD})\s+({_MONTH})\.?(?:\s+(\d{{4}}))?\b", plain)  # « le douze septembre »
    if match:
        return _checked(_DAY_WORDS[re.sub(r"[\s-]+", " ", match[1])], _MONTHS[match[2]], _year(match[3]))
    match = re.search(rf"\b(debut|mi|milieu|fin)\s*-?\s*(?:d'|de\s+|du mois d'|du mois de\s+)?({_MONTH})\b"
                      rf"(?:\s+(\d{{4}}))?", plain)
    if match:
        month = _MONTHS[match[2]]
        day = _PART_OF_MONTH.get(match[1], 31)  # « fin » is the month's last day, clipped below
        return _checked(min(day, 31), month, _year(match[3]), clip=True)
    return None


def _relative_date(plain: str, today: date) -> PartialDate | None:
    """« il y a trois jours », « trois jours que… », « dans deux semaines », « il y a quinze jours », « lundi
    dernier »."""
    for pattern, sign in ((r"\b(?:il y a|ca fait|voici|depuis)\s+(\d{1,2}|[a-z]+)\s+(jours?|semaines?)\b", -1),
                          (r"\b(\d{1,2}|[a-z]+)\s+(jours?|semaines?)\s+qu(?:e|')", -1),
                          (r"\bdans\s+(\d{1,2}|[a-z]+)\s+(jours?|semaines?)\b", 1)):
        match = re.search(pattern, plain)
        count = match and (int(match[1]) if match[1].isdigit() else _UNITS.get(match[1]))
        if count:
            return _day(today + timedelta(days=sign * count * _OFFSET_UNITS[match[2]]))
    match = re.search(rf"\b({'|'.join(_WEEKDAYS)})\s+(dernier|passe|prochain)\b", plain)
    if match:
        weekday = _WEEKDAYS[match[1]]
        if match[2] == "prochain":
            return _day(today + timedelta(days=(weekday - today.weekday()) % 7 or 7))
        return _day(today - timedelta(days=(today.weekday() - weekday) % 7 or 7))
    return None


def _year(text: str | None) -> int | None:
    if not text:
        return None
    return int(text) + 2000 if len(text) == 2 else int(text)


def _checked(day: int, month: int, year: int | None, clip: bool = False) -> PartialDate | None:
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year or 2024, month)[1]  # 2024 is a leap year: 29 February stays possible
    if clip:
        day = min(day, last)
    return PartialDate(day, month, year) if 1 <= day <= last else None


def parse_number(text: str) -> int | None:
    """The first whole number in a message, in digits or in French words up to 99 (« trois », « vingt-deux »)."""
    plain = plain_text(text)
    match = re.search(r"\b(\d{1,3})\b", plain)
    if match:
        return int(match[1])
    words = re.findall(r"[a-z]+", plain)
    for index, word in enumerate(words):
        if word in _TENS:
            value = _TENS[word]
            rest = words[index + 1: index + 3]
            if rest[:1] == ["et"] and rest[1:] in (["un"], ["une"], ["onze"]):
                return value + _UNITS[rest[1]]
            if rest and rest[0] in _UNITS and _UNITS[rest[0]] < 10:
                return value + _UNITS[rest[0]]
            if word == "soixante" and rest and rest[0] in _UNITS:
                return value + _UNITS[rest[0]]
            return value
        if word == "quatre" and words[index + 1: index + 2] == ["vingt"] or word == "quatre-vingt":
            return 80
        if word in ("dix",) and words[index + 1: index + 2] and words[index + 1] in ("sept", "huit", "neuf"):
            return 10 + _UNITS[words[index + 1]]
        if word in _UNITS and word not in ("un", "une"):
            return _UNITS[word]
        if word in ("un", "une") and any(following.startswith("ecole") for following in _one_school(words, index)):
            return 1
    return None


# Words after which a number no longer counts the schools: a price per school (« 45 € par école »), or the number
# left behind (« on passe de 3 à 4 écoles »).
_NOT_THE_COUNT = {"par", "chaque", "euros", "eur", "a"}
_SCHOOL_KINDS = {"maternelle", "maternelles", "elementaire", "elementaires", "primaire", "primaires"}


def parse_school_count(text: str) -> int | None:
    """A number of schools the message gives (« pour nos 3 écoles », « douze écoles », « une seule école », « une
    maternelle et deux élémentaires »); None for a number that counts something else (« pour 2022-2023 ? ») or a
    price per school (« 45 € par école »).
    """
    comes_to = parse_count_it_comes_to(text)
    if comes_to is not None:
        return comes_to
    words = re.findall(r"\w+", plain_text(text))
    for index, word in enumerate(words):
        if word in ("ecole", "ecoles"):
            count = _count_before(words, index, 3)
            if count is not None:
                return count + _more_schools_after(words, index)
    # Schools counted by their kind, added up; the number right before each (« 120 élèves en primaire » is not one).
    kinds = [_count_before(words, index, 2) for index, word in enumerate(words) if word in _SCHOOL_KINDS]
    counted = [count for count in kinds if count is not None]
    return sum(counted) if counted else None


def _more_schools_after(words: list[str], index: int) -> int:
    """« quatre écoles élémentaires et une maternelle »: the schools added with « et » (not with « dont »)."""
    extra = 0
    for at in range(index + 1, len(words) - 2):
        if words[at] == "et" and (words[at + 2] in _SCHOOL_KINDS or words[at + 2].startswith("ecole")):
            extra += 1 if words[at + 1] in ("un", "une") else parse_number(words[at + 1]) or 0
    return extra


def parse_count_it_comes_to(text: str) -> int | None:
    """The number of schools a change of the list comes to: « nous avions 4 écoles et nous passons à 5 », « on passe
    de 3 à 4 écoles », « on en ajoute une, soit 4 écoles »; None when the message does not say it (« on garde nos 2
    écoles et on rajoute la maternelle »)."""
    total = re.search(r"\b(soit|au total|en tout|ce qui fait|ce qui donne|ca fait|ca donne|total de|donc)"
                      r" (de |d')?(\w+) ecoles?\b", plain_text(text))
    if total and parse_number(total[3]) is not None:  # « on ajoute une école, soit 4 écoles »
        return parse_number(total[3])
    words = re.findall(r"\w+", plain_text(text))
    for index in range(1, len(words) - 1):
        if words[index] != "a":
            continue
        before = words[index - 1]
        passes = re.fullmatch(r"pass(e|ons|ent|ez|er|era|erons)", before)
        from_a_count = index > 1 and words[index - 2] == "de" and parse_number(before) is not None
        count = parse_number(words[index + 1]) if passes or from_a_count else None
        if count is not None:
            return count
    return None


def _count_before(words: list[str], index: int, window: int) -> int | None:
    before = words[max(0, index - window): index]
    cut = max((i + 1 for i, w in enumerate(before) if w in _NOT_THE_COUNT), default=0)
    return parse_number(" ".join(before[cut:] + ["ecole"]))


def _one_school(words: list[str], index: int) -> list[str]:
    """The word after « une », or after « une seule » / « une unique » (« pour une seule école »)."""
    following = words[index + 1: index + 3]
    return following[1:] if following[:1] in (["seule"], ["unique"]) else following[:1]


def parse_yes_no(text: str) -> bool | None:
    plain = plain_text(text).strip(" !.?")
    if re.search(r"^(oui|ouais|yes|exact|exactement|bien sur|tout a fait|absolument|c'est ca|affirmatif|o)\b", plain):
        return True
    if re.search(r"^(non|nan|no|pas du tout|aucun|jamais|n)\b", plain):
        return False
    return None
