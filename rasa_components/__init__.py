"""This project's versions of Rasa 3.6 parts, named by module path in config.yml and endpoints*.yml.

Each subclasses Rasa's own and says in its docstring what it changes and why: what a message costs under load (the
SQL tracker store, spaCy, the classifier's weights), or how the intent classifier weighs long messages. Where the
change is for speed, the results are Rasa's (tests/test_rasa_components.py); `make bench` measures both.
"""
