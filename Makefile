# Two commands on a fresh machine: `make run` and `make test`. Everything else is set up on the way, once.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -ec
.DEFAULT_GOAL := help

PYTHON_VERSION := 3.10.13
PYTHON := $(shell pyenv root 2>/dev/null)/versions/$(PYTHON_VERSION)/bin/python
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# This machine's pip prints a warning for each missing local mirror folder: not ours to show.
QUIET_PIP := grep -v '^WARNING: Location' || true

# The web page and console (web/) add their own set-up steps to WEB_SETUP in web/web.mk.
WEB_SETUP :=
-include web/web.mk
# Production on this machine (PostgreSQL, Redis, nginx, several Rasa instances): deploy/prod.mk adds to PROD_SETUP.
PROD_SETUP :=
-include deploy/prod.mk

.PHONY: help setup db model test bench run
help:
	@echo "make run    installe ce qui manque, entraîne si besoin, initialise la base et démarre l'assistant"
	@echo "make test   installe ce qui manque et lance tous les tests"
	@echo "make bench  mesures de performance"

$(INSTALLED): requirements.txt constraints.txt pyproject.toml
	@test -x $(BIN)/python || { if [ -x "$(PYTHON)" ]; then "$(PYTHON)" -m venv $(VENV); \
	  else python3.10 -m venv $(VENV); fi; }
	@echo "Installation des dépendances dans $(VENV) (quelques minutes la première fois)…"
	@$(BIN)/pip install -q "pip==24.0" 2>&1 | $(QUIET_PIP)
	@$(BIN)/pip install -q -r requirements.txt -c constraints.txt 2>&1 | $(QUIET_PIP)
	@$(BIN)/pip install -q --no-deps --no-build-isolation -e . 2>&1 | $(QUIET_PIP)
	@$(BIN)/pip check 2>&1 | $(QUIET_PIP)
	@touch $@

setup: $(INSTALLED) $(WEB_SETUP) $(PROD_SETUP)

db: setup
	@$(BIN)/entbot initialiser

test: setup model
	@$(BIN)/python -m pytest

bench: db model
	@$(BIN)/python -m bench

# Trains only when the training data, the configuration, the domain or our trained components changed. Rasa's own
# cache knows the first three but not our components' code: when that changed, everything is trained anew.
MODEL := models/ent-ecole.tar.gz
COMPONENTS := rasa_components/intent_classifier.py rasa_components/multinomial.py rasa_components/spacy_nlp.py \
	rasa_components/crf_entity_extractor.py
TRAINING_INPUTS := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null) $(COMPONENTS)
$(MODEL): $(TRAINING_INPUTS) | $(INSTALLED)
	@echo "Entraînement du modèle (données, configuration, domaine ou composants modifiés)…"
	@$(BIN)/rasa train --fixed-model-name ent-ecole --out models --quiet $(if $(filter $(COMPONENTS),$?),--force)
	@touch $@

model: $(MODEL)

run: db model
	@scripts/run
