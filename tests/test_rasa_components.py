"""The project's replacements of Rasa 3.6 parts (rasa_components/, channels/event_types.py and rule_lookup.py) give
Rasa's own results."""
from __future__ import annotations

import asyncio
import json
import random
import tarfile

import numpy as np
import pytest
from rasa.core.policies.rule_policy import RulePolicy
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.utils.common import all_subclasses
from scipy.sparse import csr_matrix, hstack, vstack
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize
from sqlalchemy.engine import make_url

from channels import event_types, rule_lookup
from rasa_components import multinomial
from rasa_components.intent_classifier import LinearIntentClassifier, sentence_row
from rasa_components.tracker_store import CachedSQLTrackerStore
from tests.bot_process import MODEL


def store(cls: type[SQLTrackerStore], url: str) -> SQLTrackerStore:
    parts = make_url(url)
    if parts.get_backend_name() == "sqlite":
        return cls(Domain.empty(), dialect="sqlite", db=parts.database)
    return cls(Domain.empty(), dialect="postgresql", host=parts.host, port=parts.port, db=parts.database,
               username=parts.username, password=parts.password)


@pytest.fixture
def stores(database_url, request):
    """Two instances' cached stores and Rasa's plain store, on one database (SQLite and PostgreSQL)."""
    sender = f"test-{request.node.name}"
    first, second = store(CachedSQLTrackerStore, database_url), store(CachedSQLTrackerStore, database_url)
    plain = store(SQLTrackerStore, database_url)
    asyncio.run(first.create_tracker(sender))
    yield sender, first, second, plain
    for each in (first, second, plain):
        each.engine.dispose()


def turn(tracker: DialogueStateTracker, text: str) -> None:
    """A user message and the bot's answer, as Rasa's processor adds them."""
    tracker.update(UserUttered(text, {"name": "greet", "confidence": 1.0}))
    tracker.update(ActionExecuted("utter_answer"))
    tracker.update(BotUttered(f"réponse à {text}"))
    tracker.update(ActionExecuted("action_listen"))


def stored(plain: SQLTrackerStore, sender: str) -> list[dict]:
    """The current session as Rasa's own SQL tracker store reads it."""
    return [event.as_dict() for event in asyncio.run(plain.retrieve(sender)).events]


def events(tracker: DialogueStateTracker) -> list[dict]:
    return [event.as_dict() for event in tracker.events]


def handle(store_: CachedSQLTrackerStore, sender: str, text: str) -> DialogueStateTracker:
    tracker = asyncio.run(store_.retrieve(sender))
    turn(tracker, text)
    asyncio.run(store_.save(tracker))
    return tracker


def test_a_conversation_is_kept_and_read_as_rasa_reads_it(stores):
    sender, first, _, plain = stores
    for number in range(3):
        tracker = handle(first, sender, f"message {number}")
        assert events(tracker) == stored(plain, sender)
        assert asyncio.run(first.retrieve(sender)) is tracker  # no new event stored: the same tracker, not re-read
    assert len(stored(plain, sender)) == 1 + 3 * 4  # the first action_listen, then four events a turn, each once


def test_events_stored_by_another_instance_are_read(stores):
    sender, first, second, plain = stores
    handle(first, sender, "sur la première instance")
    handle(second, sender, "sur la seconde")
    tracker = handle(first, sender, "de retour sur la première")
    assert events(tracker) == stored(plain, sender)
    assert [event["text"] for event in stored(plain, sender) if event["event"] == "user"] == [
        "sur la première instance", "sur la seconde", "de retour sur la première"]


def test_a_tracker_changed_but_never_saved_is_read_again(stores):
    sender, first, _, plain = stores
    tracker = handle(first, sender, "enregistré")
    turn(tracker, "perdu : le traitement a échoué avant l'enregistrement")
    again = asyncio.run(first.retrieve(sender))
    assert again is not tracker
    assert events(again) == stored(plain, sender)
    assert "perdu" not in str(events(again))


def test_a_new_session_is_read_as_rasa_reads_it(stores):
    sender, first, _, plain = stores
    tracker = handle(first, sender, "première session")
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    asyncio.run(first.save(tracker))
    again = asyncio.run(first.retrieve(sender))
    assert events(again) == stored(plain, sender)
    assert "première session" not in str(events(again))


