"""What a town hall says of its situation in its own words, before or instead of answering the form's question.

« On avait une convention l'an dernier et on ajoute une école » already answers two of the situation's questions.
Each reading is deliberately narrow: a statement it does not recognise is asked as usual, whereas a wrong reading
would give the wrong situation. A convention is read as last year's only with a word that says so (« l'an
dernier », « déjà », « renouveler »), since « on n'a pas encore signé la convention » speaks of this year's.
"""
from __future__ import annotations

import re

from bot.parsing import plain_text

_LAST_YEAR = r"l['\s]an (dernier|passe)|l['\s]annee (scolaire )?(derniere|passee|precedente)"
_NEGATION = r"\b(pas|jamais|aucune?|sans|ni)\b"
_SCHOOL = (r"(d'|de |des |une |un |la |l'|les |nos |notre |deux |trois |nouvelles? |\d+ )*"
           r"(ecoles?|maternelles?|elementaires?|primaires?|groupes? scolaires?|rpi)\b")


def _past_year(previous_start_year: int | None) -> str:
    """« l'an dernier », and the previous school year by its years (« 2021-2022 », « 21/22 ») when known: a year
    alone could be either half of a school year."""
    if previous_start_year is None:
        return f"({_LAST_YEAR})"
    start, end = previous_start_year, previous_start_year + 1
    return rf"({_LAST_YEAR}|\b({start}|{start % 100:02d}) ?[-/] ?({end}|{end % 100:02d})\b)"


def _no_previous_convention(past: str) -> str:
    """Read in any message: the past school year is named, or the wording leaves no doubt."""
    return (_NEGATION + r"[^.;!?]{0,40}\bconvention[^.;!?]{0,30}" + past
            + r"|" + past + r"[^.;!?]{0,40}" + _NEGATION + r"[^.;!?]{0,20}\bconvention"
            r"|\bjamais (eu|signe) (de |d'|la |une )?(convention|l'ent|ent)\b|\bjamais (adhere|utilise l'ent)"
            r"|\b(pas|jamais) (ete )?(adherente?s?|conventionnee?s?)\b"
            r"|\b(pas|jamais) (signe|adhere)\b[^.;!?]{0,20}" + past
            + r"|\b(pas|jamais) (eu )?(l'ent|l ent)\b[^.;!?]{0,20}" + past
            + r"|" + past + r"[^.;!?]{0,20}\b(pas|jamais) (d'ent|de l'ent|l'ent|d'adhesion)\b"
            + r"|\b(premiere|1ere|1re) (adhesion|convention|demande d'adhesion)\b|\bnouve(l|lle|aux|lles) adherent"
            r"|\bpremiere fois (qu'|que |qu )[^.;!?]{0,25}(\badher|\bconventionn|\bl['\s]?ent\b)"
            r"|\b(adher|conventionn)\w* (a l'ent |a l ent )?pour la premiere fois"
            r"|\bpremiere annee (avec|sur|dans|a|de) (l'ent|l ent|ent)\b"
            r"|\bnouve(lle|au|aux|lles) (commune |communes )?(sur|a|dans) (l'ent|l ent)\b"
            r"|\bjamais (ete )?(sur|a|dans) (l'ent|l ent)\b"
            # The imperfect says the past: « la commune n'avait pas de convention ».
            r"|\bn'(avait|avions|avaient) (pas|jamais) (eu )?(de |d'|la |une )?(convention|l'ent)\b")


def _previous_convention(past: str) -> str:
    return (r"\bconvention[^.;!?]{0,40}" + past + r"|" + past + r"[^.;!?]{0,40}\bconvention"
            r"|\bdeja (sous convention|une convention|(eu|signe) (une|la) convention|conventionnes?|adherents?"
            r"|adhere|l'ent\b|utilisateurs?)|\b(etait|etions|etaient) deja inscrit"
            r"|\b(etait|etions|etaient) (deja )?(conventionnee?s?|adherente?s?)\b"
            r"|\b(avait|avions|avaient) (deja )?(conventionne|adhere)\b"
            r"|\b(avait|avions|avaient|utilisait|utilisions|utilisaient) (deja )?(l'ent|l ent)\b[^.;!?]{0,20}" + past
            + r"|\b(utilise|utilisons|avons|avions|avait|a) deja (l'ent|une convention)\b"
            r"|\b(avait|avions|avons|a|ont|avaient) (deja )?(signe|adhere)\b[^.;!?]{0,20}" + past
            + r"|\b(renouvel|reconduct|reconduire)|\b(depuis|des) " + past
            # The schools compared with last year's (« les mêmes écoles qu'en 2021-2022 »): that year had a convention.
            + r"|\b(ecoles?|liste)\b[^.;!?]{0,30}\b(qu'en|que|qu'a|par rapport a|comme en) " + past
            + r"|\bpar rapport a " + past + r"[^.;!?]{0,40}\becoles?\b")


