"""The Customs Mutual Assistance Agreement's model text: binding wording (Parties, shall, enter into force)."""
# ruff: noqa: E501  (legal prose: one paragraph a line, as a drafter reads it)

MODEL = {
    "preamble": """
The Government of the United States of America and the Government of {country}, hereinafter referred to as "the Parties",

Considering that offences against customs laws are prejudicial to the economic, fiscal, social and commercial interests of their respective countries;

Considering the importance of ensuring the accurate assessment of customs duties, taxes and other charges, and the proper enforcement of prohibitions and restrictions on imports and exports;

Convinced that action against customs offences can be made more effective by cooperation between their customs administrations;

Have agreed as follows:
""",
    "articles": [
        (
            "Definitions",
            """For the purposes of this Agreement:

(a) "Customs laws" means the laws and regulations enforced by the customs administrations concerning the importation, exportation and transit of goods;
(b) "Customs administration" means, for the United States of America, U.S. Immigration and Customs Enforcement and U.S. Customs and Border Protection of the Department of Homeland Security, and, for {country}, {them};
(c) "Offence" means any violation or attempted violation of customs laws;
(d) "Person" means any natural or legal person;
(e) "Information" means any data, documents, reports and other communications, including in electronic form.""",
        ),
        (
            "Scope of assistance",
            """1. The Parties shall, through their customs administrations, assist each other in accordance with this Agreement for the prevention, investigation and prosecution of offences and for the proper application of customs laws.

2. Assistance shall be provided in accordance with the domestic law of the requested Party and within the competence and available resources of its customs administration.""",
        ),
        (
            "Information exchange",
            """1. The customs administrations shall, on request or on their own initiative, provide each other with information that helps to ensure the proper application of customs laws and the prevention, investigation and prosecution of offences.

2. Requests shall be made in writing and shall include the name of the requesting authority, the subject of and reason for the request, and a brief description of the matter.""",
        ),
        (
            "Special assistance",
            """On request, the requested customs administration shall maintain special surveillance of persons, goods, means of transport and places suspected of being involved in offences, and shall, to the extent permitted by its domestic law, carry out inquiries and take statements on behalf of the requesting customs administration.""",
        ),
        (
            "Confidentiality",
            """1. Information received under this Agreement shall be used solely for the purposes of this Agreement, unless the customs administration that provided it consents in writing to another use.

2. Such information shall enjoy at least the protection given to information of the same kind by the domestic law of the receiving Party.""",
        ),
        (
            "Exceptions",
            """Where the requested Party considers that assistance would infringe upon its sovereignty, security, public policy or other substantive national interest, or would violate a legitimate commercial or professional secret, it may decline to provide assistance, or may provide it subject to conditions. The reasons for any refusal shall be given in writing.""",
        ),
        (
            "Costs",
            """The Parties shall waive all claims for reimbursement of costs incurred in the execution of this Agreement, except for expenses of experts and witnesses and costs of interpreters and translators who are not government employees.""",
        ),
        (
            "Designated officials",
            """Assistance under this Agreement shall be conducted directly between officials designated by the heads of the respective customs administrations, who shall inform each other of those designations.""",
        ),
        (
            "Entry into force and termination",
            """1. This Agreement shall enter into force on the first day of the second month after the Parties have notified each other, through diplomatic channels, that their domestic procedures for its entry into force have been completed.

2. Either Party may terminate this Agreement by notification through diplomatic channels. Termination shall take effect three months after the date of that notification.""",
        ),
    ],
    "final_clauses": """IN WITNESS WHEREOF, the undersigned, being duly authorized by their respective Governments, have signed this Agreement.

DONE at ________, on ________, in duplicate, in the {languages}, both texts being equally authentic.

For the Government of the United States of America:

For the Government of {country}:""",
}
