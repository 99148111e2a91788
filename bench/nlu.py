"""Intent accuracy and macro F1 on the held-out paraphrases, for the shipped pipeline and its alternatives."""
from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from sklearn.metrics import accuracy_score, f1_score

from bench.heldout import SETS, load
from bot.settings import PROJECT_ROOT

RASA = str(Path(sys.executable).parent / "rasa")

# Alternatives to the shipped config.yml pipeline: the small spaCy model (no word vectors), DIET instead of the
# linear classifier, the shipped classifier without its committee, and a ResponseSelector for the FAQ. Each is
# trained on the same data and measured on the same held-out paraphrases.
_WORDS_AND_CHARACTERS = [
    {"name": "RegexFeaturizer", "case_sensitive": False},
    {"name": "CountVectorsFeaturizer", "use_lemma": True, "max_ngram": 2},
    {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 2, "max_ngram": 5},
]
_SMALL = [{"name": "SpacyNLP", "model": "fr_core_news_sm"}, {"name": "SpacyTokenizer"}]
_MEDIUM = [{"name": "SpacyNLP", "model": "fr_core_news_md"}, {"name": "SpacyTokenizer"},
           {"name": "SpacyFeaturizer", "pooling": "mean"}]
_LINEAR = [{"name": "LogisticRegressionClassifier", "max_iter": 300}, {"name": "CRFEntityExtractor"}]
_DIET = [{"name": "LexicalSyntacticFeaturizer"},
         {"name": "DIETClassifier", "epochs": 80, "constrain_similarities": True, "random_seed": 42}]
# The FAQ as one retrieval intent answered by Rasa's ResponseSelector, over the shipped pipeline's features: the
# linear classifier then only tells « faq » from the other intents (`retrieval_data` writes the data that way).
_SHIPPED = [c for c in yaml.safe_load((PROJECT_ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
            if c["name"] != "FallbackClassifier"]
RETRIEVAL = "faq"
_RESPONSE_SELECTOR = [{"name": "ResponseSelector", "retrieval_intent": RETRIEVAL, "epochs": 100,
                       "constrain_similarities": True, "random_seed": 42}]
VARIANTS = {
    "fr_core_news_md + mots et paires de mots + caractères + régression logistique de Rasa (comptes bruts, C = 1)":
        _MEDIUM + _WORDS_AND_CHARACTERS + _LINEAR,
    "fr_core_news_sm (sans vecteurs) + mots et paires de mots + caractères + régression logistique de Rasa":
        _SMALL + _WORDS_AND_CHARACTERS + _LINEAR,
    "fr_core_news_sm + mots + caractères + DIET": _SMALL + _WORDS_AND_CHARACTERS + _DIET,
    "fr_core_news_md (vecteurs) + mots + caractères + DIET": _MEDIUM + _WORDS_AND_CHARACTERS + _DIET,
    "pipeline livré, sans comité (le modèle sur tous les featurizers, seul)":
        [{**c, "committee": []} if "committee" in c else c for c in _SHIPPED],
    "pipeline livré, la FAQ choisie par un ResponseSelector (une intention de recherche « faq »)":
        _SHIPPED + _RESPONSE_SELECTOR,
}


def evaluate(model: Path) -> dict[str, dict]:
    """Intent figures on each held-out set."""
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # Rasa logs every parsed message at debug level otherwise
    agent = Agent.load(str(model))
    figures = {}
    for name in SETS:
        items = load(name)
        predicted = [_intent(asyncio.run(agent.parse_message(item["text"]))) for item in items]
        expected = [item["intent"] for item in items]
        labels = sorted(set(expected))
        figures[name] = {
            "exactitude": accuracy_score(expected, predicted),
            "f1_macro": f1_score(expected, predicted, labels=labels, average="macro", zero_division=0),
            "repli": sum(p == "nlu_fallback" for p in predicted) / len(items),
            "erreurs": [(i["text"], i["intent"], p) for i, p in zip(items, predicted) if p != i["intent"]]}
    return figures


def _intent(parsed: dict) -> str:
    """The intent, or for the retrieval intent the FAQ topic its response selector chose (« faq/prix » → faq_prix)."""
    name = parsed["intent"]["name"]
    if name != RETRIEVAL:
        return name
    key = parsed["response_selector"][RETRIEVAL]["response"]["intent_response_key"]
    return key.replace("/", "_", 1)


def retrieval_data(workdir: Path) -> tuple[Path, Path]:
    """The training data and domain with the faq_* intents as one retrieval intent, faq/*, each with a placeholder
    response (Rasa requires one; the assistant's answers stay in the knowledge base)."""
    data = workdir / "data"
    data.mkdir(exist_ok=True)
    topics = set()
    for path in (PROJECT_ROOT / "data" / "nlu").glob("*.yml"):
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        for block in content.get("nlu", []):
            if block.get("intent", "").startswith(RETRIEVAL + "_"):
                block["intent"] = block["intent"].replace("_", "/", 1)
                topics.add(block["intent"])
        (data / path.name).write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    domain["intents"] = [i for i in domain["intents"] if not i.startswith(RETRIEVAL + "_")] + [RETRIEVAL]
    domain["responses"] = {**domain.get("responses", {}),
                           **{f"utter_{topic}": [{"text": topic}] for topic in sorted(topics)}}
    domain_path = workdir / "domain.yml"
    domain_path.write_text(yaml.safe_dump(domain, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return data, domain_path


def summary(figures: dict[str, dict]) -> str:
    return " ; ".join(f"{name} : exactitude {f['exactitude']:.1%}, F1 macro {f['f1_macro']:.1%}, "
                      f"repli {f['repli']:.1%}" for name, f in figures.items())


def train_nlu(pipeline: list[dict], workdir: Path) -> tuple[Path, float]:
    config = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text(encoding="utf-8"))
    config["pipeline"] = pipeline + [c for c in config["pipeline"] if c["name"] == "FallbackClassifier"]
    config_path = workdir / "config.yml"
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    data, domain = PROJECT_ROOT / "data", PROJECT_ROOT / "domain.yml"
    if any(c["name"] == "ResponseSelector" for c in pipeline):
        data, domain = retrieval_data(workdir)
    start = time.perf_counter()
    subprocess.run([RASA, "train", "nlu", "--config", str(config_path), "--nlu", str(data), "--domain", str(domain),
                    "--out", str(workdir), "--fixed-model-name", "nlu", "--quiet"],
                   cwd=PROJECT_ROOT, check=True, capture_output=True)
    return workdir / "nlu.tar.gz", time.perf_counter() - start


def main(model: Path) -> None:
    shipped = evaluate(model)
    sizes = ", ".join(f"{len(load(name))} {name}" for name in SETS)
    print(f"Compréhension sur des messages jamais vus à l'entraînement ({sizes}) :")
    print(f"  pipeline livré (fr_core_news_md + mots et paires de mots + caractères + régression logistique sur "
          f"comptes atténués et ramenés à l'unité, en comité) : "
          f"{summary(shipped)}")
    for name, figures in shipped.items():
        for text, expected, got in figures["erreurs"][:10]:
            print(f"    {name} : « {text} » : attendu {expected}, obtenu {got}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, pipeline in VARIANTS.items():
            path, seconds = train_nlu(pipeline, Path(tmp))
            print(f"  {name} : {summary(evaluate(path))}, entraînement NLU {seconds:.0f} s")