def test_event_classes_are_found_as_rasa_finds_them():
    rasa_resolve = event_types._rasa_resolve_by_type
    names = {cls.type_name for cls in all_subclasses(Event)}
    for name in names:
        assert event_types._resolve_by_type(name) is rasa_resolve(name)
        assert event_types._resolve_by_type(name) is rasa_resolve(name)  # remembered
    assert event_types._resolve_by_type("topic") is None
    assert event_types._resolve_by_type("inconnu", UserUttered) is UserUttered
    with pytest.raises(ValueError):
        event_types._resolve_by_type("inconnu")


def trained_rules() -> dict[str, dict[str, str]]:
    """The trained RulePolicy's lookups (rules, and rules for a form's unhappy path), from the model archive."""
    with tarfile.open(MODEL) as archive:
        member = next(m for m in archive.getmembers() if m.name.endswith("RulePolicy0/rule_policy.json"))
        lookups = json.load(archive.extractfile(member))["lookup"]
    return {name: lookups[name] for name in ("rules", "rules_for_loop_unhappy_path")}


def unnamed(key: str, drop: str) -> str:
    """A rule whose last turn names no previous action (it gives the bot's text), no intent, or neither: there are
    none in this model, but Rasa allows them."""
    states = json.loads(key)
    last = {name: sub_state for name, sub_state in states[-1].items() if name not in drop.split()}
    if "prev_action" in drop:
        last["prev_action"] = {"action_text": "Bonjour !"}
    return json.dumps(states[:-1] + [last])


def test_rules_found_for_a_conversation_are_the_ones_rasa_finds():
    lookups = trained_rules()
    lookups["rules"].update({unnamed(key, drop): "utter_x" for key in list(lookups["rules"])[:90:3]
                             for drop in ("prev_action", "user", "prev_action user")})
    pool = [state for lookup in lookups.values() for key in lookup for state in json.loads(key)]
    policy = RulePolicy.__new__(RulePolicy)  # the lookup methods read no attribute of the policy
    draw = random.Random(3)
    found = []
    for lookup in lookups.values():
        for key in draw.sample(sorted(lookup), 60):
            # a rule's turns after some random earlier turns, or random turns only; some conversations are short
            before = [draw.choice(pool) for _ in range(draw.randrange(0, 40))]
            for states in (before + json.loads(key), before[-2:], before, [{}]):
                found.append(rule_lookup._get_possible_keys(policy, lookup, states))
                assert found[-1] == rule_lookup._rasa_get_possible_keys(policy, lookup, states)
    assert sum(len(keys) > 1 for keys in found) > 50  # not only empty answers: rules do match


def test_intent_weights_laid_out_for_prediction_give_the_same_scores():
    rng = np.random.default_rng(0)
    features, intents = rng.random((60, 40)), np.repeat(["greet", "faq_prix", "ask_cost"], 20)
    component = LinearIntentClassifier.__new__(LinearIntentClassifier)
    component.clf, component.members = LogisticRegression(max_iter=300).fit(features, intents), []
    before = component.clf.predict_proba(features)
    component.lay_out_weights()
    assert component.clf.coef_.T.flags["C_CONTIGUOUS"]
    np.testing.assert_array_equal(component.clf.predict_proba(features), before)


def test_intent_weights_are_the_ones_scikit_learn_fits():
    """Same objective, other arithmetic: the dense columns apart, an unbounded L-BFGS."""
    rng = np.random.default_rng(2)
    intents = rng.choice(["greet", "faq_prix", "ask_cost", "ask_deadline"], 400, p=[0.1, 0.2, 0.3, 0.4])
    signal = np.eye(4)[np.unique(intents, return_inverse=True)[1]] @ rng.normal(size=(4, 60))
    counts = csr_matrix(rng.poisson(0.05, (400, 500)) * (1 + rng.poisson(1.0, (400, 1))))  # sparse columns
    rows = hstack([counts, rng.normal(size=(400, 60)) + signal], format="csr")  # and dense ones, side by side
    settings = dict(C=30.0, max_iter=500, tol=1e-6, class_weight="balanced")
    expected, fitted = LogisticRegression(**settings).fit(rows, intents), LogisticRegression(**settings)
    multinomial.fit(fitted, rows, intents)
    assert list(fitted.classes_) == list(expected.classes_) and 0 < fitted.n_iter_[0] < 500
    np.testing.assert_allclose(fitted.coef_, expected.coef_, atol=1e-3 * np.abs(expected.coef_).max())
    np.testing.assert_allclose(fitted.intercept_, expected.intercept_, atol=1e-3 * np.abs(expected.coef_).max())
    np.testing.assert_allclose(fitted.predict_proba(rows), expected.predict_proba(rows), atol=1e-4)


