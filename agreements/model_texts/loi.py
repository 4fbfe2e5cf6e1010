"""The Letter of Intent's model text: a short statement of purpose and intent, not legally binding."""
# ruff: noqa: E501  (legal prose: one paragraph a line, as a drafter reads it)

MODEL = {
    "preamble": """
{us} and {counterpart}, hereinafter referred to as "the Participants",

Sharing the aim of closer cooperation in combating transnational crime,

Express by this Letter of Intent the following intentions, which are not legally binding:
""",
    "articles": [
        (
            "Purpose",
            """The Participants intend to develop their cooperation in the following areas: {areas}.""",
        ),
        (
            "Intent",
            """The Participants intend to exchange information, coordinate activities of mutual interest and consider concluding a more detailed arrangement, each within its competence and in accordance with its domestic law and available resources.""",
        ),
        (
            "Points of contact",
            """Each Participant will designate a point of contact and will inform the other Participant of that designation in writing.""",
        ),
        (
            "Nature of this Letter",
            """This Letter of Intent is not legally binding, creates no rights or obligations under international or domestic law, and will come into effect on the date of the last signature. Either Participant may discontinue it by written notification to the other.""",
        ),
    ],
    "final_clauses": """Signed at ________, on ________, in duplicate, in the {languages}, both texts being equally valid.

For {us}:

For {them}:""",
}
