"""Finding a commune or an EPCI by the name a caller gives: no accents, abbreviations, typos, homonyms."""
from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz, process

ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes", "s": "sur", "ss": "sous",
                 "n": "notre", "d": "de", "cc": "communaute de communes", "ca": "communaute d agglomeration"}
_FUZZY_CUTOFF = 82
_CLEAR_LEAD = 4  # a fuzzy match this far ahead of the next one is taken as the answer


def normalize(text: str) -> str:
    """« Saint-Chély-d'Apcher » -> « saint chely d apcher »; « st chely » -> « saint chely »."""
    text = text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    tokens = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(ABBREVIATIONS.get(token, token) if len(tokens) > 1 else token for token in tokens)


@dataclass(frozen=True)
class Place:
    key: str  # INSEE code of a commune, or SIREN of an EPCI
    name: str
    departement: str  # empty for an EPCI that spans départements
    kind: str  # "commune" or "epci"


@dataclass(frozen=True)
class Match:
    place: Place
    score: float


class PlaceIndex:
    def __init__(self, places: list[Place]):
        self.places = places
        self._names = [normalize(p.name) for p in places]
        self._tokens = [name.split() for name in self._names]
        self._name_set = set(self._names)

    def find(self, query: str, departement: str | None = None) -> list[Match]:
        """The best candidates, best first: exact names, then names the query abbreviates, then close spellings."""
        query, departement = _split_departement(query, departement)
        wanted = normalize(query)
        if not wanted:
            return []
        allowed = [i for i, p in enumerate(self.places) if departement in (None, p.departement)]
        exact = [i for i in allowed if self._names[i] == wanted]
        if exact:
            return [Match(self.places[i], 100.0) for i in exact]
        words = wanted.split()
        anchored = [i for i in allowed if _prefixes(words, self._tokens[i], anchored=True)]
        if anchored:
            return [Match(self.places[i], 95.0) for i in sorted(anchored, key=lambda i: len(self._names[i]))]
        inside = [i for i in allowed if _prefixes(words, self._tokens[i], anchored=False)]
        if inside:
            return [Match(self.places[i], 90.0) for i in sorted(inside, key=lambda i: len(self._names[i]))]
        choices = {i: self._names[i] for i in allowed}
        found = process.extract(wanted, choices, scorer=fuzz.WRatio, score_cutoff=_FUZZY_CUTOFF, limit=None)
        matches = [Match(self.places[i], score) for name, score, i in found if _alike_in_own_words(wanted, name)][:8]
        if len(matches) > 1 and matches[0].score - matches[1].score >= _CLEAR_LEAD:
            return matches[:1]
        return matches


    def named_in(self, text: str) -> str | None:
        """The words of a message that name a place exactly after « de », « pour », « à » or in brackets (« la
        situation de la commune de Millas ? » -> « Millas », « une commune de l'Aude (Axat) » -> « Axat »): the names
        the entity extractor has not learned. Capitalised, unless introduced as a place (« commune de », « mairie
        de »), so that « de la rentrée » names nothing.

        Introduced as a place and capitalised, a name that is not exactly one (« la commune de Quilan ») is given as
        written, up to its first lower-case word, so that the search offers close spellings or says it knows none.
        """
        introduced = None
        for cue in _CUE.finditer(text):
            words = _WORDS.match(text, cue.end())
            if words is None or _NOT_A_PLACE.search(normalize(text[:cue.start()])):
                continue
            tokens = words.group(0).split()
            for size in range(min(len(tokens), _MAX_NAME_WORDS), 0, -1):
                candidate = " ".join(tokens[:size])
                if normalize(candidate) in self._name_set and (candidate[0].isupper() or cue.group("place")):
                    return candidate
            if introduced is None and cue.group("place") and tokens[0][0].isupper():
                introduced = " ".join(itertools.takewhile(lambda token: token[0].isupper(), tokens[:_MAX_NAME_WORDS]))
        return introduced


_CUE = re.compile(r"(?:\b(?P<place>commune|mairie|ville|village)\s+)?\b(?:de\s+|d['’]|pour\s+|[àa]\s+)|\(\s*",
                  re.IGNORECASE)  # « une petite commune de l'Aude (Axat) »
_WORDS = re.compile(r"[^\W\d_][\w'’-]*(?:\s+[\w'’-]+)*")  # up to the first punctuation
_NOT_A_PLACE = re.compile(r"\b(?:academie|rectorat|region|drane|dsii|ac)$")  # « l'académie de Montpellier »
_MAX_NAME_WORDS = 5  # « Saint-Martin-de-Londres » is one word, « Le Pouget » two


_PARTICLES = {"le", "la", "les", "l", "de", "du", "des", "d", "en", "sur", "sous", "et", "aux", "au"}
_OWN_WORDS_CUTOFF = 70


def _alike_in_own_words(query: str, name: str) -> bool:
    """A close spelling is close without the articles too: « Trifouilly-les-Oies » is not near « Les Mages »,
    which WRatio scores 85 for their « les ». (On two typos of each place of the seeded database, this check finds
    the place alone for 2,699 of 3,132 against 2,681 without it, and none wrong more.)"""
    return fuzz.WRatio(_without_particles(query), _without_particles(name)) >= _OWN_WORDS_CUTOFF


def _without_particles(name: str) -> str:
    return " ".join(token for token in name.split() if token not in _PARTICLES) or name


def _prefixes(words: list[str], tokens: list[str], anchored: bool) -> bool:
    """Each query word begins a token of the name, in order (« st chely » in « saint chely d apcher »)."""
    start = 0
    for n, word in enumerate(words):
        while start < len(tokens) and not tokens[start].startswith(word):
            if anchored and n == 0:
                return False
            start += 1
        if start == len(tokens):
            return False
        start += 1
    return True


def _split_departement(query: str, departement: str | None) -> tuple[str, str | None]:
    """« Mende (48) », « Mende 48 » or a postcode « 48000 » narrow the search to a département."""
    match = re.search(r"[\s(]*\b(\d{2})(\d{3})?\)?\s*$", query)
    if match and departement is None:
        return query[: match.start()], match.group(1)
    return query, departement
