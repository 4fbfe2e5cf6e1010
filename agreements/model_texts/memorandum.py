"""The non-binding memorandum (MOU, MOC): Participants, will, come into effect, equally valid."""
# ruff: noqa: E501  (legal prose: one paragraph a line, as a drafter reads it)

from __future__ import annotations


def memorandum(name: str) -> dict:
    """The model text of a non-binding memorandum called ``name`` (e.g. "Memorandum of Understanding")."""
    return {
        "preamble": """
{us} and {counterpart}, hereinafter referred to as "the Participants",

Recognising the importance of cooperation between their law-enforcement authorities in preventing, detecting and investigating transnational crime;

Desiring to strengthen that cooperation in a spirit of mutual respect and within the limits of their respective domestic laws;

Have reached the following understanding, which is not legally binding and does not create rights or obligations under international or domestic law:
""",
        "articles": [
            (
                "Participants",
                f"""The Participants in this {name} are {{us}} and {{counterpart}}.""",
            ),
            (
                "Purpose",
                f"""The purpose of this {name} is to set out the intentions of the Participants to cooperate in preventing, detecting and investigating crimes within their respective competence.""",
            ),
            (
                "Areas of cooperation",
                """The Participants intend to cooperate in the following areas, as appropriate and within their respective competence: {areas}.""",
            ),
            (
                "Forms of cooperation",
                """Cooperation under this {short} may include:

(a) the exchange of information on matters of mutual interest;
(b) coordination of activities and investigations;
(c) training, exchanges of experience and capacity building;
(d) meetings and consultations of experts;
(e) other forms of cooperation the Participants decide on in writing.""",
            ),
            (
                "Points of contact",
                f"""Each Participant will designate a point of contact for the implementation of this {name} and will inform the other Participant in writing of that designation and of any change to it.""",
            ),
            (
                "Use and confidentiality of information",
                """1. Information provided under this {short} will be used only for the purposes for which it was provided, unless the providing Participant consents in writing to another use.

2. Each Participant will protect information received from the other Participant at least to the level of protection it gives to its own information of a similar kind, and will not pass it to a third party without the prior written consent of the providing Participant.""",
            ),
            (
                "Costs",
                """Each Participant will bear its own costs arising from activities under this {short}. All activities are subject to the availability of appropriated funds, personnel and other resources.""",
            ),
            (
                "Relationship to domestic law",
                f"""This {name} is not legally binding and does not create rights or obligations under international or domestic law. Activities under it will be carried out in accordance with the domestic laws and policies of each Participant. Nothing in this {name} gives rise to a right on the part of any private person.""",
            ),
            (
                "Settlement of differences",
                f"""Any difference concerning the interpretation or implementation of this {name} will be settled by consultation between the Participants.""",
            ),
            (
                "Coming into effect",
                f"""This {name} will come into effect on the date of the last signature by the Participants.""",
            ),
            (
                "Duration",
                f"""This {name} will remain in effect for a period of five years and will thereafter be renewed for successive periods of five years, unless discontinued in accordance with the article on discontinuation.""",
            ),
            (
                "Amendment",
                f"""This {name} may be amended at any time by mutual written consent of the Participants.""",
            ),
            (
                "Discontinuation",
                f"""Either Participant may discontinue this {name} at any time by written notification to the other Participant, preferably at least ninety days in advance. Activities under way at that date may be completed unless the Participants decide otherwise.""",
            ),
            (
                "Languages",
                f"""This {name} is signed in duplicate, in the {{languages}}, both texts being equally valid.""",
            ),
        ],
        "final_clauses": """Signed at ________, on ________, in duplicate, in the {languages}, both texts being equally valid.

For {us}:

For {them}:""",
    }