# Read only in answer to the question (« avait-elle signé une convention l'année dernière ? »), or to correct it.
_NO_CONVENTION_ASKED = re.compile(_NEGATION + r"[^.;!?]{0,25}\bconvention")
_CONVENTION_ASKED = re.compile(r"\b(avait|avions|avons|a|eu|signe|une|bien)\b[^.;!?]{0,20}\bconvention")

_SAME_SCHOOLS = re.compile(
    # « pas les mêmes écoles » is a change.
    r"(?<!pas les )(?<!pas la )(?<!plus les )(?<!plus la )\bmemes? (liste|ecoles?)\b"
    r"|\bliste (des ecoles |d'ecoles )?(est |reste )?(inchangee|identique)|\bmeme perimetre\b"
    r"|\b(on garde|gardons|on conserve|conservons) (tout|toutes (nos|les) ecoles|les memes)\b"
    r"|\bsans changement|\brien ne change|\b(pas|aucun|aucune) (de )?(changement|modification)"
    r"|\b(ajout|rajout|retir|enlev|supprim|modifi|change)\w* (pas|rien|aucune)\b"
    r"|\b(pas|aucune) (d'|de )?(nouvelles? |autres? )?ecoles? (en plus|en moins|de plus|de moins|supplementaires?"
    r"|nouvelles?)|\b(pas|aucune) (d'|de )?nouvelles? ecoles?\b")
_CHANGED_SCHOOLS = re.compile(
    r"\b(ajout|rajout|retir|enlev|supprim)\w* " + _SCHOOL + r"|\bnouvelles? ecoles?\b"
    r"|\becoles? (en plus|en moins|de plus|de moins|supplementaires?|fermee|ferme)\b|\bferm\w* (d')?" + _SCHOOL
    + r"|\b(une|deux|trois|\d+) (d'entre elles |d'elles )?(ferme|ferment|fermera|fermeront)\b"
    r"|\ben (ajout|rajout|retir|enlev|supprim)\w* (un|une|deux|trois|quatre|cinq|\d+)\b"  # « on en ajoute 2 »
    r"|\bnouveaux? groupes? scolaires?\b|\b(l'une|une ecole|l'ecole|une d'elles) (est )?remplacee\b"
    + r"|\b(change|modifi)\w* (de |la |notre |nos |les )?(liste|ecoles)\b|\bla liste (des ecoles )?change"
    r"|\bchangement (de|dans) (la )?liste|\bchangement d'ecoles?\b|\b(pas|plus) (les|la) memes? (liste|ecoles?)\b")

# The demande not made yet. In answer to « à quelle date avez-vous fait la demande ? », a bare « pas encore » or « on
# n'a pas encore déposé »; said otherwise, only with the demande named or planned (« on va la faire la semaine
# prochaine »: a date said wins over it). Never in a clause about the convention, which comes after the demande
# (« on a fait la demande mais la convention n'est pas encore envoyée »).
_BARE_NOT_YET = re.compile(r"^(non )?(pas encore|pas fait|pas faite|a faire|bientot)$")
_NOT_MADE = re.compile(r"\b(pas encore|pas|jamais)( ete)? (fait|faite|deposee?|envoyee?|remplie?|saisie?|effectuee?"
                       r"|formulee?)\b")
_DEMANDE = re.compile(r"\b(demande|dossier)\b")
_NO_DEMANDE_YET = re.compile(r"\bpas encore (de |fait de |fait la |depose la |depose de )?demande\b")
_PLANNED = re.compile(r"\b(va|vais|allons|compte|comptons|prevoit|prevoyons|pense|pensons) (de )?(la |le )?(faire"
                      r"|deposer|remplir|envoyer)\b(?! signer)|\b(la|le) (ferai|fera|ferons)\b"
                      r"|\b(sera|va etre) (faite|deposee|envoyee)\b|\bd'ici peu\b")
