"""What is stored of a user's message: readable text, and for the académie's report no personal data.

The report lists questions the assistant could not answer, read by people who have no need to know who asked. A
SIRET or UAI is kept: it names a collectivité or a school, not a person. Names are recognised by what usually
stands before them (a civility, « je m'appelle », a sign-off); a bare name in the middle of a sentence is not.
"""
from __future__ import annotations

import re
import unicodedata

_WORD = r"[^\W\d_][\w'’-]*"
_CAPITALISED = r"[A-ZÀ-ÖØ-Þ][\w'’-]*"
_NAME = rf"{_CAPITALISED}(?:[ \t]+(?:(?:de|du|des|d'|le|la)[ \t]+)?{_CAPITALISED}){{0,2}}"
_STREET_TYPES = ("rue", "avenue", "av", "boulevard", "bd", "chemin", "impasse", "allée", "allee", "place", "route",
                 "rte", "quai", "square", "lotissement", "résidence", "residence", "hameau", "lieu-dit", "faubourg",
                 "montée", "montee", "esplanade")
# A street's name: its next few words, up to a comma or a word that starts the rest of the sentence.
_STREET_NAME = r"(?:[ \t]+(?!(?:et|je|j'|nous|on|pour|mais|qui|que|à|a|svp)\b)[^\s,;.?!]+){1,5}"
# Roles a writer gives after « je suis », which are not names (« je suis Maire de Quillan »).
_ROLES = {"maire", "adjoint", "adjointe", "secrétaire", "secretaire", "directeur", "directrice", "enseignant",
          "enseignante", "professeur", "professeure", "parent", "président", "présidente", "conseiller",
          "conseillère", "agent", "agente", "responsable", "gestionnaire", "élu", "élue", "le", "la", "un", "une"}

_PATTERNS = [
    # Tried only where an address can start, so that a long run of letters costs one pass, not one per letter.
    (re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+"), "[courriel]"),
    (re.compile(r"(?:(?:\+|00)33\s?|\b0)[1-9](?:[\s.-]?\d{2}){4}\b"), "[téléphone]"),
    # « 12 bis rue des Écoles, 11190 Mouthoumet »: the number and street, and the postal code and town after it.
    (re.compile(rf"\b\d{{1,4}}(?:[ \t]?(?:bis|ter|b)\b)?,?[ \t]+(?:{'|'.join(_STREET_TYPES)})\b\.?{_STREET_NAME}"
                rf"(?:,?[ \t]*\d{{5}}(?:[ \t]+{_WORD})?)?", re.IGNORECASE), "[adresse]"),
    (re.compile(r"\b(?:M\.?|Mr\.?|Mme\.?|Mlle\.?|Monsieur|Madame|Mademoiselle|Dr\.?)[ \t]+" + _NAME), "[nom]"),
    (re.compile(r"(?P<lead>(?i:\b(?:je m'appelle|je me nomme|mon nom est|mon nom c'est|nom[ \t]*:))[ \t]+)" + _WORD
                + r"(?:[ \t]+(?!(?i:et|je|j'|mais|pour|de|du|à|a)\b)" + _WORD + r"){0,2}"), r"\g<lead>[nom]"),
    (re.compile(r"(?P<lead>(?i:\b(?:cordialement|bien à vous|bien a vous|salutations|merci d'avance|merci))"
                r"[ \t]*[,.!]?\s+)" + _NAME + r"(?=[ \t]*(?:[\n,.;!]|\Z))"), r"\g<lead>[nom]"),
    (re.compile(r"\b\d(?:[ .]?\d){14,}\b"), "[numéro]"),  # a social security number, a bank account
]
_INTRODUCED = re.compile(r"(?i:\bje suis)[ \t]+(" + _NAME + ")")


def readable(text: str) -> str:
    """The text without control characters (line breaks and tabs kept): they mean nothing to whoever reads the
    helpdesk's lists, and PostgreSQL refuses to store a NUL character at all."""
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")


def mask_personal_data(text: str) -> str:
    """E-mail addresses, phone numbers, postal addresses, names introduced as names, long numbers."""
    for pattern, mask in _PATTERNS:
        text = pattern.sub(mask, text)
    return _INTRODUCED.sub(_mask_introduced_name, text)


def _mask_introduced_name(match: re.Match) -> str:
    """« je suis Marie Durand » hides the name; « je suis Maire de Quillan » or « je suis Mende » keeps what follows,
    a role or a single word (a commune may be named that way too)."""
    words = match.group(1).split()
    if words[0].lower() in _ROLES or len(words) < 2:
        return match.group(0)
    return match.group(0)[:match.start(1) - match.start(0)] + "[nom]"
