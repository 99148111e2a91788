"""`entbot`, the helpdesk command line: a collectivité's card, a situation from given facts, imports, set-up.

Exit codes: 0 answered; 1 nothing found or a case the documents do not cover; 2 invalid input;
3 several candidates (choose one and ask again); 4 database unavailable.
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from sqlalchemy.exc import OperationalError

from bot.advice import Advice, Facts, advise
from bot.campaigns import campaigns_for
from bot.db import open_session
from bot.fiche import Ambiguous, BadQuery, Fiche, NotFound, build_fiche, resolve
from bot.french import format_date, format_days, format_euros
from bot.importer import ImportRejected, import_demandes
from bot.knowledge import Answer
from bot.rules.campaign import parse_school_year
from bot.settings import load_settings

OK, NOT_FOUND, INVALID, AMBIGUOUS, DATABASE_DOWN = 0, 1, 2, 3, 4
STATUS_LABELS = {"deposee": "demande déposée, convention pas encore revenue", "convention_signee": "convention signée",
                 "classee_sans_suite": "classée sans suite"}


class _FrenchParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:
        self.print_usage(sys.stderr)
        self.exit(INVALID, f"entbot : erreur : {message}\n")


def _date(text: str) -> date:
    from bot.dates import parse_date_field
    try:
        return parse_date_field(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _yes_no(text: str) -> bool:
    answer = text.strip().lower()
    if answer not in ("oui", "non"):
        raise argparse.ArgumentTypeError(f"« {text} » : répondez oui ou non.")
    return answer == "oui"


def _school_year(text: str) -> int:
    try:
        return parse_school_year(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = _FrenchParser(prog="entbot", description="Assistance ENT-école : fiches des collectivités, situations, "
                                                       "import des demandes, rapport des questions sans réponse.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_FrenchParser,
                                     metavar="{fiche,situation,importer,initialiser,rapport,purger}")

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--date", type=_date, help="la date du jour pour les calculs (AAAA-MM-JJ ou JJ/MM/AAAA)")
        sub.add_argument("--json", action="store_true", help="sortie JSON pour les scripts")

    fiche = commands.add_parser("fiche", help="la fiche d'une collectivité : SIRET, SIREN, UAI ou nom de commune")
    fiche.add_argument("recherche", nargs="+", help="SIRET, SIREN, UAI ou nom (« st chely », « Mende 48 »)")
    common(fiche)

    situation = commands.add_parser("situation", help="la situation A, B ou C à partir de faits donnés")
    situation.add_argument("--convention-precedente", type=_yes_no, required=True, metavar="oui|non",
                           help="la collectivité a-t-elle conventionné l'année précédente ?")
    situation.add_argument("--modifie-ecoles", type=_yes_no, metavar="oui|non",
                           help="modifie-t-elle la liste des écoles ? (inconnu : situation A ou B)")
    situation.add_argument("--date-demande", type=_date, help="date de la demande d'adhésion, si elle est faite")
    situation.add_argument("--date-retour", type=_date, help="date de retour de la convention signée, si elle l'est")
    situation.add_argument("--ecoles", type=int, metavar="N", help="nombre d'écoles inscrites (pour le coût)")
    situation.add_argument("--annee", type=_school_year, metavar="2022-2023", help="année scolaire (défaut : "
                                                                                  "la campagne en cours)")
    common(situation)

    importer = commands.add_parser("importer", help="importe la liste des demandes de l'académie (CSV)")
    importer.add_argument("fichier", help="fichier CSV (en-tête décrit dans le README)")

    commands.add_parser("initialiser", help="crée ou met à jour la base et y charge les données de référence")

    purge = commands.add_parser("purger", help="supprime les conversations et demandes plus anciennes que la durée "
                                                "de conservation (RGPD)")
    purge.add_argument("--jours", type=int, help="durée de conservation en jours (défaut : ENTBOT_RETENTION_DAYS, 90)")

    report = commands.add_parser("rapport", help="les questions restées sans réponse : non comprises, hors sujet, "
                                                  "dans une autre langue ou sur une valeur que la campagne en base "
                                                  "n'a pas (sans données personnelles) ; les demandes de contact à "
                                                  "traiter")
    report.add_argument("--jours", type=int, default=30, help="période couverte, en jours (défaut : 30)")
    report.add_argument("--json", action="store_true", help="sortie JSON pour les scripts")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except OperationalError as exc:
        print(f"La base de données est injoignable : {exc.orig}", file=sys.stderr)
        return DATABASE_DOWN


def _run(args: argparse.Namespace) -> int:
    if args.command == "initialiser":
        from bot.seed import seed
        seed()
        print("Base prête : données de référence, campagnes et demandes chargées.")
        return OK
    if args.command == "importer":
        with open_session() as session:
            try:
                report = import_demandes(session, args.fichier)
            except ImportRejected as rejected:
                for error in rejected.errors:
                    print(error, file=sys.stderr)
                print(f"{rejected} Corrigez le fichier puis relancez l'import.", file=sys.stderr)
                return INVALID
            except FileNotFoundError:
                print(f"Le fichier « {args.fichier} » n'existe pas.", file=sys.stderr)
                return INVALID
        print(f"Import terminé : {report.created} demande(s) ajoutée(s), {report.updated} mise(s) à jour.")
        return OK

    if args.command == "purger":
        from bot.purge import purge
        settings = load_settings()
        days = args.jours or settings.retention_days
        try:
            done = purge(settings.database_url, settings.tracker_store_url, days)
        except ValueError as exc:
            print(exc, file=sys.stderr)
            return INVALID
        print(f"Conservation {days} jours : {done.conversations} conversation(s) ({done.events} événements), "
              f"{done.handoff_requests} demande(s) de contact et {done.unanswered_questions} question(s) sans "
              "réponse supprimées.")
        return OK
    if args.command == "rapport":
        return _report(args.jours, args.json)
    today = args.date or load_settings().today()
    with open_session() as session:
        if args.command == "fiche":
            return _fiche(session, " ".join(args.recherche), today, args.json)
        campaigns = campaigns_for(session, today, args.annee)
    facts = Facts(conventioned_last_year=args.convention_precedente, changes_school_list=args.modifie_ecoles,
                  demande_date=args.date_demande, returned_date=args.date_retour, school_count=args.ecoles)
    advice = advise(campaigns, facts, today)
    if args.json:
        _print_json({"date_du_jour": today.isoformat(), "annee_scolaire": campaigns.current and
                     campaigns.current.school_year, **advice.as_dict()})
    else:
        _print_advice(advice, advice.sentences)
    return OK if advice.covered else NOT_FOUND


def _report(days: int, as_json: bool) -> int:
    from bot.reports import report
    with open_session() as session:
        data = report(session, days)
    if as_json:
        _print_json(data)
        return OK
    print(f"Questions sans réponse (non comprises, hors sujet, autre langue, absentes de la campagne en base) ces "
          f"{days} derniers jours : "
          f"{data['questions_non_comprises']}")
    for item in data["questions"]:
        print(f"  {item['nombre']:>3} ×  {item['texte']}")
    print(f"Demandes de contact à traiter : {data['demandes_de_contact_a_traiter']}")
    return OK


def _fiche(session, query: str, today: date, as_json: bool) -> int:
    try:
        found = resolve(session, query)
    except BadQuery as exc:
        return _fail(str(exc), INVALID, as_json)
    if isinstance(found, NotFound):
        return _fail(found.message, NOT_FOUND, as_json)
    if isinstance(found, Ambiguous):
        if as_json:
            _print_json({"erreur": "plusieurs résultats", "choix": [c.__dict__ for c in found.choices]})
        else:
            print(f"Plusieurs résultats pour « {query} » : précisez votre recherche.")
            for choice in found.choices:
                print(f"  - {choice.label} : entbot fiche \"{choice.query}\"")
        return AMBIGUOUS
    fiche = build_fiche(session, found, today)
    if as_json:
        _print_json({"date_du_jour": today.isoformat(), **fiche.as_dict()})
    else:
        _print_fiche(fiche)
    return OK


def _fail(message: str, code: int, as_json: bool) -> int:
    if as_json:
        _print_json({"erreur": message})
    else:
        print(message, file=sys.stderr)
    return code


def _print_json(payload: dict) -> None:
    print(json.dumps(payload, ensure_ascii=False, indent=2))


def _print_fiche(fiche: Fiche) -> None:
    print(f"{fiche.name} — {fiche.type}, SIREN {fiche.siren} (signataire : {fiche.signatory})")
    if fiche.commune:
        c = fiche.commune
        print(f"Commune : {c['nom']} ({c['departement']}, {c['nom_departement']}), INSEE {c['insee']}"
              + (f" — {c['intercommunalite']}" if c["intercommunalite"] else ""))
        mairie = " · ".join(v for v in c["mairie"].values() if v)
        if mairie:
            print(f"Mairie : {mairie}")
    if len(fiche.communes) > 1:
        print(f"Communes couvertes : {', '.join(fiche.communes)}")
    print(f"Écoles ({len(fiche.schools)}) :")
    for school in fiche.schools:
        pupils = f", {school.pupils} élèves" if school.pupils is not None else ""
        print(f"  {school.uai}  {school.name} ({school.type}{pupils}) — {school.commune}")
    for title, line in (("Convention précédente", fiche.previous), ("Demande en cours", fiche.current)):
        if line is None:
            print(f"{title} : aucune")
            continue
        parts = [line.school_year, STATUS_LABELS[line.status]]
        if line.dossier_number:
            parts.append(f"dossier {line.dossier_number}")
        if line.demande_date:
            parts.append(f"demande du {format_date(line.demande_date)}")
        if line.returned_date:
            parts.append(f"convention revenue le {format_date(line.returned_date)}")
        print(f"{title} : {', '.join(parts)}{' [FICTIF]' if line.is_demo else ''}")
    if fiche.file_name:
        print(f"Nom du fichier de la convention : {fiche.file_name}")
    _print_advice(fiche.advice, fiche.script)


def _print_advice(advice: Advice, sentences: list[Answer]) -> None:
    print(f"Situation : {advice.situation or 'non couverte par les documents'}")
    if advice.deadlines:
        print("Échéances :")
        for deadline in advice.deadlines:
            print(f"  {format_date(deadline.day)} — {deadline.label} ({format_days(deadline.days_left)})")
    if advice.cost is not None:
        print(f"Coût annuel : {format_euros(advice.cost)}")
    print("À lire à l'appelant :")
    for number, sentence in enumerate(sentences, start=1):
        print(f"  {number}. {sentence.text}")
        if sentence.source_line:
            print(f"     {sentence.source_line}")


if __name__ == "__main__":
    sys.exit(main())
