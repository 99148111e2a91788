"""The business rules as pure functions over plain values: no database, no Rasa, no clock."""