def test_intent_features_weigh_the_same_whatever_the_message_length():
    def message(counts: list[float], vector: list[float]) -> Message:
        built = Message(data={TEXT: "…"})
        built.add_features(Features(csr_matrix([counts]), FEATURE_TYPE_SENTENCE, TEXT, "mots"))
        built.add_features(Features(np.array([vector]), FEATURE_TYPE_SENTENCE, TEXT, "vecteurs"))
        return built

    component = LinearIntentClassifier.__new__(LinearIntentClassifier)
    component.config = LinearIntentClassifier.get_default_config()
    short, long = component._create_X([message([1, 0, 1], [0.5, 1.0]), message([5, 0, 5], [1.0, 2.0])]).toarray()
    np.testing.assert_allclose(short, long)
    np.testing.assert_allclose(short, [1 / 2 ** 0.5, 0, 1 / 2 ** 0.5, 1 / 5 ** 0.5, 2 / 5 ** 0.5])
    repeated = component._create_X([message([1, 0, 3], [0.5, 1.0])]).toarray()[0]
    np.testing.assert_allclose(repeated[:3], np.array([1, 0, 1 + np.log(3)]) / np.hypot(1, 1 + np.log(3)))


def test_a_featurizer_left_out_is_not_read_by_the_intent_classifier():
    message = Message(data={TEXT: "…"})
    message.add_features(Features(csr_matrix([[1.0, 0.0]]), FEATURE_TYPE_SENTENCE, TEXT, "mots"))
    message.add_features(Features(csr_matrix([[0.0, 1.0, 1.0]]), FEATURE_TYPE_SENTENCE, TEXT, "communes"))
    component = LinearIntentClassifier.__new__(LinearIntentClassifier)
    component.config = {**LinearIntentClassifier.get_default_config(), "left_out_featurizers": ["communes"]}
    np.testing.assert_allclose(component._create_X([message]).toarray(), [[1.0, 0.0]])


def test_intent_features_are_each_featurizer_s_damped_counts_scaled():
    """The row built from each featurizer's arrays: Rasa's features of that featurizer, damped and scaled."""
    rng = np.random.default_rng(1)
    component = LinearIntentClassifier.__new__(LinearIntentClassifier)
    component.config = LinearIntentClassifier.get_default_config()
    messages, origins = [], ("regex", "mots", "caractères")
    for words in (1, 4, 12):
        message = Message(data={TEXT: "…"})
        for origin, width in zip(origins, (5, 300, 4000)):
            counts = csr_matrix(rng.poisson(0.02, (words, width)).astype(float))
            message.add_features(Features(counts, FEATURE_TYPE_SEQUENCE, TEXT, origin))
            message.add_features(Features(csr_matrix(counts.sum(axis=0)), FEATURE_TYPE_SENTENCE, TEXT, origin))
        message.add_features(Features(rng.random((1, 300)), FEATURE_TYPE_SENTENCE, TEXT, "vecteurs"))
        messages.append(message)

    def damped(counts: csr_matrix) -> csr_matrix:
        counts = counts.copy()
        counts.data = 1 + np.log(counts.data)
        return normalize(counts)

    expected = vstack([hstack([damped(message.get_sparse_features(TEXT, [origin])[1].features.tocsr())
                               for origin in origins] +
                              [normalize(message.get_dense_features(TEXT)[1].features)])
                       for message in messages])
    built = component._create_X(messages)
    assert built.nnz > 300 * 3 and (built.data > 0).all()
    assert any((message.get_sparse_features(TEXT)[1].features > 1).nnz for message in messages)  # damping shows
    np.testing.assert_allclose(built.toarray(), expected.toarray())


