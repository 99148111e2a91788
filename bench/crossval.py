"""How the intent classifier's features were chosen: 5-fold cross-validation on the training data only.

The trained model's featurizers turn every training example into features once; the logistic regression is then
fitted as the shipped classifier fits it (rasa_components/multinomial.py, scikit-learn's objective) on four fifths
of the examples and scored on the fifth left out, for Rasa's own feature row (raw counts side by side), for the
shipped one (rasa_components/intent_classifier.py) alone, and for the shipped committee (the mean of that model
and of one model per group of featurizers). An answer counts as given when the FallbackClassifier of config.yml
lets its intent through. The featurizers' vocabularies come from all the training data, the same for
every row. The held-out paraphrases play no part here.
"""
from __future__ import annotations

import logging
import warnings
from collections import Counter
from pathlib import Path

import numpy as np
import yaml
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message
from scipy.sparse import csr_matrix, vstack
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from bot.settings import PROJECT_ROOT
from rasa_components import multinomial
from rasa_components.intent_classifier import LinearIntentClassifier, sentence_row


def featurized_examples(model: Path) -> list[Message]:
    """The training examples with the features the trained model's featurizers give them."""
    from rasa.core.agent import Agent
    from rasa.core.channels.channel import UserMessage
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    processor = Agent.load(str(model)).processor
    nodes = processor.model_metadata.predict_schema.nodes
    classifier = next(name for name, node in nodes.items() if node.uses is LinearIntentClassifier)
    featurized = nodes[classifier].needs["messages"]
    examples = load_data(str(PROJECT_ROOT / "data" / "nlu")).intent_examples
    messages = processor.graph_runner.run(inputs={"__message__": [UserMessage(e.get("text")) for e in examples]},
                                          targets=[featurized])[featurized]
    for message, example in zip(messages, examples):
        message.set("intent", example.get("intent"))
    return messages


def out_of_fold(rows: csr_matrix, intents: np.ndarray, C: float, max_iter: int, folds: int = 5) -> np.ndarray:
    """Each example's confidences from the model fitted without its fold."""
    probabilities = np.zeros((len(intents), np.unique(intents).size))
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=1).split(rows, intents):
        model = LogisticRegression(C=C, max_iter=max_iter, class_weight="balanced")
        multinomial.fit(model, rows[train], intents[train])
        probabilities[test] = model.predict_proba(rows[test])
    return probabilities


def given(probabilities: np.ndarray, intents: np.ndarray, threshold: float,
          ambiguity_threshold: float) -> tuple[float, float]:
    """Shares of the examples answered with the right intent and with a wrong one, the FallbackClassifier's way."""
    best = np.unique(intents)[probabilities.argmax(axis=1)]
    top, second = np.sort(probabilities, axis=1)[:, :-3:-1].T
    answered = (top >= threshold) & (top - second >= ambiguity_threshold)
    return ((best == intents) & answered).mean(), ((best != intents) & answered).mean()


def main(model: Path) -> None:
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    pipeline = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    shipped = next(c for c in pipeline if c["name"].endswith("LinearIntentClassifier"))
    fallback = next(c for c in pipeline if c["name"] == "FallbackClassifier")
    thresholds = {key: fallback[key] for key in ("threshold", "ambiguity_threshold")}
    messages = featurized_examples(model)
    intents = np.array([message.get("intent") for message in messages])
    left_out = tuple(shipped.get("left_out_featurizers", []))

    def shipped_model(kept: tuple[str, ...] | None) -> np.ndarray:
        rows = vstack([sentence_row(message, left_out, kept) for message in messages], format="csr")
        return out_of_fold(rows, intents, shipped["C"], shipped["max_iter"])

    alone = shipped_model(None)
    committee = np.mean([alone] + [shipped_model(tuple(group)) for group in shipped.get("committee", [])], axis=0)
    found = {
        "traits de Rasa (comptes bruts côte à côte), C = 1": out_of_fold(
            LogisticRegressionClassifier._create_X(None, messages).tocsr(), intents, 1.0, shipped["max_iter"]),
        "traits livrés (comptes atténués et ramenés à l'unité par featurizer), un seul modèle": alone,
        "traits livrés, comité du config.yml (moyenne des confiances)": committee,
    }
    print(f"Validation croisée à 5 plis sur les {len(messages)} exemples d'entraînement (intention en tête, "
          f"réponse donnée juste, réponse fausse donnée avec assurance, seuils du config.yml) :")
    for name, probabilities in found.items():
        first = (np.unique(intents)[probabilities.argmax(axis=1)] == intents).mean()
        right, wrong = given(probabilities, intents, **thresholds)
        print(f"  {name} : en tête {first:.1%}, juste {right:.1%}, fausse {wrong:.1%}")
    wrong_committee = given(committee, intents, **thresholds)[1]
    level = min((t for t in np.arange(0.30, 0.90, 0.01)
                 if given(alone, intents, t, thresholds["ambiguity_threshold"])[1] <= wrong_committee), default=0.90)
    right, wrong = given(alone, intents, level, thresholds["ambiguity_threshold"])
    print(f"  le modèle seul, au seuil {level:.2f} qui ne donne pas plus de réponses fausses que le comité : "
          f"juste {right:.1%}, fausse {wrong:.1%}")
    best = np.unique(intents)[committee.argmax(axis=1)]
    confused = Counter(zip(intents[best != intents], best[best != intents]))
    print("Intentions les plus confondues par le comité (intention attendue → mise en tête, exemples) :")
    for (expected, put_first), count in confused.most_common(12):
        print(f"  {expected} → {put_first} : {count}")


if __name__ == "__main__":
    from tests.bot_process import MODEL

    main(MODEL)
