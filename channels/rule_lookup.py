"""Rasa's rule lookup, without checking rules that cannot match the latest turn or turns older than any rule.

Why: for every action it predicts, Rasa 3.6's RulePolicy checks each of its rules (443 here, plus 106 for the forms'
detours) against the latest turn of the conversation, then the survivors against each earlier turn, back to the very
first. Under load here this was 12 % of a Rasa instance's CPU. Two shortcuts give the same rules:

- nearly every rule's last turn names the previous action and the user's intent, and a rule whose names differ from
  the latest turn's is rejected by Rasa's check; the rules are indexed by those two names once, and only the rules
  that name the latest turn's, or name none, go through Rasa's check;
- past a rule's length Rasa counts it as matching without looking, so the lookup stops once the turns go further
  back than every rule left.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Dict, List, Optional, Set, Text, Tuple

from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.constants import PREVIOUS_ACTION, SHOULD_NOT_BE_SET, USER
from rasa.shared.core.domain import State
from rasa.shared.nlu.constants import ACTION_NAME, INTENT

_rasa_get_possible_keys = RulePolicy._get_possible_keys
Names = Tuple[Optional[Text], Optional[Text]]
_indexes: Dict[int, Tuple[Dict[Text, Text], Dict[Names, Set[Text]]]] = {}


def _names(state: State) -> Names:
    """The previous action and the intent a state names (None where it names none)."""
    def name(sub_state: Text, feature: Text) -> Optional[Text]:
        value = state.get(sub_state, {}).get(feature)
        return value if isinstance(value, str) and value and value != SHOULD_NOT_BE_SET else None
    return name(PREVIOUS_ACTION, ACTION_NAME), name(USER, INTENT)


def _rules_by_names(lookup: Dict[Text, Text]) -> Dict[Names, Set[Text]]:
    """The rules of a lookup, grouped by the names of their last turn (the policy's lookups never change)."""
    known = _indexes.get(id(lookup))
    if known is None or known[0] is not lookup:
        index: Dict[Names, Set[Text]] = defaultdict(set)
        for key in lookup:
            index[_names(RulePolicy._rule_key_to_state(key)[-1])].add(key)
        known = _indexes[id(lookup)] = (lookup, dict(index))
    return known[1]


def _get_possible_keys(self: RulePolicy, lookup: Dict[Text, Text], states: List[State]) -> Set[Text]:
    if not states or not states[-1].get(PREVIOUS_ACTION):
        return _rasa_get_possible_keys(self, lookup, states)  # a conversation's start: Rasa's rules for it apply
    index = _rules_by_names(lookup)
    action, intent = _names(states[-1])
    possible_keys = set().union(*(index.get(names, ()) for names in
                                  ((action, intent), (action, None), (None, intent), (None, None))))
    for turn_index, state in enumerate(reversed(states)):
        if turn_index >= max((len(self._rule_key_to_state(key)) for key in possible_keys), default=0):
            break  # every rule left is shorter than this: Rasa would keep them all from here on
        possible_keys = {key for key in possible_keys if self._is_rule_applicable(key, turn_index, state)}
    return possible_keys


def install() -> None:
    """Replaces RulePolicy._get_possible_keys (Rasa 3.6.21) for the whole process."""
    RulePolicy._get_possible_keys = _get_possible_keys
