"""The decision's facts, rule by rule, on the smallest protocol with one edit each (not the
real one): which screens are shared, which sections lead in on a page and under what
condition, what else applies where a situation does, and that the facts are worked out once
per protocol object (a translated protocol gets its own)."""
from __future__ import annotations

from dataclasses import replace

from conftest import VALID_MINIMAL

from macros.decision.facts import facts_of
from macros.load import build_protocol

BASE = VALID_MINIMAL.read_text(encoding="utf-8")

# A section that calls no law enforcement (a release form) and a second question, whose two
# answers add it or not before the tip line's call.
WITH_CONSENT = BASE.replace("""  - id: tip
    title: Tip""", """  - id: consent
    title: Consent
    audience: I work with a victim
    applies_when: You work with a victim.
    steps:
      - text: Get a signed release form.
        kind: before_law_enforcement
  - id: tip
    title: Tip""").replace("""        - label: "No"
          outcome: tip_result
          include: [tip]""", """        - label: "No"
          next: who
  - id: who
      text: Who are you?
      answers:
        - label: I work with a victim
          outcome: tip_result
          include: [consent, tip]
        - label: Someone else
          outcome: tip_result
          include: [tip]""".replace("  - id: who\n      text", "    - id: who\n      text"))


def protocol_of(text: str):
    return build_protocol("protocol.yaml", text)


def test_the_facts_are_worked_out_once_per_protocol_and_a_copy_gets_its_own():
    protocol = protocol_of(BASE)
    facts = facts_of(protocol)
    assert facts_of(protocol) is facts
    assert facts.routes is facts_of(protocol).routes
    translated = replace(protocol, language="es")
    assert facts_of(translated) is not facts and facts_of(translated).protocol is translated


def test_two_answers_that_lead_to_the_same_result_share_its_screen():
    same = WITH_CONSENT.replace("include: [consent, tip]", "include: [tip]")
    protocol = protocol_of(same[:same.index("  - id: consent")] + same[same.index("  - id: tip\n"):])
    screens = facts_of(protocol).screens
    who = [key for key, screen_key in screens.of_prefix.items() if key.startswith("2.")]
    assert {screens.of_prefix[key] for key in who} == {"2.1"}, "both answers of 'who' show one result"


def test_answers_that_add_different_steps_keep_their_own_results():
    screens = facts_of(protocol_of(WITH_CONSENT)).screens
    assert len(screens.results) == 3


def test_a_section_before_the_contact_leads_in_on_the_contacts_page_with_the_answer_that_adds_it():
    protocol = protocol_of(WITH_CONSENT)
    facts = facts_of(protocol)
    tip, consent = protocol.situation("tip"), protocol.situation("consent")
    (lead_in,) = facts.page_sequences[tip].lead_ins
    assert lead_in.situation == consent and lead_in.steps == consent.steps
    (question, answers), = lead_in.when
    assert question.id == "who" and [a.label for a in answers] == ["I work with a victim"]
    assert facts.page_sequences[tip].steps == consent.steps + tip.steps
    assert facts.card_order.index(consent) < facts.card_order.index(tip)
    assert facts.leads_into(consent).situations == (tip,)


def test_a_section_on_every_route_leads_in_nowhere_and_is_named_as_on_every_route():
    everywhere = BASE.replace("include: [emergency]\n", "include: [emergency, tip]\n")
    protocol = protocol_of(everywhere)
    facts = facts_of(protocol)
    assert facts.on_every_route == (protocol.situation("tip"),)
    assert all(sequence.lead_ins == () for sequence in facts.page_sequences.values())


def test_what_else_applies_names_the_answers_that_add_it_and_whether_it_comes_first():
    protocol = protocol_of(WITH_CONSENT)
    related = {r.situation.id: r for r in facts_of(protocol).related[protocol.situation("tip")]}
    assert set(related) == {"consent"}
    assert related["consent"].before
    (question, answers), = related["consent"].when
    assert question.id == "who" and [a.label for a in answers] == ["I work with a victim"]


def test_the_index_names_each_situations_own_first_contact_and_the_steps_before_it():
    protocol = protocol_of(WITH_CONSENT)
    rows = {row.situation.id: row for row in facts_of(protocol).first_contacts}
    assert [c.id for c in rows["tip"].contacts] == ["tip_line"] and rows["tip"].steps_before
    assert rows["consent"].contacts == () and not rows["consent"].steps_before


def test_a_handout_puts_a_release_form_before_the_call_where_its_average_place_is_later():
    # A staff caller: one route has three notes, the release form, then the tip line; the other
    # only the tip line. By where each section stands on average the tip line (2) would come
    # before the release form (3): the handout moves the form up, as the route has it.
    text = WITH_CONSENT.replace("contacts:\n  - id: emergency_911", "callers:\n  - id: staff\n    who: staff\n"
                                "contacts:\n  - id: emergency_911", 1).replace("""  - id: consent
    title: Consent""", """  - id: notes
    title: Notes
    audience: I work with a victim
    applies_when: You work with a victim.
    steps:
      - text: Note one.
        kind: note
      - text: Note two.
        kind: note
      - text: Note three.
        kind: note
  - id: consent
    title: Consent""").replace("""        - label: "No"
          next: who""", """        - label: "No"
          caller: staff
          next: who""").replace("include: [consent, tip]", "include: [notes, consent, tip]")
    protocol = protocol_of(text)
    (handout,) = facts_of(protocol).handouts
    order = [section.situation.id for section in handout.sections]
    assert order.index("consent") < order.index("tip"), order
    assert list(facts_of(protocol).page_order_errors()) == []