def test_spacy_model_without_its_entity_recogniser_gives_the_same_tokens():
    from rasa.nlu.utils.spacy_utils import SpacyNLP as RasaSpacyNLP

    from rasa_components.spacy_nlp import SpacyNLP

    lean, full = SpacyNLP.load_model("fr_core_news_md").model, RasaSpacyNLP.load_model("fr_core_news_md").model
    assert "ner" in full.pipe_names and "ner" not in lean.pipe_names
    assert SpacyNLP.load_model("fr_core_news_md").model is lean  # loaded once for both of Rasa's nodes
    text = "Combien coûte l'ENT-école pour les trois écoles de Mende ?"
    assert [(t.text, t.lemma_, t.pos_) for t in lean(text)] == [(t.text, t.lemma_, t.pos_) for t in full(text)]
    np.testing.assert_array_equal(lean(text).vector, full(text).vector)


def test_the_entity_crf_is_stored_as_its_fitted_models_and_finds_what_rasa_s_finds(tmp_path):
    """Rasa's CRF stores its training set and fits again at each load; ours stores the fitted models: the same
    entities, with the same confidences, and no training set in the model."""
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.nlu.extractors.crf_entity_extractor import CRFEntityExtractor
    from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
    from rasa.shared.nlu.training_data.training_data import TrainingData

    from rasa_components.crf_entity_extractor import StoredCRFEntityExtractor

    communes = ["Mende", "Quillan", "Millas", "Langogne", "Mouthoumet", "Vergèze"]

    def message(index: int) -> Message:
        commune, schools = communes[index % len(communes)], str(index % 7 + 1)
        text = f"pour {commune} nous avons {schools} écoles"
        start = text.index(commune)
        entities = [{"entity": "commune", "value": commune, "start": start, "end": start + len(commune)},
                    {"entity": "nombre", "value": schools, "start": text.index(schools, start + len(commune)),
                     "end": text.index(schools, start + len(commune)) + 1}]
        return Message(data={TEXT: text, "intent": "inform", "entities": entities})

    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())

    def featurized(messages: list[Message]) -> list[Message]:
        """Tokens, and an empty feature: Rasa's CRF leaves a message without any feature alone."""
        tokenizer.process(messages)
        for each in messages:
            empty = csr_matrix((len(each.get("text_tokens")), 1)).tocoo()
            each.add_features(Features(empty, FEATURE_TYPE_SEQUENCE, TEXT, "patterns"))
        return messages

    training = TrainingData(featurized([message(index) for index in range(60)]))
    context = ExecutionContext(GraphSchema({}), "entites")
    found = {}
    for component in (CRFEntityExtractor, StoredCRFEntityExtractor):
        (tmp_path / component.__name__).mkdir()
        storage, resource = LocalModelStorage(tmp_path / component.__name__), Resource("crf")
        config = component.get_default_config()
        component.create(config, storage, resource, context).train(training)
        loaded = component.load(config, storage, resource, context)
        unseen = featurized([Message(data={TEXT: text}) for text in ("pour Quillan nous avons 4 écoles",
                                                                     "et Mende 2 écoles")])
        found[component] = [[{k: v for k, v in entity.items() if k != "extractor"}  # the component's name
                             for entity in message.get("entities")] for message in loaded.process(unseen)]
        files = {path.name for path in (tmp_path / component.__name__).rglob("*") if path.is_file()}
    assert found[StoredCRFEntityExtractor] == found[CRFEntityExtractor]
    assert {e["value"] for e in found[StoredCRFEntityExtractor][0]} == {"Quillan", "4"}
    assert "crf_dataset.json" not in files and "entity.crfsuite" in files


def test_the_shipped_model_stores_the_crf_models_not_its_training_set():
    with tarfile.open(MODEL) as archive:
        names = [member.name for member in archive.getmembers()]
    assert any(name.endswith("/entity.crfsuite") for name in names)
    assert not any(name.endswith("/crf_dataset.json") for name in names)