_CLAUSES = re.compile(r"[,;.!]| mais | puis | et ")
_SENTENCES = re.compile(r"[^.!?]+[.!?]*")  # each with the mark that ends it, which tells a question

_DAY_WORDS = (r"(le|en|au|fin|debut|mi|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier|avant-hier"
              r"|aujourd'hui|aujourd hui|ce matin|il y a)")
_FILED = r"faite?|deposee?|envoyee?|soumise?|effectuee?|remplie?|transmise?|adressee?|enregistree?|validee?"
# A date said to be the demande's (« on a fait la demande le 10 octobre », « demande faite le 3/10 », « notre
# demande du 12 septembre », « dossier déposé le 20 septembre », « la demande est partie vendredi dernier »,
# « dossier transmis sur Démarches simplifiées le 28 septembre »), not one a question asks about (« faut-il la
# renvoyer avant le 10 décembre ? »).
_DEMANDE_DATED = re.compile(
    r"\b(a|ai|avons|avez|as|ont) (bien )?(ete )?(fait|faite|depose|deposee|envoye|envoyee|rempli|remplie|saisi|soumis"
    r"|soumise|effectue|effectuee|valide|validee|transmis|transmise|adresse|adressee|enregistre|enregistree)\b"
    rf"|\b({_FILED}) {_DAY_WORDS}\b|\bdemande (d'adhesion )?(du|date de|datee? du)\b|\bdemande (d'adhesion )?le \d"
    rf"|\bdepot (de la demande|de notre demande|du formulaire|du dossier) {_DAY_WORDS}\b"
    r"|\b(jours?|semaines?)( pile)? qu(e |')(la |notre |le |l')?(demande|dossier|formulaire)\b"
    rf"|\b(demande|dossier|formulaire)\b[^.;!?]{{0,15}}\b({_FILED}|partie?|partira)\b[^.;!?]{{0,40}}\b{_DAY_WORDS}\b"
    # Planned: « on déposera la demande le 17 octobre ».
    rf"|\b((deposer|fer|enverr|remplir|transmettr|saisir)(a|ai|ons|ont)|(va|vais|allons|vont) (deposer|faire|envoyer"
    rf"|remplir|transmettre))\b (la |le |notre )?(demande|dossier)\b[^.;!?]{{0,20}}\b{_DAY_WORDS}\b"
    rf"|\bdepot (de la demande|de notre demande|du formulaire|du dossier) (est )?(prevue?|programmee?) {_DAY_WORDS}\b")

_CORRECTION = re.compile(r"\b(pardon|en fait|je me suis trompee?|erreur|plutot|je voulais dire|excusez|desolee?)\b")
_QUESTION = re.compile(r"\?|^(comment|pourquoi|est-ce|quand|quel|quelle|combien|ou|que|qu'|faut-il|dois-je|peut-on"
                       r"|puis-je|doit-on)\b")


# Words of the situation's own questions: a message with one asks for the situation, not for what was just answered.
_SITUATION_WORDS = re.compile(r"\b(situation|cas|dates?|delais?|echeances?|quand|jusqu|limites?|retour|retard"
                              r"|renvoyer|deposer|demande)\b")


def _read(text: str, no: re.Pattern | str, yes: re.Pattern | str) -> bool | None:
    plain = plain_text(text)
    if re.search(no, plain):
        return False
    if re.search(yes, plain):
        return True
    return None


def speaks_of_last_year(text: str, previous_start_year: int | None = None) -> bool:
    """« l'an dernier », « en 2021-2022 »: the school year before the campaign in force is named."""
    return bool(re.search(_past_year(previous_start_year), plain_text(text)))


def stated_previous_convention(text: str, previous_start_year: int | None = None, asked: bool = False) -> bool | None:
    """Whether the message says the collectivité had a convention last school year; None if it does not say.

    `previous_start_year`: that school year's first year (2021 during the 2022-2023 campaign), from the database.
    `asked`: the message answers (or corrects the answer to) that very question, which then names the year.
    """
    past = _past_year(previous_start_year)
    said = _read(text, _no_previous_convention(past), _previous_convention(past))
    return _read(text, _NO_CONVENTION_ASKED, _CONVENTION_ASKED) if said is None and asked else said


