"""What a contact is and what a step is: the words protocol.yaml may use for `kind:`, and
which of them the ordering rules of a route's result care about (macros/decision/order.py)."""
from __future__ import annotations

CONTACT_KINDS = {
    "emergency": "emergency services (911)",
    "law_enforcement": "a law enforcement agency or unit",
    "tip_line": "a hotline or tip line that passes what you tell it on to law enforcement or other agencies",
    "child_protection": "child protection services",
    "victim_services": "services for victims, such as shelter, advocacy or counseling, that pass nothing on to law enforcement",
    "other_agency": "another agency, such as labor, health or immigration",
}

STEP_KINDS = {
    "emergency": "call for help now: comes first on every route that includes it",
    "before_law_enforcement": "do this before you contact law enforcement",
    "contact": "contact someone",
    "tell": "what to tell them, or have ready",
    "caution": "a caution",
    "note": "something to know",
}

# Calling one of these is "contacting law enforcement" in the protocol's sense: a tip line
# passes the victim's information on to law enforcement, so the release form comes first there too.
# Child protection, victim services and other agencies are not: a protocol that wants a step
# before one of them says so with a rule (`rules:`, `must_order`).
REACHES_LAW_ENFORCEMENT = frozenset({"law_enforcement", "tip_line"})

# How the site labels each kind of step where the kind matters to the reader.
STEP_LABELS = {
    "emergency": "Now",
    "before_law_enforcement": "Before you contact law enforcement",
    "caution": "Caution",
}
# On a route that starts with calling 911 (an emergency step), what the protocol says to do
# before contacting law enforcement comes after that call: labelled for what follows it.
AFTER_EMERGENCY_LABELS = {
    "before_law_enforcement": "After the emergency call, before you contact law enforcement again",
}
