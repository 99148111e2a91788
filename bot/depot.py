"""Where a town hall already is in the upload walkthrough, from its own words.

« La convention est signée et scannée, je la mets où ? » is past the first three steps: the walkthrough starts at the
step the words reach, and « Étape suivante » goes on from there. A question without such words (« comment déposer la
convention signée ? ») starts at step 1, since the demande may not be validated yet.
"""
from __future__ import annotations

import re

from bot.parsing import plain_text

# The convention signed or scanned, said as done: only its deposit is left (step 4).
_SIGNED = re.compile(r"\b(ai|a|avons|ont|est|sont|j'ai|on a)\b[^.;!?]{0,30}\b(signee?s?|scannee?s?|numerisee?s?)\b"
                     r"|\b(pdf|scan)\b[^.;!?]{0,15}\bsignee?\b")
# The demande just validated, its confirmation screen in front of them (step 2).
_DEMANDE_SENT = re.compile(r"\bclique\w* sur (le bouton )?\W{0,2}deposer le dossier"
                           r"|\becran (de confirmation|merci)|\b(demande|dossier) (est )?(envoyee?|deposee?|validee?)\b"
                           r"[^.;!?]{0,40}\b(maintenant|ensuite|apres|mais)\b")
# The pre-filled convention looked for, to download and print (step 3).
_CONVENTION_TO_PRINT = re.compile(
    r"\b(convention|document|formulaire|papier)\b[^.;!?]{0,15}\b(a imprimer|pre-?remplie?|a (faire )?signer)\b"
    r"|\b(telecharger|imprimer|recuperer) (la |ma |notre )?convention"
    r"|\b(ou|comment) (trouver|est) (la |ma |notre )?convention")


def step_reached(text: str) -> int | None:
    """The walkthrough's step (2 to 4) the message says the user is at; None when it says none."""
    plain = plain_text(text)
    if _SIGNED.search(plain):
        return 4
    if _DEMANDE_SENT.search(plain):
        return 2
    if _CONVENTION_TO_PRINT.search(plain):
        return 3
    return None
