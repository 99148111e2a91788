"""ENT-école assistant: the domain (models, rules, knowledge, helpdesk CLI). No Rasa import here."""