@pytest.mark.parametrize("intents", [("greet", "faq_prix"), ("greet", "faq_prix", "ask_cost", "ask_late")])
def test_the_intent_classifier_trains_and_stores_what_scikit_learn_fits(tmp_path, intents):
    """Through Rasa's own calls: two intents are one binary model, as scikit-learn fits them; more, multinomial.fit."""
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.shared.nlu.training_data.training_data import TrainingData

    rng = np.random.default_rng(3)

    def messages() -> list[Message]:
        built = []
        for index in range(80):
            intent = intents[index % len(intents)]
            vector = rng.normal(size=(1, 20))
            vector[0, intents.index(intent)] += 2
            message = Message(data={TEXT: f"message {index}", "intent": intent})
            message.add_features(Features(vector, FEATURE_TYPE_SENTENCE, TEXT, "vecteurs"))
            built.append(message)
        return built

    config, storage, resource = {"C": 1.0, "max_iter": 1000}, LocalModelStorage(tmp_path), Resource("intentions")
    context = ExecutionContext(GraphSchema({}), "classifieur")
    training, unseen = messages(), messages()
    LinearIntentClassifier.create(config, storage, resource, context).train(TrainingData(training))
    loaded = LinearIntentClassifier.load(config, storage, resource, context)
    rows = loaded._create_X(training)
    expected = LogisticRegression(**config, class_weight="balanced").fit(rows, [m.get("intent") for m in training])
    assert list(loaded.clf.classes_) == sorted(intents)
    np.testing.assert_allclose(loaded.clf.predict_proba(loaded._create_X(unseen)),
                               expected.predict_proba(loaded._create_X(unseen)), atol=1e-3)
    said = [message.get("intent") for message in unseen]
    recognised = [message.get("intent")["name"] for message in loaded.process(unseen)]
    assert np.mean(np.array(recognised) == np.array(said)) > 0.8


def test_the_committee_s_confidences_are_the_mean_of_its_models_each_over_its_featurizers(tmp_path):
    """The model over every featurizer and one per group, each as scikit-learn fits it, stored and loaded back."""
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.shared.nlu.training_data.training_data import TrainingData

    rng = np.random.default_rng(4)
    intents = ("greet", "faq_prix", "ask_cost", "ask_late")

    def messages() -> list[Message]:
        built = []
        for index in range(120):
            intent = intents[index % len(intents)]
            words, vector = rng.poisson(0.3, (1, 30)).astype(float), rng.normal(size=(1, 10))
            words[0, intents.index(intent)] += rng.poisson(1.0)  # each group says something of the intent
            vector[0, intents.index(intent)] += 1
            message = Message(data={TEXT: f"message {index}", "intent": intent})
            message.add_features(Features(csr_matrix(words), FEATURE_TYPE_SENTENCE, TEXT, "mots"))
            message.add_features(Features(vector, FEATURE_TYPE_SENTENCE, TEXT, "vecteurs"))
            built.append(message)
        return built

    config = {"C": 10.0, "max_iter": 1000, "committee": [["mots"], ["vecteurs"]]}
    storage, resource = LocalModelStorage(tmp_path), Resource("intentions")
    context = ExecutionContext(GraphSchema({}), "classifieur")
    training, unseen = messages(), messages()
    LinearIntentClassifier.create(config, storage, resource, context).train(TrainingData(training))
    loaded = LinearIntentClassifier.load(config, storage, resource, context)
    assert len(loaded.members) == 2
    said = [m.get("intent") for m in training]

    def rows(batch: list[Message], kept: tuple[str, ...] | None) -> csr_matrix:
        return vstack([sentence_row(m, (), kept) for m in batch], format="csr")

    assert [rows(unseen, kept).shape[1] for kept in (None, ("mots",), ("vecteurs",))] == [40, 30, 10]
    expected = np.zeros((len(unseen), len(intents)))
    for kept in (None, ("mots",), ("vecteurs",)):
        alone = LogisticRegression(C=10.0, max_iter=1000, class_weight="balanced").fit(rows(training, kept), said)
        expected += alone.predict_proba(rows(unseen, kept)) / 3
    found = loaded.process(unseen)
    for message, confidences in zip(found, expected):
        ranking = {entry["name"]: entry["confidence"] for entry in message.get("intent_ranking")}
        np.testing.assert_allclose([ranking[name] for name in sorted(intents)], confidences, atol=1e-3)
        assert message.get("intent")["name"] == sorted(intents)[int(confidences.argmax())]
