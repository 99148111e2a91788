"""Rasa's CRF entity extractor, stored as the CRF models it fitted rather than as its training set.

Rasa 3.6's CRFEntityExtractor keeps its training examples in the model and fits the CRF again each time the model
is loaded: 6 s of the assistant's start here, in every Rasa instance. The fitted crfsuite models are small binary
files: they are stored as they are and opened at load, so the entities found are those of the CRF that was trained,
weight for weight, and nothing is fitted at start.
"""
from __future__ import annotations

import logging
import shutil
from collections import OrderedDict
from typing import Any, Dict, List, Text

import rasa.shared.utils.io
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.crf_entity_extractor import CRFEntityExtractor, CRFToken

logger = logging.getLogger(__name__)

ORDER_FILE = "crf_order.json"  # the taggers' names: entity types first, then roles and groups if any


def _model_file(tag_name: str) -> str:
    return f"{tag_name}.crfsuite"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class StoredCRFEntityExtractor(CRFEntityExtractor):
    def persist(self, dataset: List[List[CRFToken]]) -> None:
        """The fitted models (Rasa's stores `dataset`, the training set, to fit them again at load)."""
        with self._model_storage.write_to(self._resource) as model_dir:
            rasa.shared.utils.io.dump_obj_as_json_to_file(model_dir / ORDER_FILE, self.crf_order)
            for tag_name, tagger in self.entity_taggers.items():
                shutil.copyfile(tagger.modelfile.name, model_dir / _model_file(tag_name))

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> StoredCRFEntityExtractor:
        import sklearn_crfsuite

        try:
            with model_storage.read_from(resource) as model_dir:
                crf_order = rasa.shared.utils.io.read_json_file(model_dir / ORDER_FILE)
                taggers = OrderedDict()
                for tag_name in crf_order:
                    tagger = sklearn_crfsuite.CRF(model_filename=str(model_dir / _model_file(tag_name)))
                    # Opened here, which reads the whole file: Rasa removes the model's files once it is loaded.
                    if tagger.tagger_ is None:
                        raise ValueError(f"no CRF model for {tag_name}")
                    taggers[tag_name] = tagger
        except ValueError:  # as Rasa's: a model trained without entities has no resource
            logger.warning(f"Failed to load {cls.__name__} from model storage. Resource '{resource.name}' doesn't "
                           f"exist.")
            return cls(config, model_storage, resource)
        extractor = cls(config, model_storage, resource, taggers)
        extractor.crf_order = crf_order
        return extractor
