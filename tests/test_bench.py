"""The benchmark's data rewriting for the ResponseSelector variant (bench/nlu.py), without training anything."""
import yaml

from bench.nlu import RETRIEVAL, _intent, retrieval_data


def test_the_faq_becomes_one_retrieval_intent_with_a_placeholder_response_per_topic(tmp_path):
    data, domain_path = retrieval_data(tmp_path)
    intents = [block["intent"] for path in data.glob("*.yml")
               for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"] if "intent" in block]
    topics = [i for i in intents if i.startswith("faq/")]
    assert "faq/prix" in topics and not [i for i in intents if i.startswith("faq_")]
    assert "ask_situation" in intents  # the other intents are left as they are
    domain = yaml.safe_load(domain_path.read_text(encoding="utf-8"))
    assert RETRIEVAL in domain["intents"] and not [i for i in domain["intents"] if i.startswith("faq_")]
    assert {f"utter_{t}" for t in topics} <= set(domain["responses"])


def test_the_topic_chosen_by_the_selector_is_read_as_the_faq_intent():
    parsed = {"intent": {"name": "faq"},
              "response_selector": {"faq": {"response": {"intent_response_key": "faq/prix"}}}}
    assert _intent(parsed) == "faq_prix" and _intent({"intent": {"name": "ask_cost"}}) == "ask_cost"
