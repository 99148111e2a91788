"""spaCy's French model without its named-entity recogniser, loaded once.

Rasa's SpacyNLP loads every pipe of the model but the parser. Nothing in this project reads spaCy's entities (the
CRF and the regular expressions find communes, dates, SIRET and UAI), yet the recogniser cost more than half of
spaCy's time per message (2 ms of 3.7 ms here). Tokens, lemmas, parts of speech and word vectors are unchanged.

The model is loaded once per process: Rasa's graph has two nodes of this class (one provides the model, one
processes messages), and each loaded its own copy: 3 s more at every start, and the memory of a second model.

The class keeps the name SpacyNLP: Rasa finds the model provider of SpacyTokenizer and SpacyFeaturizer by that
class name (`model_from="SpacyNLP"`).
"""
from __future__ import annotations

import functools
from typing import Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.utils import spacy_utils
from rasa.nlu.utils.spacy_utils import SpacyModel

UNUSED_PIPES = ("ner",)


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MODEL_LOADER, DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER],
    is_trainable=False,
    model_from="SpacyNLP",
)
class SpacyNLP(spacy_utils.SpacyNLP):
    """Rasa's SpacyNLP, with the pipes of UNUSED_PIPES disabled."""

    @staticmethod
    @functools.lru_cache(maxsize=None)
    def load_model(spacy_model_name: Text) -> SpacyModel:
        model = spacy_utils.SpacyNLP.load_model(spacy_model_name)
        for pipe in UNUSED_PIPES:
            if pipe in model.model.pipe_names:
                model.model.disable_pipe(pipe)
        return model
