"""Where the user is in the upload walkthrough, from their words (bot/depot.py)."""
import pytest

from bot.depot import step_reached


@pytest.mark.parametrize("text, expected", [
    ("La convention est signée et scannée, je la mets où exactement sur le site ?", 4),
    ("j'ai la convention signee et scannee, je la depose ou exactement sur demarches simplifiees", 4),
    ("le maire a signé, on envoie où ?", 4),
    ("où déposer le pdf signé ?", 4),
    ("J'ai cliqué sur déposer le dossier, et maintenant je fais quoi pour avoir la convention ?", 2),
    ("demande envoyée, j'ai eu l'écran merci, mais je trouve pas la convention à imprimer", 2),
    ("ou est ce que je trouve la convention a imprimer dans mon dossier ?", 3),
    ("comment télécharger la convention pré-remplie ?", 3),
    ("le document pré-rempli pour la signature du maire, je clique sur quoi ?", 3),
    # Nothing done yet that the words say: from the first step.
    ("pouvez-vous m'expliquer comment déposer la convention signée ?", None),
    ("comment déposer la convention ?", None),
    ("étape suivante", None),
])
def test_the_step_the_words_reach(text, expected):
    assert step_reached(text) == expected