def stated_school_list_change(text: str) -> bool | None:
    """Whether the message says the list of schools changes this year; None if it does not say."""
    return _read(text, _SAME_SCHOOLS, _CHANGED_SCHOOLS)


def stated_not_filed(text: str, asked: bool = False) -> bool:
    """Whether the message says the demande d'adhésion is not made yet; `asked`: in answer to its date's question."""
    statements = " . ".join(sentence for sentence in _SENTENCES.findall(text) if not is_question(sentence))
    for clause in (c.strip() for c in _CLAUSES.split(plain_text(statements))):
        if not clause or "convention" in clause:
            continue
        if _NO_DEMANDE_YET.search(clause) or _PLANNED.search(clause):
            return True
        if _NOT_MADE.search(clause) and (asked or _DEMANDE.search(clause)) or asked and _BARE_NOT_YET.match(clause):
            return True
    return False


def dates_the_demande(text: str) -> bool:
    """Whether a date in the message is said to be the demande's, even within a question on the deadlines."""
    return bool(_DEMANDE_DATED.search(plain_text(text)))


def is_correction(text: str) -> bool:
    """« non pardon… », « en fait… »: the leading « non » corrects what was said, it does not answer the question."""
    return bool(_CORRECTION.search(plain_text(text)))


def is_question(text: str) -> bool:
    return bool(_QUESTION.search(plain_text(text)))


_NOT_A_WORD = re.compile(r"(\w)\1\1|^[^aeiouy]{4,}$")


def is_keyboard_noise(text: str) -> bool:
    """« aaaaaaaa », « qsdfghjklm »: no word of any language, every letter run repeated or without a vowel."""
    words = re.findall(r"[a-z]+", plain_text(text))
    return bool(words) and all(_NOT_A_WORD.search(word) for word in words)


_PROBLEM = re.compile(r"\b(n'arrive pas|n'arrivons pas|ne trouve pas|ne vois pas|impossible|probleme|ne marche pas"
                      r"|ne fonctionne pas)\b")


def asks_something(text: str) -> bool:
    """A question, or a problem said as a statement (« je n'arrive pas à me connecter »); not a wish as general as
    « je voudrais des renseignements »."""
    return is_question(text) or bool(_PROBLEM.search(plain_text(text)))


# What the situation's answer tells a commune: its case, its deadlines, its access at the rentrée and when it is
# withdrawn. Not « quand » or « date » alone: « quand recevrons-nous le titre de perception ? » asks another topic.
_ABOUT_THE_SITUATION = re.compile(r"\b(situation|cas|delais?|echeances?|butoir|limites?|retard"
                                  r"|rentree|acces|connecter|utiliser|coupee?s?|perd\w*|retir\w*|ouvr\w*|demarrer"
                                  r"|avant quel)\b")


def asks_about_the_situation(text: str) -> bool:
    """The message's question (or its last sentence) asks what the situation answers (« …, demande du 5 septembre. Nos
    écoles peuvent-elles se connecter dès la rentrée ? »), not another topic (« …, qui doit signer ? »)."""
    sentences = [sentence for sentence in _SENTENCES.findall(plain_text(text)) if sentence.strip(" .!?")]
    asked = [sentence for sentence in sentences if sentence.endswith("?")] or sentences[-1:]
    return any(_ABOUT_THE_SITUATION.search(sentence) for sentence in asked)


_WHICH_SITUATION = re.compile(r"\b(quelle|notre|ma|leur|sa|la) situation\b|\bquel cas\b|\bsituation [abc]\b")


def asks_which_situation(text: str) -> bool:
    """« elles sont dans quel cas ? », « quelle est notre situation ? »: the situation itself, not a date of it."""
    return bool(_WHICH_SITUATION.search(plain_text(text)))


def speaks_of_the_situation(text: str) -> bool:
    """« quelle est la situation de Quillan ? », « et la date limite pour Mende ? », not « et pour Quillan ? »."""
    return bool(_SITUATION_WORDS.search(plain_text(text)))
