"""Crisis mode: after a crisis answer, the rest of the conversation stays careful.

A Rasa policy with a higher priority than the RulePolicy:
- a message with intent `crisis` always gets `action_crisis`, also in the middle of a form;
- after a crisis earlier in the conversation (slot `crisis_categorie`), any other message gets
  `action_crisis_vervolg` (a short, direct answer with the fitting number,
  bot/veiligheid/crisisvervolg.py),
  except a goodbye, thanks, a request for a person and a question about Veilig Thuis (unless
  it is one of the crisis questions, "moet ik 112 bellen?"), and the answers inside the handoff
  form, which go their usual way;
- right after the grey zone's safety question, a "ja" or a crisis question ("moet ik bellen?")
  gets `action_crisis` for the danger that was asked about;
- after either action it listens.
"""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from bot.nlu import versnelling
from bot.veiligheid.crisisvervolg import vraag_soort

versnelling.install()  # why: every Rasa that predicts actions loads this policy

CRISIS_ACTION = "action_crisis"
VERVOLG_ACTION = "action_crisis_vervolg"
# Intents that keep their own answer in crisis mode: they do not lead away from the help.
GEWOON_ANTWOORD = frozenset({"afscheid", "bedankt", "praten_met_mens", "info_veilig_thuis"})


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class CrisisModusPolicy(Policy):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"priority": 5}  # above the RulePolicy (4): a crisis interrupts rules and forms

    def train(
        self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        return self._resource  # nothing to learn: the behaviour is the rule above

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        action = self.volgende_actie(tracker)
        probabilities = self._default_predictions(domain)
        if action is not None and action in domain.action_names_or_texts:
            probabilities[domain.index_for_action(action)] = 1.0
        return self._prediction(probabilities)

    @staticmethod
    def volgende_actie(tracker: DialogueStateTracker) -> str | None:
        laatste = tracker.latest_action_name
        if laatste in (CRISIS_ACTION, VERVOLG_ACTION):
            return ACTION_LISTEN_NAME
        if laatste != ACTION_LISTEN_NAME or not tracker.latest_message:
            return None
        intent = (tracker.latest_message.intent or {}).get("name")
        if intent == "crisis":
            return CRISIS_ACTION
        if not tracker.get_slot("crisis_categorie"):
            if _net_gevraagd(tracker) and (
                intent == "bevestigen" or vraag_soort(tracker.latest_message.text or "")
            ):
                return CRISIS_ACTION  # "ja" or "moet ik bellen?" right after the safety question
            return None
        # "moet ik 112 bellen?" is a crisis question, whatever intent it was read as.
        if intent in GEWOON_ANTWOORD and vraag_soort(tracker.latest_message.text or "") is None:
            return None
        if tracker.active_loop_name:  # the handoff form asks its own questions
            return None
        return VERVOLG_ACTION


def _net_gevraagd(tracker: DialogueStateTracker) -> bool:
    """Did the assistant ask the safety question in its last turn?"""
    gebruikers = 0
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            gebruikers += 1
            if gebruikers == 2:
                return False
        elif isinstance(event, SlotSet) and event.key == "veiligheidsvraag":
            return gebruikers == 1 and bool(event.value)
    return False
