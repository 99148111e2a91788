"""How the intent classifier's features were chosen: 5-fold cross-validation on the training data only.

The trained model's featurizers turn every training example into features once; the logistic regression is then
fitted as the shipped classifier fits it (rasa_components/multinomial.py, scikit-learn's objective) on four fifths
of the examples and scored on the fifth left out, for Rasa's own feature row (raw counts side by side) and for the
shipped one (rasa_components/intent_classifier.py). An answer counts as given when the FallbackClassifier of
config.yml lets its intent through. The featurizers' vocabularies come from all the training data, the same for
both rows. The held-out paraphrases play no part here.
"""
from __future__ import annotations

import logging
import warnings
from collections import Counter
from pathlib import Path
from typing import Callable

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


def scores(rows: csr_matrix, intents: np.ndarray, settings: dict,
           folds: int = 5) -> tuple[float, float, float, Counter]:
    """Shares of examples whose intent comes first, is given as the answer, and of wrong intents given; and how
    often each (intent, intent put first instead) pair occurs, to show where more training examples would help."""
    first = given = wrong = 0
    confused: Counter = Counter()
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=1).split(rows, intents):
        model = LogisticRegression(C=settings["C"], max_iter=settings["max_iter"], class_weight="balanced")
        multinomial.fit(model, rows[train], intents[train])
        probabilities = model.predict_proba(rows[test])
        best = model.classes_[probabilities.argmax(axis=1)]
        top, second = np.sort(probabilities, axis=1)[:, :-3:-1].T
        answered = (top >= settings["threshold"]) & (top - second >= settings["ambiguity_threshold"])
        first += (best == intents[test]).sum()
        given += ((best == intents[test]) & answered).sum()
        wrong += ((best != intents[test]) & answered).sum()
        confused.update(zip(intents[test][best != intents[test]], best[best != intents[test]]))
    return first / len(intents), given / len(intents), wrong / len(intents), confused


def main(model: Path) -> None:
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    pipeline = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    shipped = next(c for c in pipeline if c["name"].endswith("LinearIntentClassifier"))
    fallback = next(c for c in pipeline if c["name"] == "FallbackClassifier")
    messages = featurized_examples(model)
    intents = np.array([message.get("intent") for message in messages])
    rows: dict[str, tuple[Callable[[list[Message]], csr_matrix], dict]] = {
        "traits de Rasa (comptes bruts côte à côte), C = 1": (
            lambda batch: LogisticRegressionClassifier._create_X(None, batch).tocsr(), {"C": 1.0}),
        "traits livrés (comptes atténués et ramenés à l'unité par featurizer), C du config.yml": (
            lambda batch: vstack([sentence_row(message, tuple(shipped.get("left_out_featurizers", [])))
                                  for message in batch], format="csr"), {"C": shipped["C"]}),
    }
    print(f"Validation croisée à 5 plis sur les {len(messages)} exemples d'entraînement (intention en tête, "
          f"réponse donnée juste, réponse fausse donnée avec assurance) :")
    for name, (build, settings) in rows.items():
        first, given, wrong, confused = scores(build(messages), intents,
                                               {"max_iter": shipped["max_iter"], **fallback, **settings})
        print(f"  {name} : en tête {first:.1%}, juste {given:.1%}, fausse {wrong:.1%}")
    print("Intentions les plus confondues par les traits livrés (intention attendue → mise en tête, exemples) :")
    for (expected, put_first), count in confused.most_common(12):
        print(f"  {expected} → {put_first} : {count}")


if __name__ == "__main__":
    from tests.bot_process import MODEL

    main(MODEL)
