"""The demo world: offices, one user per role, and agreements in every state, made through the services.

Every agreement is opened, written and moved by the same service functions the pages and the API use,
so its audit trail is a real one. The agreements' own dates (signed, in force, notice, expiry) carry
their history; the trail's timestamps say honestly when the demo was loaded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, update

from .db import db
from .models import Agreement, Office, User
from .services.agreements import create_agreement
from .services.authorities import confirm_authority
from .services.conformity import record_conformity
from .services.contacts import set_contacts
from .services.documents import signed_document
from .services.parties import record_authority, set_signatory
from .services.transitions import fire_transition
from .services.transmittals import record_transmittal
from .services.users import create_office, create_user
from .services.versions import save_version
from .workflows.conformity import conformity_problem

DEMO_PASSWORD = "demo-password-1"

# (code, name, countries covered, region: the office desk it answers to (headquarters answers to none),
# time zone its people read times in)
OFFICES = (
    ("HQ", "Headquarters, Office of International Affairs (Washington)", ("US",), "", "America/New_York"),
    ("MOW", "Attaché Office Moscow", ("RU",), "europe", "Europe/Moscow"),
    ("MEX", "Attaché Office Mexico City", ("MX",), "north_america", "America/Mexico_City"),
    ("LON", "Attaché Office London", ("GB",), "europe", "Europe/London"),
    ("BOG", "Attaché Office Bogotá", ("CO",), "south_america", "America/Bogota"),
    ("BKK", "Attaché Office Bangkok", ("TH",), "asia_pacific", "Asia/Bangkok"),
    ("ROM", "Attaché Office Rome", ("IT",), "europe", "Europe/Rome"),
    ("OTT", "Attaché Office Ottawa", ("CA",), "north_america", "America/Toronto"),
)

# (key, email, role, office, name, what the login is for)
USERS = (
    ("pm", "pm@demo.agreements", "program_manager", "HQ", "Patricia Lane", "program manager, headquarters"),
    ("legal", "legal@demo.agreements", "legal_advisor", "HQ", "Leonard Brooks", "legal advisor"),
    ("moscow", "moscow@demo.agreements", "attache", "MOW", "Alexandra Reed", "attaché, Moscow (covers RU)"),
    ("mexico", "mexico@demo.agreements", "attache", "MEX", "Miguel Serrano", "attaché, Mexico City (covers MX)"),
    ("admin", "admin@demo.agreements", "admin", "HQ", "Ada Grant", "administrator"),
)

STATE_DEPARTMENT = "Office of the Legal Adviser, U.S. Department of State"
# Who grants the demo's Circular 175 authorities: an invented official, at the level 11 FAM 724.3 asks.
GRANTED_BY = "Samuel Example"
GRANTED_BY_TITLE = "Assistant Secretary of State for International Narcotics and Law Enforcement Affairs"


def logins() -> str:
    """The demo logins, as ``make run`` prints them."""
    width = max(len(u[1]) for u in USERS)
    lines = [f"Demo logins (password for each: {DEMO_PASSWORD}):"]
    lines += [f"  {email:<{width}}  {what}" for _key, email, _role, _office, _name, what in USERS]
    return "\n".join(lines)


# --- texts -------------------------------------------------------------------------------------------
def _article(number: int, heading: dict[str, str], body: dict[str, str]) -> dict[str, Any]:
    """One article in the shape of SPEC §4."""
    return {"number": str(number), "heading": heading, "body": body}


def _numbered(pairs: list[tuple[dict[str, str], dict[str, str]]]) -> list[dict[str, Any]]:
    """Articles numbered 1, 2, 3… from (heading, body) pairs."""
    return [_article(n, heading, body) for n, (heading, body) in enumerate(pairs, start=1)]


def _only(text: dict[str, Any], langs: tuple[str, ...], partial: dict[str, int] | None = None) -> dict[str, Any]:
    """Keep the languages ``langs``; ``partial`` {lang: n} keeps only the first n articles in that language."""
    partial = partial or {}

    def keep(values: dict[str, str], index: int | None = None) -> dict[str, str]:
        """The values in the languages kept (for article ``index``, if given)."""
        return {
            lang: value
            for lang, value in values.items()
            if lang in langs and (index is None or lang not in partial or index < partial[lang])
        }

    return {
        "preamble": keep(text["preamble"]),
        "articles": [
            {"number": a["number"], "heading": keep(a["heading"], i), "body": keep(a["body"], i)}
            for i, a in enumerate(text["articles"])
        ],
        "final_clauses": keep(text["final_clauses"]),
    }


# The 2010 memorandum between ICE and the Investigative Committee, in English and Russian.
ICE_IC_PREAMBLE = {
    "en": (
        "U.S. Immigration and Customs Enforcement of the Department of Homeland Security of the United States of "
        "America and the Investigative Committee at the Public Prosecutor's Office of the Russian Federation, "
        'hereinafter referred to as the "Participants",\n\n'
        "Recognizing that crimes against children, trafficking in persons and smuggling of migrants, financial "
        "crimes and crimes committed by means of computer networks cross national borders and harm the people of "
        "both countries;\n\n"
        "Noting the cooperation already achieved by the Participants in investigations of mutual interest;\n\n"
        "Convinced that the timely exchange of information between investigators is essential to the success of "
        "such investigations;\n\n"
        "Mindful of the Treaty between the United States of America and the Russian Federation on Mutual Legal "
        "Assistance in Criminal Matters, signed at Moscow on June 17, 1999;\n\n"
        "Have reached the following understanding:"
    ),
    "ru": (
        "Служба иммиграционного и таможенного контроля Министерства внутренней безопасности Соединённых Штатов "
        "Америки и Следственный комитет при прокуратуре Российской Федерации, далее именуемые «Участники»,\n\n"
        "признавая, что преступления против детей, торговля людьми и незаконный ввоз мигрантов, финансовые "
        "преступления и преступления, совершаемые с использованием компьютерных сетей, выходят за пределы "
        "национальных границ и причиняют вред гражданам обеих стран,\n\n"
        "отмечая сотрудничество, уже достигнутое Участниками в расследованиях, представляющих взаимный интерес,\n\n"
        "будучи убеждёнными в том, что своевременный обмен информацией между следователями необходим для "
        "успешного проведения таких расследований,\n\n"
        "принимая во внимание Договор между Российской Федерацией и Соединёнными Штатами Америки о взаимной "
        "правовой помощи по уголовным делам, подписанный в Москве 17 июня 1999 года,\n\n"
        "достигли следующего взаимопонимания:"
    ),
}

ICE_IC_ARTICLES = {
    "participants": (
        {"en": "Participants", "ru": "Участники"},
        {
            "en": (
                "1. The Participants in this Memorandum are U.S. Immigration and Customs Enforcement (ICE), a "
                "component of the Department of Homeland Security of the United States of America, and the "
                "Investigative Committee at the Public Prosecutor's Office of the Russian Federation.\n\n"
                "2. Each Participant acts within the competence given to it by the laws of its country."
            ),
            "ru": (
                "1. Участниками настоящего Меморандума являются Служба иммиграционного и таможенного контроля "
                "(ICE), входящая в состав Министерства внутренней безопасности Соединённых Штатов Америки, и "
                "Следственный комитет при прокуратуре Российской Федерации.\n\n"
                "2. Каждый Участник действует в пределах компетенции, предоставленной ему законодательством его "
                "государства."
            ),
        },
    ),
    "purpose": (
        {"en": "Purpose", "ru": "Цель"},
        {
            "en": (
                "The purpose of this Memorandum is to enable the Participants to cooperate in countering criminal "
                "activity in areas of mutual interest and to share, in real time, information concerning "
                "individuals, groups and organizations involved in such activity."
            ),
            "ru": (
                "Целью настоящего Меморандума является сотрудничество Участников в противодействии преступной "
                "деятельности в сферах, представляющих взаимный интерес, и обмен в режиме реального времени "
                "информацией о лицах, группах и организациях, причастных к такой деятельности."
            ),
        },
    ),
    "areas": (
        {"en": "Areas of Cooperation", "ru": "Сферы сотрудничества"},
        {
            "en": (
                "The Participants intend to cooperate in particular in the following areas:\n"
                "(a) sexual exploitation of children, including the production and distribution of child sexual "
                "abuse material;\n"
                "(b) trafficking in persons and smuggling of migrants;\n"
                "(c) money laundering and other financial crimes;\n"
                "(d) crimes committed with the use of computers and information networks.\n\n"
                "The Participants may agree in writing to cooperate in other areas."
            ),
            "ru": (
                "Участники намерены сотрудничать, в частности, в следующих сферах:\n"
                "а) сексуальная эксплуатация детей, включая изготовление и распространение материалов с "
                "изображением сексуального насилия над детьми;\n"
                "б) торговля людьми и незаконный ввоз мигрантов;\n"
                "в) легализация (отмывание) доходов, полученных преступным путём, и другие финансовые "
                "преступления;\n"
                "г) преступления, совершаемые с использованием компьютеров и информационных сетей.\n\n"
                "Участники могут договориться в письменной форме о сотрудничестве в других сферах."
            ),
        },
    ),
    "forms": (
        {"en": "Forms of Cooperation", "ru": "Формы сотрудничества"},
        {
            "en": (
                "The Participants intend to cooperate by:\n"
                "(a) exchanging operational and other information, including financial information such as "
                "bank records, on request or on their own initiative, as quickly as the circumstances of a case "
                "require;\n"
                "(b) coordinating investigative actions in cases of mutual interest, each in the territory of its "
                "own country;\n"
                "(c) assisting each other in locating persons and in tracing and recovering property, including "
                "stolen cultural property;\n"
                "(d) exchanging experience and information on methods of investigation, and organizing joint "
                "training and working meetings."
            ),
            "ru": (
                "Участники намерены сотрудничать путём:\n"
                "а) обмена оперативной и иной информацией, включая финансовую информацию, например сведения о "
                "банковских счетах, по запросу или по собственной инициативе в сроки, которых требуют "
                "обстоятельства дела;\n"
                "б) согласования следственных действий по делам, представляющим взаимный интерес, каждым "
                "Участником на территории своего государства;\n"
                "в) оказания содействия в установлении местонахождения лиц, а также в розыске и возвращении "
                "имущества, в том числе похищенных культурных ценностей;\n"
                "г) обмена опытом и информацией о методах расследования, проведения совместного обучения и "
                "рабочих встреч."
            ),
        },
    ),
    "contacts": (
        {"en": "Points of Contact", "ru": "Контактные подразделения"},
        {
            "en": (
                "1. To make direct and rapid communication possible, each Participant designates a point of "
                "contact: for ICE, its Attaché Office at the Embassy of the United States of America in Moscow; "
                "for the Investigative Committee, its unit responsible for international legal cooperation.\n\n"
                "2. Urgent requests may be made by telephone or electronic mail and confirmed in writing "
                "afterwards.\n\n"
                "3. The Participants will inform each other promptly of any change in their points of contact."
            ),
            "ru": (
                "1. В целях прямого и оперативного взаимодействия каждый Участник назначает контактное "
                "подразделение: со стороны ICE — Представительство ICE при Посольстве Соединённых Штатов Америки "
                "в Москве; со стороны Следственного комитета — его подразделение, ответственное за "
                "международно-правовое сотрудничество.\n\n"
                "2. Срочные запросы могут направляться по телефону или электронной почте с последующим "
                "письменным подтверждением.\n\n"
                "3. Участники незамедлительно информируют друг друга об изменении контактных подразделений."
            ),
        },
    ),
    "information": (
        {"en": "Use and Confidentiality of Information", "ru": "Использование и конфиденциальность информации"},
        {
            "en": (
                "1. Information received under this Memorandum will be used only for the purposes for which it "
                "was provided. Its use for other purposes, or its transfer to a third party, requires the prior "
                "written consent of the Participant that provided it.\n\n"
                "2. Each Participant will protect information received from the other Participant at least to "
                "the extent that it protects similar information of its own, in accordance with the laws of its "
                "country.\n\n"
                "3. Information obtained under this Memorandum is not intended for use as evidence in criminal "
                "proceedings; where evidence is needed, the Participants will use the procedures of the 1999 "
                "Treaty on Mutual Legal Assistance in Criminal Matters."
            ),
            "ru": (
                "1. Информация, полученная в рамках настоящего Меморандума, используется только в тех целях, для "
                "которых она была предоставлена. Её использование в иных целях или передача третьей стороне "
                "допускается только с предварительного письменного согласия Участника, её предоставившего.\n\n"
                "2. Каждый Участник обеспечивает защиту информации, полученной от другого Участника, в объёме не "
                "меньшем, чем защита аналогичной собственной информации, в соответствии с законодательством "
                "своего государства.\n\n"
                "3. Информация, полученная в рамках настоящего Меморандума, не предназначена для использования в "
                "качестве доказательств по уголовным делам; при необходимости получения доказательств Участники "
                "используют процедуры Договора о взаимной правовой помощи по уголовным делам 1999 года."
            ),
        },
    ),
    "costs": (
        {"en": "Costs", "ru": "Расходы"},
        {
            "en": (
                "Each Participant will bear its own costs arising from the implementation of this Memorandum, "
                "within the limits of the funds available to it, unless the Participants decide otherwise in a "
                "particular case."
            ),
            "ru": (
                "Каждый Участник самостоятельно несёт расходы, связанные с выполнением настоящего Меморандума, в "
                "пределах имеющихся у него средств, если Участники в конкретном случае не договорятся об ином."
            ),
        },
    ),
    "law": (
        {
            "en": "Relationship to Domestic Law and Other Instruments",
            "ru": "Соотношение с национальным законодательством и другими документами",
        },
        {
            "en": (
                "1. This Memorandum does not create rights or obligations under international law. The "
                "Participants will carry it out in accordance with the laws of their respective countries.\n\n"
                "2. This Memorandum does not affect the rights and obligations of the United States of America "
                "and the Russian Federation under international agreements to which both are parties, including "
                "the Treaty on Mutual Legal Assistance in Criminal Matters of June 17, 1999.\n\n"
                "3. Nothing in this Memorandum gives rise to a right on the part of any private person to obtain, "
                "suppress or exclude any evidence, or to impede the execution of a request."
            ),
            "ru": (
                "1. Настоящий Меморандум не создаёт прав и обязательств по международному праву. Участники "
                "выполняют его в соответствии с законодательством своих государств.\n\n"
                "2. Настоящий Меморандум не затрагивает прав и обязательств Российской Федерации и Соединённых "
                "Штатов Америки по международным договорам, участниками которых они являются, в том числе по "
                "Договору о взаимной правовой помощи по уголовным делам от 17 июня 1999 года.\n\n"
                "3. Положения настоящего Меморандума не порождают у частных лиц права получать, скрывать или "
                "исключать какие-либо доказательства или препятствовать исполнению запроса."
            ),
        },
    ),
    "differences": (
        {"en": "Settlement of Differences", "ru": "Урегулирование разногласий"},
        {
            "en": (
                "Any difference concerning the interpretation or application of this Memorandum will be resolved "
                "by consultation between the Participants."
            ),
            "ru": (
                "Разногласия, связанные с толкованием или применением настоящего Меморандума, разрешаются путём "
                "консультаций между Участниками."
            ),
        },
    ),
    "effect": (
        {
            "en": "Coming into Effect, Duration and Discontinuation",
            "ru": "Начало применения, срок применения и его прекращение",
        },
        {
            "en": (
                "1. This Memorandum will come into effect on the date of its signature and will remain in effect "
                "until discontinued by either Participant.\n\n"
                "2. The Participants may amend this Memorandum by mutual consent in writing.\n\n"
                "3. Either Participant may discontinue this Memorandum by written notification to the other "
                "Participant. It will cease to have effect ninety days after the date of that notification. "
                "Information received before then remains subject to the Article on use and confidentiality of "
                "information."
            ),
            "ru": (
                "1. Настоящий Меморандум начинает применяться с даты его подписания и применяется до прекращения "
                "его применения одним из Участников.\n\n"
                "2. По взаимному письменному согласию Участники могут вносить в настоящий Меморандум "
                "изменения.\n\n"
                "3. Каждый Участник может прекратить применение настоящего Меморандума, направив письменное "
                "уведомление другому Участнику. Применение Меморандума прекращается по истечении девяноста дней "
                "с даты такого уведомления. На информацию, полученную до этой даты, по-прежнему "
                "распространяются положения статьи об использовании и конфиденциальности информации."
            ),
        },
    ),
}

ICE_IC_FINAL = {
    "en": (
        "Signed at Washington on March 26, 2010, in duplicate, in the English and Russian languages, both texts "
        "being equally valid."
    ),
    "ru": (
        "Подписано в г. Вашингтоне 26 марта 2010 года в двух экземплярах, каждый на английском и русском языках, "
        "причём оба текста являются равно действительными."
    ),
}


def ice_ic_text(langs: tuple[str, ...], *, with_domestic_law: bool = True) -> dict[str, Any]:
    """The ICE–Investigative Committee memorandum; its first draft lacked the article on domestic law."""
    keys = [k for k in ICE_IC_ARTICLES if with_domestic_law or k != "law"]
    text = {
        "preamble": ICE_IC_PREAMBLE,
        "articles": _numbered([ICE_IC_ARTICLES[k] for k in keys]),
        "final_clauses": ICE_IC_FINAL,
    }
    return _only(text, langs)


# A non-binding instrument (MOU, MOC, LOI) in English, Spanish, Italian and French. Placeholders: {us},
# {them}, {Us} (capitalised), {this}/{This} and {of_this} ("this Memorandum", "del presente Memorando").
INSTRUMENT = {
    "en": {
        "mou": ("this Memorandum", "of this Memorandum"),
        "moc": ("this Memorandum", "of this Memorandum"),
        "loi": ("this Letter", "of this Letter"),
    },
    "es": {
        "mou": ("el presente Memorando", "del presente Memorando"),
        "moc": ("el presente Memorando", "del presente Memorando"),
        "loi": ("la presente Carta de Intención", "de la presente Carta de Intención"),
    },
    "it": {
        "mou": ("il presente Memorandum", "del presente Memorandum"),
        "moc": ("il presente Memorandum", "del presente Memorandum"),
        "loi": ("la presente Lettera d'intenti", "della presente Lettera d'intenti"),
    },
    "fr": {
        "mou": ("le présent Protocole", "du présent Protocole"),
        "moc": ("le présent Protocole", "du présent Protocole"),
        "loi": ("la présente Lettre d'intention", "de la présente Lettre d'intention"),
    },
}

US = {
    "en": "U.S. Immigration and Customs Enforcement of the Department of Homeland Security of the United States",
    "es": (
        "el Servicio de Control de Inmigración y Aduanas (ICE) del Departamento de Seguridad Nacional de los "
        "Estados Unidos de América"
    ),
    "it": "l'U.S. Immigration and Customs Enforcement del Dipartimento della Sicurezza Interna degli Stati Uniti",
    "fr": (
        "le Service de l'immigration et des douanes (ICE) du Département de la Sécurité intérieure des "
        "États-Unis d'Amérique"
    ),
}

NONBINDING_PREAMBLE = {
    "en": (
        '{Us} and {them} (hereinafter the "Participants"),\n\n'
        "Recognizing that transnational criminal organizations exploit the borders between their countries;\n\n"
        "Desiring to strengthen their cooperation through the timely exchange of information and coordinated "
        "action;\n\nHave reached the following understanding:"
    ),
    "es": (
        "{Us} y {them} (en lo sucesivo, los «Participantes»),\n\n"
        "Reconociendo que las organizaciones delictivas transnacionales se aprovechan de las fronteras entre sus "
        "países;\n\nDeseando fortalecer su cooperación mediante el intercambio oportuno de información y la acción "
        "coordinada;\n\nHan llegado al siguiente entendimiento:"
    ),
    "it": (
        "{Us} e {them} (di seguito denominati «Partecipanti»),\n\n"
        "Riconoscendo che le organizzazioni criminali transnazionali sfruttano le frontiere tra i loro Paesi;\n\n"
        "Desiderando rafforzare la cooperazione reciproca mediante il tempestivo scambio di informazioni e "
        "un'azione coordinata;\n\nHanno raggiunto la seguente intesa:"
    ),
    "fr": (
        "{Us} et {them} (ci-après dénommés les « Participants »),\n\n"
        "Reconnaissant que les organisations criminelles transnationales exploitent les frontières entre leurs "
        "pays ;\n\nSouhaitant renforcer leur coopération par l'échange rapide d'informations et une action "
        "coordonnée ;\n\nSont parvenus à l'entente suivante :"
    ),
}

NONBINDING_ARTICLES = (
    (
        {"en": "Participants", "es": "Participantes", "it": "Partecipanti", "fr": "Participants"},
        {
            "en": "The Participants in {this} are {us} and {them}.",
            "es": "Los Participantes {of_this} son {us} y {them}.",
            "it": "I Partecipanti {of_this} sono {us} e {them}.",
            "fr": "Les Participants {of_this} sont {us} et {them}.",
        },
    ),
    ("purpose", "purpose"),
    (
        {
            "en": "Forms of cooperation",
            "es": "Formas de cooperación",
            "it": "Forme di cooperazione",
            "fr": "Formes de coopération",
        },
        {
            "en": (
                "Within the limits of their competence and available resources, the Participants intend to "
                "cooperate by:\n(a) exchanging information on persons, groups and organizations involved in "
                "criminal activity within the scope {of_this};\n(b) coordinating investigations of mutual interest, "
                "each in its own territory;\n(c) sharing experience, investigative methods and training; and\n"
                "(d) holding working meetings as needed."
            ),
            "es": (
                "Dentro de los límites de su competencia y de los recursos disponibles, los Participantes tienen la "
                "intención de cooperar mediante:\na) el intercambio de información sobre personas, grupos y "
                "organizaciones involucrados en actividades delictivas comprendidas en el ámbito {of_this};\n"
                "b) la coordinación de investigaciones de interés mutuo, cada uno en su propio territorio;\n"
                "c) el intercambio de experiencias, métodos de investigación y capacitación; y\n"
                "d) la celebración de reuniones de trabajo cuando sea necesario."
            ),
            "it": (
                "Nei limiti delle rispettive competenze e delle risorse disponibili, i Partecipanti intendono "
                "cooperare mediante:\na) lo scambio di informazioni su persone, gruppi e organizzazioni coinvolti "
                "in attività criminali che rientrano nell'ambito {of_this};\nb) il coordinamento di indagini di "
                "interesse comune, ciascuno nel proprio territorio;\nc) lo scambio di esperienze, metodi "
                "investigativi e formazione;\nd) lo svolgimento di riunioni di lavoro, se necessario."
            ),
            "fr": (
                "Dans les limites de leurs compétences et des ressources disponibles, les Participants entendent "
                "coopérer par :\na) l'échange d'informations sur les personnes, groupes et organisations impliqués "
                "dans des activités criminelles relevant {of_this} ;\nb) la coordination d'enquêtes d'intérêt "
                "commun, chacun sur son propre territoire ;\nc) le partage d'expérience, de méthodes d'enquête et "
                "de formation ;\nd) la tenue de réunions de travail au besoin."
            ),
        },
    ),
    (
        {"en": "Points of contact", "es": "Puntos de contacto", "it": "Punti di contatto", "fr": "Points de contact"},
        {
            "en": (
                "Each Participant will designate a point of contact for matters arising under {this} and will "
                "inform the other Participant in writing of the designation and of any change. Requests and "
                "information will as a rule pass between the points of contact; urgent requests may be made "
                "orally and confirmed in writing."
            ),
            "es": (
                "Cada Participante designará un punto de contacto para los asuntos relativos a la aplicación "
                "{of_this} e informará por escrito al otro Participante de dicha designación y de cualquier "
                "cambio. Por regla general, las solicitudes y la información se transmitirán entre los puntos de "
                "contacto; las solicitudes urgentes podrán formularse verbalmente y confirmarse por escrito."
            ),
            "it": (
                "Ciascun Partecipante designerà un punto di contatto per le questioni relative all'attuazione "
                "{of_this} e informerà per iscritto l'altro Partecipante della designazione e di ogni successiva "
                "modifica. Di norma, le richieste e le informazioni saranno trasmesse tra i punti di contatto; le "
                "richieste urgenti potranno essere formulate oralmente e confermate per iscritto."
            ),
            "fr": (
                "Chaque Participant désignera un point de contact pour les questions relatives à la mise en œuvre "
                "{of_this} et informera par écrit l'autre Participant de cette désignation et de toute "
                "modification. Les demandes et les informations seront en règle générale transmises entre les "
                "points de contact ; les demandes urgentes pourront être formulées oralement puis confirmées par "
                "écrit."
            ),
        },
    ),
    (
        {
            "en": "Use and protection of information",
            "es": "Uso y protección de la información",
            "it": "Uso e protezione delle informazioni",
            "fr": "Utilisation et protection des informations",
        },
        {
            "en": (
                "Information provided under {this} will be used only for the purposes for which it was provided, "
                "unless the providing Participant consents in writing to another use or to its transfer to a "
                "third party. Each Participant will protect the information it receives at least as carefully as "
                "similar information of its own, in accordance with its domestic law."
            ),
            "es": (
                "La información proporcionada en el marco {of_this} se utilizará únicamente para los fines para "
                "los que fue proporcionada, salvo que el Participante que la haya proporcionado consienta por "
                "escrito otro uso o su transmisión a un tercero. Cada Participante protegerá la información que "
                "reciba al menos con el mismo cuidado que la información similar propia, de conformidad con su "
                "legislación nacional."
            ),
            "it": (
                "Le informazioni fornite nell'ambito {of_this} saranno utilizzate esclusivamente per le finalità "
                "per le quali sono state fornite, salvo consenso scritto del Partecipante che le ha fornite a un "
                "diverso uso o alla loro trasmissione a terzi. Ciascun Partecipante proteggerà le informazioni "
                "ricevute almeno con la stessa cura riservata alle proprie informazioni di natura analoga, "
                "conformemente al proprio diritto interno."
            ),
            "fr": (
                "Les informations communiquées dans le cadre {of_this} ne seront utilisées qu'aux fins pour "
                "lesquelles elles ont été communiquées, sauf consentement écrit du Participant qui les a fournies "
                "à une autre utilisation ou à leur transmission à un tiers. Chaque Participant protégera les "
                "informations reçues avec au moins le même soin que ses propres informations de même nature, "
                "conformément à son droit interne."
            ),
        },
    ),
    (
        {"en": "Costs", "es": "Gastos", "it": "Spese", "fr": "Frais"},
        {
            "en": "Each Participant will bear its own costs of carrying out {this}, subject to the availability of "
            "funds.",
            "es": "Cada Participante sufragará sus propios gastos derivados de la aplicación {of_this}, con sujeción "
            "a la disponibilidad de fondos.",
            "it": "Ciascun Partecipante sosterrà le proprie spese derivanti dall'attuazione {of_this}, nei limiti "
            "dei fondi disponibili.",
            "fr": "Chaque Participant assumera ses propres frais liés à la mise en œuvre {of_this}, sous réserve de "
            "la disponibilité des fonds.",
        },
    ),
    (
        {
            "en": "Status and settlement of differences",
            "es": "Naturaleza y solución de diferencias",
            "it": "Natura e risoluzione delle divergenze",
            "fr": "Nature et règlement des différends",
        },
        {
            "en": (
                "{This} does not create rights or obligations under international law. The Participants will act "
                "in accordance with the laws of their respective countries. Any difference about the "
                "interpretation or application {of_this} will be settled by consultation between the Participants."
            ),
            "es": (
                "{This} no crea derechos ni obligaciones de conformidad con el derecho internacional. Los "
                "Participantes actuarán de conformidad con la legislación de sus respectivos países. Cualquier "
                "diferencia relativa a la interpretación o aplicación {of_this} se resolverá mediante consultas "
                "entre los Participantes."
            ),
            "it": (
                "{This} non crea diritti né obblighi ai sensi del diritto internazionale. I Partecipanti agiranno "
                "in conformità con la legislazione dei rispettivi Paesi. Qualsiasi divergenza relativa "
                "all'interpretazione o all'applicazione {of_this} sarà risolta mediante consultazioni tra i "
                "Partecipanti."
            ),
            "fr": (
                "{This} ne crée pas de droits ni d'obligations en vertu du droit international. Les Participants "
                "agiront conformément au droit de leurs pays respectifs. Tout différend relatif à l'interprétation "
                "ou à l'application {of_this} sera réglé par voie de consultations entre les Participants."
            ),
        },
    ),
    (
        {
            "en": "Coming into effect, amendment and discontinuation",
            "es": "Inicio de efectos, modificación y terminación",
            "it": "Decorrenza, modifiche e cessazione",
            "fr": "Prise d'effet, modification et cessation",
        },
        {
            "en": (
                "{This} will come into effect on the date of its signature by both Participants{duration}. It may "
                "be amended by mutual written consent of the Participants. Either Participant may discontinue it "
                "by written notice to the other Participant, which will take effect ninety days after the notice "
                "is received."
            ),
            "es": (
                "{This} surtirá efectos a partir de la fecha de su firma por ambos Participantes. Toda "
                "modificación requerirá el consentimiento mutuo y por escrito de los Participantes. Cualquiera de "
                "los Participantes podrá poner fin a su aplicación mediante notificación escrita al otro "
                "Participante, que surtirá efectos noventa días después de su recepción."
            ),
            "it": (
                "{This} avrà effetto dalla data della firma da parte di entrambi i Partecipanti. Eventuali "
                "modifiche richiedono il consenso scritto di entrambi i Partecipanti. Ciascun Partecipante può "
                "porre fine alla sua applicazione mediante notifica scritta all'altro Partecipante, con effetto "
                "novanta giorni dopo il ricevimento della notifica."
            ),
            "fr": (
                "{This} prend effet à la date de sa signature par les deux Participants. Toute modification "
                "requiert le consentement écrit des deux Participants. Chaque Participant peut mettre fin à son "
                "application par notification écrite à l'autre Participant, avec effet quatre-vingt-dix jours "
                "après la réception de la notification."
            ),
        },
    ),
)

SECOND_LANGUAGE = {"es": "Spanish", "it": "Italian", "fr": "French", "ru": "Russian"}

NONBINDING_FINAL = {
    "en": "Done in duplicate, in the English and {other} languages, both texts being equally valid.",
    "en-only": "Done in duplicate, in the English language.",
    "es": "Hecho en dos ejemplares, en los idiomas español e inglés, siendo ambos textos igualmente válidos.",
    "it": "Fatto in due esemplari, nelle lingue italiana e inglese, entrambi i testi avendo uguale valore.",
    "fr": "Fait en deux exemplaires, en langues française et anglaise, les deux textes ayant même valeur.",
}


def _fill(template: str, values: dict[str, str]) -> str:
    """A template with its placeholders filled."""
    return template.format_map(values)


def _final(table: dict[str, str], signed_in: tuple[str, ...]) -> dict[str, str]:
    """The languages clause in each language the table has, for an instrument signed in ``signed_in``."""
    if len(signed_in) == 1:
        return {"en": table["en-only"]}
    other = SECOND_LANGUAGE[signed_in[1]]
    return {lang: table[lang].format(other=other) for lang in signed_in if lang in table}


def nonbinding_text(
    kind: str,
    langs: tuple[str, ...],
    them: dict[str, str],
    purpose: dict[str, str],
    *,
    signed_in: tuple[str, ...] | None = None,
    extra: tuple[tuple[dict[str, str], dict[str, str]], ...] = (),
    duration: str = "",
    partial: dict[str, int] | None = None,
) -> dict[str, Any]:
    """An MOU, MOC or LOI written in ``langs``, to be signed in ``signed_in`` (default: ``langs``).

    ``extra`` articles go before the article on the instrument's status; ``partial`` {lang: n} leaves a
    translation unfinished after n articles, as drafts are.
    """
    values = {}
    for lang in langs:
        this, of_this = INSTRUMENT[lang][kind]
        values[lang] = {
            "us": US[lang],
            "Us": US[lang][0].upper() + US[lang][1:],
            "them": them[lang],
            "this": this,
            "This": this[0].upper() + this[1:],
            "of_this": of_this,
            "duration": duration if lang == "en" else "",
        }
    pairs = []
    for heading, body in NONBINDING_ARTICLES:
        if heading == "purpose":
            heading = {"en": "Purpose", "es": "Objeto", "it": "Finalità", "fr": "Objet"}
            body = purpose
        if heading["en"].startswith("Status"):
            pairs.extend(extra)
        pairs.append((heading, body))
    text = {
        "preamble": {lang: _fill(NONBINDING_PREAMBLE[lang], values[lang]) for lang in langs},
        "articles": _numbered(
            [(heading, {lang: _fill(body[lang], values[lang]) for lang in langs}) for heading, body in pairs]
        ),
        "final_clauses": _final(NONBINDING_FINAL, signed_in or langs),
    }
    return _only(text, langs, partial)


# A Customs Mutual Assistance Agreement (binding) in English, Spanish and Italian. Placeholders:
# {state} (the other Government), {country} and {admin} (its customs administration).
CMAA_PREAMBLE = {
    "en": (
        'The Government of the United States of America and {state} (hereinafter "the Parties"),\n\n'
        "Considering that offenses against customs laws are prejudicial to the economic, fiscal and commercial "
        "interests of their respective countries;\n\n"
        "Considering the importance of ensuring the accurate assessment of duties and other taxes collected on "
        "the importation or exportation of goods, and the proper enforcement of prohibitions, restrictions and "
        "controls;\n\n"
        "Recognizing that cooperation between their customs administrations can make action against customs "
        "offenses more effective;\n\n"
        "Having regard to the Recommendation of the Customs Co-operation Council on Mutual Administrative "
        "Assistance of December 5, 1953;\n\nHave agreed as follows:"
    ),
    "es": (
        "El Gobierno de los Estados Unidos de América y {state} (en lo sucesivo, «las Partes»),\n\n"
        "Considerando que las infracciones a la legislación aduanera perjudican los intereses económicos, "
        "fiscales y comerciales de sus respectivos países;\n\n"
        "Considerando la importancia de asegurar la determinación exacta de los derechos y demás impuestos "
        "percibidos a la importación o exportación de mercancías, así como la debida aplicación de las "
        "prohibiciones, restricciones y controles;\n\n"
        "Reconociendo que la cooperación entre sus administraciones aduaneras puede hacer más eficaces las "
        "acciones contra las infracciones aduaneras;\n\n"
        "Teniendo en cuenta la Recomendación del Consejo de Cooperación Aduanera sobre Asistencia Administrativa "
        "Mutua del 5 de diciembre de 1953;\n\nHan acordado lo siguiente:"
    ),
    "it": (
        "Il Governo degli Stati Uniti d'America e {state} (di seguito denominati «le Parti»),\n\n"
        "Considerando che le infrazioni alla legislazione doganale pregiudicano gli interessi economici, fiscali e "
        "commerciali dei rispettivi Paesi;\n\n"
        "Considerando l'importanza di assicurare l'esatta determinazione dei dazi e degli altri tributi riscossi "
        "all'importazione o all'esportazione delle merci, nonché la corretta applicazione dei divieti, delle "
        "restrizioni e dei controlli;\n\n"
        "Riconoscendo che la cooperazione tra le rispettive amministrazioni doganali può rendere più efficace "
        "l'azione contro le infrazioni doganali;\n\n"
        "Vista la Raccomandazione del Consiglio di Cooperazione Doganale sull'assistenza amministrativa reciproca "
        "del 5 dicembre 1953;\n\nHanno convenuto quanto segue:"
    ),
}

CMAA_ARTICLES = (
    (
        {"en": "Definitions", "es": "Definiciones", "it": "Definizioni"},
        {
            "en": (
                'For the purposes of this Agreement:\n(a) "Customs laws" means the laws and regulations enforced by '
                "the Customs Administrations concerning the importation, exportation and transit of goods;\n"
                '(b) "Customs Administration" means, for the United States of America, U.S. Customs and Border '
                "Protection and U.S. Immigration and Customs Enforcement of the Department of Homeland Security, "
                'and, for {country}, {admin};\n(c) "Offense" means any violation or attempted violation of customs '
                'laws;\n(d) "Person" means a natural or legal person.'
            ),
            "es": (
                "Para los efectos del presente Acuerdo:\na) «Legislación aduanera» significa las leyes y reglamentos "
                "aplicados por las Administraciones Aduaneras relativos a la importación, exportación y tránsito de "
                "mercancías;\nb) «Administración Aduanera» significa, para los Estados Unidos de América, la Oficina "
                "de Aduanas y Protección Fronteriza y el Servicio de Control de Inmigración y Aduanas del "
                "Departamento de Seguridad Nacional y, para {country}, {admin};\nc) «Infracción» significa "
                "cualquier violación o tentativa de violación de la legislación aduanera;\nd) «Persona» significa "
                "una persona física o jurídica."
            ),
            "it": (
                "Ai fini del presente Accordo:\na) per «legislazione doganale» si intendono le leggi e i "
                "regolamenti applicati dalle Amministrazioni doganali in materia di importazione, esportazione e "
                "transito delle merci;\nb) per «Amministrazione doganale» si intendono, per gli Stati Uniti "
                "d'America, l'U.S. Customs and Border Protection e l'U.S. Immigration and Customs Enforcement del "
                "Dipartimento della Sicurezza Interna e, per {country}, {admin};\nc) per «infrazione» si intende "
                "qualsiasi violazione o tentativo di violazione della legislazione doganale;\nd) per «persona» si "
                "intende una persona fisica o giuridica."
            ),
        },
    ),
    (
        {"en": "Scope of assistance", "es": "Alcance de la asistencia", "it": "Ambito dell'assistenza"},
        {
            "en": (
                "1. The Parties shall, through their Customs Administrations, assist each other in preventing, "
                "investigating and repressing offenses, in accordance with this Agreement.\n\n2. Assistance shall "
                "be provided within the limits of the domestic law and the available resources of the requested "
                "Party."
            ),
            "es": (
                "1. Las Partes, por conducto de sus Administraciones Aduaneras, se prestarán asistencia mutua para "
                "prevenir, investigar y reprimir las infracciones, de conformidad con el presente Acuerdo.\n\n2. La "
                "asistencia se prestará dentro de los límites de la legislación nacional y de los recursos "
                "disponibles de la Parte requerida."
            ),
            "it": (
                "1. Le Parti, tramite le rispettive Amministrazioni doganali, si prestano reciproca assistenza per "
                "prevenire, indagare e reprimere le infrazioni, conformemente al presente Accordo.\n\n2. "
                "L'assistenza è prestata nei limiti del diritto interno e delle risorse disponibili della Parte "
                "richiesta."
            ),
        },
    ),
    (
        {"en": "Exchange of information", "es": "Intercambio de información", "it": "Scambio di informazioni"},
        {
            "en": (
                "The Customs Administrations shall, on request or on their own initiative, provide each other with "
                "information that helps to ensure the proper application of customs laws, including information on "
                "new means or methods of committing offenses and on goods, means of transport and persons known or "
                "suspected to be involved in offenses."
            ),
            "es": (
                "Las Administraciones Aduaneras se proporcionarán, a solicitud o por iniciativa propia, la "
                "información que contribuya a asegurar la correcta aplicación de la legislación aduanera, incluida "
                "la información sobre nuevos medios o métodos para cometer infracciones y sobre mercancías, medios "
                "de transporte y personas que se sepa o se sospeche que participan en infracciones."
            ),
            "it": (
                "Le Amministrazioni doganali si forniscono, su richiesta o di propria iniziativa, le informazioni "
                "utili ad assicurare la corretta applicazione della legislazione doganale, comprese quelle sui "
                "nuovi mezzi o metodi per commettere infrazioni e su merci, mezzi di trasporto e persone "
                "notoriamente o presumibilmente coinvolti in infrazioni."
            ),
        },
    ),
    (
        {
            "en": "Form and content of requests",
            "es": "Forma y contenido de las solicitudes",
            "it": "Forma e contenuto delle richieste",
        },
        {
            "en": (
                "1. Requests under this Agreement shall be made in writing and accompanied by any document needed "
                "to execute them. In urgent cases a request may be made orally and confirmed promptly in writing."
                "\n\n2. A request shall state the authority making it, the nature of the proceeding, the subject "
                "of and reason for the request and, where known, the names and addresses of the persons concerned."
            ),
            "es": (
                "1. Las solicitudes formuladas conforme al presente Acuerdo se presentarán por escrito y se "
                "acompañarán de los documentos necesarios para su ejecución. En casos urgentes, podrán formularse "
                "verbalmente y confirmarse sin demora por escrito.\n\n2. La solicitud indicará la autoridad que la "
                "formula, la naturaleza del procedimiento, el objeto y el motivo de la solicitud y, cuando se "
                "conozcan, los nombres y domicilios de las personas involucradas."
            ),
            "it": (
                "1. Le richieste ai sensi del presente Accordo sono presentate per iscritto e corredate dei "
                "documenti necessari alla loro esecuzione. In caso di urgenza, possono essere formulate oralmente "
                "e confermate senza indugio per iscritto.\n\n2. La richiesta indica l'autorità richiedente, la "
                "natura del procedimento, l'oggetto e il motivo della richiesta e, se noti, i nomi e gli indirizzi "
                "delle persone interessate."
            ),
        },
    ),
    (
        {
            "en": "Use and confidentiality of information",
            "es": "Uso y confidencialidad de la información",
            "it": "Uso e riservatezza delle informazioni",
        },
        {
            "en": (
                "1. Information and documents received under this Agreement shall be used only for the purposes of "
                "this Agreement, including in judicial and administrative proceedings, unless the providing Customs "
                "Administration consents in writing to another use.\n\n2. Such information shall be given at least "
                "the same protection as the receiving Party gives to information of the same kind under its "
                "domestic law."
            ),
            "es": (
                "1. La información y los documentos recibidos conforme al presente Acuerdo se utilizarán "
                "únicamente para los fines del mismo, incluso en procedimientos judiciales y administrativos, salvo "
                "que la Administración Aduanera que los haya proporcionado consienta por escrito otro uso.\n\n"
                "2. Dicha información gozará al menos de la misma protección que la Parte receptora otorgue a la "
                "información de la misma naturaleza conforme a su legislación nacional."
            ),
            "it": (
                "1. Le informazioni e i documenti ricevuti ai sensi del presente Accordo sono utilizzati "
                "esclusivamente per le finalità dello stesso, anche in procedimenti giudiziari e amministrativi, "
                "salvo consenso scritto dell'Amministrazione doganale che li ha forniti a un diverso uso.\n\n"
                "2. Tali informazioni godono almeno della stessa protezione che la Parte ricevente accorda alle "
                "informazioni della stessa natura in base al proprio diritto interno."
            ),
        },
    ),
    (
        {"en": "Costs", "es": "Gastos", "it": "Spese"},
        {
            "en": (
                "The Parties shall waive all claims for reimbursement of costs incurred in executing this "
                "Agreement, except for the fees of experts and witnesses and the costs of interpreters and "
                "translators who are not government employees."
            ),
            "es": (
                "Las Partes renunciarán a toda reclamación de reembolso de los gastos derivados de la aplicación "
                "del presente Acuerdo, salvo los honorarios de peritos y testigos y los gastos de intérpretes y "
                "traductores que no sean empleados públicos."
            ),
            "it": (
                "Le Parti rinunciano a qualsiasi richiesta di rimborso delle spese sostenute per l'esecuzione del "
                "presente Accordo, ad eccezione degli onorari di periti e testimoni e delle spese per interpreti e "
                "traduttori che non siano dipendenti pubblici."
            ),
        },
    ),
    (
        {"en": "Implementation", "es": "Aplicación", "it": "Attuazione"},
        {
            "en": (
                "The Customs Administrations shall communicate directly with each other to implement this "
                "Agreement and may agree on detailed arrangements for that purpose. Any dispute they cannot "
                "resolve shall be settled through diplomatic channels."
            ),
            "es": (
                "Las Administraciones Aduaneras se comunicarán directamente entre sí para la aplicación del "
                "presente Acuerdo y podrán convenir los arreglos detallados necesarios para tal fin. Toda "
                "controversia que no puedan resolver se solucionará por la vía diplomática."
            ),
            "it": (
                "Le Amministrazioni doganali comunicano direttamente tra loro per l'attuazione del presente "
                "Accordo e possono concordare a tal fine intese di dettaglio. Le controversie che esse non "
                "riescano a risolvere sono composte per via diplomatica."
            ),
        },
    ),
    (
        {
            "en": "Entry into force and termination",
            "es": "Entrada en vigor y terminación",
            "it": "Entrata in vigore e cessazione",
        },
        {
            "en": (
                "1. This Agreement shall enter into force on the date of the later of the diplomatic notes by which "
                "the Parties inform each other that their internal procedures for its entry into force have been "
                "completed.\n\n2. Either Party may terminate this Agreement by notification through diplomatic "
                "channels. Termination shall take effect three months after the date of that notification; "
                "requests made before then shall be completed in accordance with this Agreement."
            ),
            "es": (
                "1. El presente Acuerdo entrará en vigor en la fecha de la última de las notas diplomáticas "
                "mediante las cuales las Partes se comuniquen que han concluido sus procedimientos internos "
                "necesarios para su entrada en vigor.\n\n2. Cualquiera de las Partes podrá dar por terminado el "
                "presente Acuerdo mediante notificación por la vía diplomática. La terminación surtirá efectos tres "
                "meses después de la fecha de dicha notificación; las solicitudes presentadas antes de esa fecha se "
                "atenderán conforme al presente Acuerdo."
            ),
            "it": (
                "1. Il presente Accordo entra in vigore alla data dell'ultima delle note diplomatiche con cui le "
                "Parti si comunicano il completamento delle rispettive procedure interne necessarie a tal fine.\n\n"
                "2. Ciascuna Parte può denunciare il presente Accordo mediante notifica per via diplomatica. La "
                "denuncia ha effetto tre mesi dopo la data della notifica; le richieste presentate prima di tale "
                "data sono eseguite conformemente al presente Accordo."
            ),
        },
    ),
)

CMAA_FINAL = {
    "en": (
        "IN WITNESS WHEREOF the undersigned, being duly authorized by their respective Governments, have signed "
        "this Agreement.\n\nDone at ________, on ________, in duplicate, in the English and {other} languages, both "
        "texts being equally authentic."
    ),
    "es": (
        "EN FE DE LO CUAL, los suscritos, debidamente autorizados por sus respectivos Gobiernos, firman el "
        "presente Acuerdo.\n\nHecho en ________, el ________, en dos ejemplares, en los idiomas español e inglés, "
        "siendo ambos textos igualmente auténticos."
    ),
    "it": (
        "IN FEDE DI CHE i sottoscritti, debitamente autorizzati dai rispettivi Governi, hanno firmato il presente "
        "Accordo.\n\nFatto a ________, il ________, in due esemplari, nelle lingue italiana e inglese, entrambi i "
        "testi facenti ugualmente fede."
    ),
}


def cmaa_text(
    langs: tuple[str, ...],
    parties: dict[str, dict[str, str]],
    *,
    keep: tuple[str, ...] | None = None,
    partial: dict[str, int] | None = None,
) -> dict[str, Any]:
    """A customs mutual assistance agreement in ``langs``; ``parties[lang]`` names state, country and admin.

    ``keep`` leaves out languages not written yet, ``partial`` an unfinished translation.
    """
    text = {
        "preamble": {lang: _fill(CMAA_PREAMBLE[lang], parties[lang]) for lang in langs},
        "articles": _numbered(
            [(heading, {lang: _fill(body[lang], parties[lang]) for lang in langs}) for heading, body in CMAA_ARTICLES]
        ),
        "final_clauses": _final({**CMAA_FINAL, "en-only": CMAA_FINAL["en"]}, langs),
    }
    return _only(text, keep or langs, partial)


# --- what happens to each agreement --------------------------------------------------------------------
People = dict[str, User]


@dataclass(frozen=True)
class Text:
    """Save a version of the text."""

    by: str
    text: dict[str, Any]
    note: str
    origin: str = "ours"

    def apply(self, agreement: Agreement, people: People) -> None:
        """Save it through the versions service."""
        save_version(people[self.by], agreement, {**self.text, "note": self.note, "origin": self.origin})


@dataclass(frozen=True)
class Fire:
    """Fire a transition (``by`` None: the system), as of the day ``on``."""

    by: str | None
    trigger: str
    comment: str = ""
    data: dict[str, str] = field(default_factory=dict)
    on: dt.date | None = None

    def apply(self, agreement: Agreement, people: People) -> None:
        """Fire it through the transitions service."""
        user = people[self.by] if self.by else None
        fired = fire_transition(user, agreement.id, self.trigger, comment=self.comment, data=self.data, today=self.on)
        if self.on is not None and fired.to_state != fired.from_state:
            # The story's day, so that the days in each state read as the story tells them.
            since = dt.datetime.combine(self.on, dt.time(9), tzinfo=dt.UTC)
            db.session.execute(update(Agreement).where(Agreement.id == agreement.id).values(state_since=since))


@dataclass(frozen=True)
class Signatory:
    """Designate a party's signatory, or record the signature (with date and place)."""

    party: str
    fields: dict[str, str]

    def apply(self, agreement: Agreement, people: People) -> None:
        """Record it through the parties service (program managers record signatories)."""
        set_signatory(people["pm"], agreement, self.party, self.fields)


@dataclass(frozen=True)
class Authority:
    """Record a State Department authority for the current text."""

    fields: dict[str, str]

    def apply(self, agreement: Agreement, people: People) -> None:
        """Record it through the parties service."""
        record_authority(people["pm"], agreement, self.fields)


@dataclass(frozen=True)
class Confirm:
    """The legal advisor confirms the authorities the program manager recorded."""

    def apply(self, agreement: Agreement, people: People) -> None:
        """Confirm each one not confirmed yet, through the authorities service."""
        for authority in agreement.authorities:
            if authority.confirmed_at is None:
                confirm_authority(people["legal"], agreement, authority.id)


class Conform:
    """The legal advisor records that the texts in each language of the current version conform."""

    def apply(self, agreement: Agreement, people: People) -> None:
        """Record it through the conformity service, when the text has more than one language."""
        if conformity_problem(agreement):
            record_conformity(people["legal"], agreement, "Read side by side: the language versions conform.")


@dataclass(frozen=True)
class Transmit:
    """Record what the program manager sent to the treaty office (L/T) on the day ``on``, with the signed PDF."""

    fields: dict[str, Any]
    on: dt.date

    def apply(self, agreement: Agreement, people: People) -> None:
        """Record it through the transmittals service, the sealed PDF made at signature among what was sent."""
        signed = signed_document(agreement)
        sent = {**self.fields, "sent_on": self.on.isoformat(), "documents": [signed.id] if signed else []}
        record_transmittal(people["pm"], agreement, sent, today=self.on)


@dataclass(frozen=True)
class Expiry:
    """The expiry date the signed text sets."""

    on: dt.date

    def apply(self, agreement: Agreement, people: People) -> None:
        """No service records an expiry date yet; it is a fact of the text, not a change of state."""
        agreement.expires_on = self.on
        db.session.flush()


@dataclass(frozen=True)
class Contacts:
    """Set a party's points of contact, through the contacts service (so the trail records who did)."""

    by: str
    party: str
    listed: tuple[dict[str, Any], ...]

    def apply(self, agreement: Agreement, people: People) -> None:
        """Record them as ``by`` (a program manager, or an attaché of the responsible office)."""
        set_contacts(people[self.by], agreement, self.party, [dict(person) for person in self.listed])


def _contact(name: str, title: str, office: str, phone: str, email: str, languages: tuple[str, ...], on: dt.date):
    """One invented point of contact: 555-01xx numbers and example domains, nobody real."""
    return {
        "name": name,
        "title": title,
        "office": office,
        "phone": phone,
        "email": email,
        "languages": list(languages),
        "confirmed_on": on.isoformat(),
    }


@dataclass(frozen=True)
class Story:
    """One demo agreement: its facts and what happened to it, in order."""

    title: str
    type: str
    country: str
    counterpart: str
    languages: tuple[str, ...]
    office: str
    areas: tuple[str, ...]
    by: str
    steps: tuple[Any, ...]
    year: int | None = None
    # The clauses kept as facts: the title in the other languages, the Parties by name, entry into force.
    facts: dict[str, Any] = field(default_factory=dict)


def _signing(us: dict[str, str], them: dict[str, str], on: dt.date, place: str) -> tuple[Signatory, ...]:
    """Both parties' signatures, on one day in one place."""
    return (
        Signatory("us", {**us, "signed_on": on.isoformat(), "place": place}),
        Signatory("counterpart", {**them, "signed_on": on.isoformat(), "place": place}),
    )


def _designate(us: dict[str, str], them: dict[str, str]) -> tuple[Signatory, ...]:
    """Both parties' signatories, before signature."""
    return Signatory("us", us), Signatory("counterpart", them)


def _nonbinding_signature_route(
    lead: str, text: dict[str, Any], us: dict, them: dict, on: dt.date, place: str, *, negotiated: bool = True
) -> tuple[Any, ...]:
    """Draft → review → (negotiation →) clearance → signature, as most MOUs, MOCs and LOIs go."""
    steps: list[Any] = [
        Text(lead, text, "First draft."),
        Fire(lead, "submit_for_review", "Draft ready for legal review.", on=on - dt.timedelta(days=120)),
    ]
    if negotiated:
        steps += [
            Fire(
                "legal", "clear_for_negotiation", "Non-binding wording throughout; cleared.", on=on - dt.timedelta(90)
            ),
            Fire("pm", "agree_text", "Text agreed with the counterpart.", on=on - dt.timedelta(days=30)),
        ]
    steps += [
        *_designate(us, them),
        Conform(),
        Fire("legal", "clear_for_signature", "Cleared for signature.", on=on - dt.timedelta(days=14)),
        *_signing(us, them, on, place),
        Fire("pm", "sign", f"Signed in {place}.", on=on),
    ]
    return tuple(steps)


ICE_DIRECTOR = {
    "name": "Jordan Ellis",
    "title": "Deputy Assistant Director, Office of International Affairs",
    "organisation": "U.S. Immigration and Customs Enforcement",
}


def stories(today: dt.date) -> list[Story]:
    """Every demo agreement, together covering each state of every workflow."""

    def ago(days: int) -> dt.date:
        """The day ``days`` days before the demo is loaded."""
        return today - dt.timedelta(days=days)

    def confirmed(month: int, day: int) -> dt.date:
        """A day in 2026 on which a contact's details were checked (never after the day before loading)."""
        return min(dt.date(2026, month, day), ago(1))

    moscow_office = "ICE Attaché Office Moscow, U.S. Embassy Moscow"
    ic_directorate = "International Cooperation Directorate, Investigative Committee of the Russian Federation"
    ic_contacts = Contacts(
        "moscow",
        "counterpart",
        (
            _contact(
                "Pavel Primerov",
                "Liaison Officer for Cooperation with U.S. Law Enforcement",
                ic_directorate,
                "+7 495 555-01-23",
                "p.primerov@icr.example",
                ("ru", "en"),
                confirmed(11, 3),
            ),
            _contact(
                "Olga Obraztsova",
                "Deputy Head of Division, Mutual Legal Assistance",
                ic_directorate,
                "+7 495 555-01-24 ext. 12",
                "o.obraztsova@icr.example",
                ("ru",),
                confirmed(10, 20),
            ),
        ),
    )
    moscow_contacts = Contacts(
        "moscow",
        "us",
        (
            _contact(
                "Daniel Sample",
                "Assistant Attaché",
                moscow_office,
                "+1 202 555 0142",
                "daniel.sample@oia.example.gov",
                ("en", "ru"),
                confirmed(11, 3),
            ),
            _contact(
                "Alexandra Reed",
                "Attaché",
                moscow_office,
                "+1 202 555 0143",
                "alexandra.reed@oia.example.gov",
                ("en", "ru"),
                confirmed(9, 15),
            ),
        ),
    )

    morton = {
        "name": "John Morton",
        "title": "Assistant Secretary of Homeland Security for U.S. Immigration and Customs Enforcement",
        "organisation": "U.S. Immigration and Customs Enforcement, Department of Homeland Security",
    }
    leonenko = {
        "name": "Elena Leonenko",
        "title": "Deputy Head of the Investigative Committee",
        "organisation": "Investigative Committee at the Public Prosecutor's Office of the Russian Federation",
    }
    signed_2010 = dt.date(2010, 3, 26)
    mexico_cmaa = {
        "en": {
            "state": "the Government of the United Mexican States",
            "country": "Mexico",
            "admin": "the National Customs Agency of Mexico",
        },
        "es": {
            "state": "el Gobierno de los Estados Unidos Mexicanos",
            "country": "México",
            "admin": "la Agencia Nacional de Aduanas de México",
        },
    }
    colombia_cmaa = {
        "en": {
            "state": "the Government of the Republic of Colombia",
            "country": "Colombia",
            "admin": "the National Tax and Customs Directorate",
        },
        "es": {
            "state": "el Gobierno de la República de Colombia",
            "country": "Colombia",
            "admin": "la Dirección de Impuestos y Aduanas Nacionales",
        },
    }
    uk_cmaa = {
        "en": {
            "state": "the Government of the United Kingdom of Great Britain and Northern Ireland",
            "country": "the United Kingdom",
            "admin": "HM Revenue and Customs",
        },
    }
    italy_cmaa = {
        "en": {
            "state": "the Government of the Italian Republic",
            "country": "Italy",
            "admin": "the Customs and Monopolies Agency",
        },
        "it": {
            "state": "il Governo della Repubblica Italiana",
            "country": "l'Italia",
            "admin": "l'Agenzia delle Dogane e dei Monopoli",
        },
    }
    fgr_text = nonbinding_text(
        "loi",
        ("en", "es"),
        {"en": "the Office of the Attorney General of Mexico", "es": "la Fiscalía General de la República"},
        {
            "en": (
                "Through this Letter, the Participants express their intent to cooperate in training prosecutors "
                "and investigators in the investigation of child exploitation and cyber crime, and in exchanging "
                "information on such cases."
            ),
            "es": (
                "Mediante la presente Carta, los Participantes expresan su intención de cooperar en la capacitación "
                "de fiscales e investigadores en la investigación de la explotación infantil y de los delitos "
                "cibernéticos, así como en el intercambio de información sobre dichos casos."
            ),
        },
    )
    pnc_text = nonbinding_text(
        "mou",
        ("en", "es"),
        {"en": "the National Police of Colombia", "es": "la Policía Nacional de Colombia"},
        {
            "en": (
                "The purpose of this Memorandum is to strengthen cooperation between the Participants against human "
                "smuggling, trafficking in persons and the laundering of the proceeds of those crimes."
            ),
            "es": (
                "El presente Memorando tiene por objeto fortalecer la cooperación entre los Participantes contra el "
                "tráfico ilícito de migrantes, la trata de personas y el lavado del producto de esos delitos."
            ),
        },
    )
    pgr_text = nonbinding_text(
        "moc",
        ("en", "es"),
        {
            "en": "the Office of the Attorney General of the Republic of Mexico",
            "es": "la Procuraduría General de la República",
        },
        {
            "en": (
                "The purpose of this Memorandum is to strengthen cooperation between the Participants in "
                "investigating the illicit trafficking of firearms, ammunition and explosives across the border "
                "between their countries."
            ),
            "es": (
                "El presente Memorando tiene por objeto fortalecer la cooperación entre los Participantes en la "
                "investigación del tráfico ilícito de armas de fuego, municiones y explosivos a través de la "
                "frontera entre sus países."
            ),
        },
    )
    hmrc_text = nonbinding_text(
        "loi",
        ("en",),
        {"en": "HM Revenue and Customs of the United Kingdom"},
        {
            "en": (
                "Through this Letter, the Participants express their intent to exchange information and expertise "
                "on trade fraud and on the smuggling of counterfeit goods."
            )
        },
        duration=" and will remain in effect for five years",
    )
    rcmp = {"en": "the Royal Canadian Mounted Police", "fr": "la Gendarmerie royale du Canada"}
    rcmp_purpose = {
        "en": (
            "The purpose of this Memorandum is to strengthen cooperation between the Participants in identifying and "
            "protecting child victims of sexual exploitation and in investigating the persons who exploit them, "
            "including through computer networks."
        ),
        "fr": (
            "Le présent Protocole a pour objet de renforcer la coopération entre les Participants en vue d'identifier "
            "et de protéger les enfants victimes d'exploitation sexuelle et d'enquêter sur les personnes qui les "
            "exploitent, y compris au moyen de réseaux informatiques."
        ),
    }
    rcmp_personal_data = (
        {"en": "Protection of personal data", "fr": "Protection des renseignements personnels"},
        {
            "en": (
                "Personal information about victims, in particular children, will be exchanged only where necessary "
                "for an investigation or for the protection of a victim, and will be handled in accordance with the "
                "privacy laws of each Participant's country."
            ),
            "fr": (
                "Les renseignements personnels concernant des victimes, en particulier des enfants, ne seront "
                "échangés que lorsque cela est nécessaire à une enquête ou à la protection d'une victime, et seront "
                "traités conformément aux lois sur la protection de la vie privée du pays de chaque Participant."
            ),
        },
    )
    nca = {"en": "the National Crime Agency of the United Kingdom of Great Britain and Northern Ireland"}
    nca_purpose = {
        "en": (
            "The purpose of this Memorandum is to strengthen cooperation between the Participants against money "
            "laundering, bulk cash smuggling and trade-based money laundering by transnational criminal "
            "organizations."
        )
    }
    nca_joint_analysis = (
        {"en": "Joint analysis"},
        {
            "en": (
                "The Participants intend to analyse jointly trade and financial data that indicate trade-based money "
                "laundering, in accordance with their domestic law, and to share the results with each other."
            )
        },
    )
    notice_on = ago(60)
    return [
        Story(
            title=(
                "Memorandum of Understanding between U.S. Immigration and Customs Enforcement and the Investigative "
                "Committee at the Public Prosecutor's Office of the Russian Federation"
            ),
            type="mou",
            country="RU",
            counterpart="Investigative Committee at the Public Prosecutor's Office of the Russian Federation",
            languages=("en", "ru"),
            facts={
                "title_translations": {
                    "ru": (
                        "Меморандум о взаимопонимании между Иммиграционной и таможенной полицией США и Следственным "
                        "комитетом при прокуратуре Российской Федерации"
                    )
                }
            },
            office="MOW",
            areas=("child_exploitation", "alien_smuggling", "money_laundering", "cyber_crime"),
            by="moscow",
            year=2010,
            steps=(
                Text("moscow", ice_ic_text(("en",), with_domestic_law=False), "First draft, after talks in Moscow."),
                Fire("moscow", "submit_for_review", "First draft for legal review.", on=dt.date(2009, 10, 5)),
                Fire(
                    "legal",
                    "return_for_revision",
                    "Add an article on the relationship to domestic law and to the 1999 Treaty on Mutual Legal "
                    "Assistance, so that nobody reads the memorandum as creating obligations.",
                    on=dt.date(2009, 10, 19),
                ),
                Text("moscow", ice_ic_text(("en",)), "New article on domestic law and other instruments."),
                Fire("moscow", "submit_for_review", "Revised as asked.", on=dt.date(2009, 11, 2)),
                Fire(
                    "legal",
                    "clear_for_negotiation",
                    "Non-binding throughout: participants, will, come into effect.",
                    on=dt.date(2009, 11, 16),
                ),
                Text(
                    "moscow",
                    ice_ic_text(("en", "ru")),
                    "Russian text from the Investigative Committee, checked against the English.",
                    origin="counterpart",
                ),
                Fire(
                    "pm",
                    "agree_text",
                    "Texts agreed in both languages at the March round in Washington.",
                    on=dt.date(2010, 3, 10),
                ),
                *_designate(morton, leonenko),
                Conform(),
                Fire(
                    "legal",
                    "clear_for_signature",
                    "Both texts equally valid; cleared for signature.",
                    on=dt.date(2010, 3, 15),
                ),
                *_signing(morton, leonenko, signed_2010, "Washington, D.C."),
                ic_contacts,
                moscow_contacts,
                Fire("pm", "sign", "Signed at ICE headquarters in Washington.", on=signed_2010),
            ),
        ),
        Story(
            title=(
                "Agreement between the Government of the United States of America and the Government of the United "
                "Mexican States regarding Mutual Assistance between their Customs Administrations"
            ),
            type="cmaa",
            country="MX",
            counterpart="National Customs Agency of Mexico",
            languages=("en", "es"),
            facts={
                "title_translations": {
                    "es": (
                        "Acuerdo entre el Gobierno de los Estados Unidos de América y el Gobierno de los Estados "
                        "Unidos Mexicanos sobre Asistencia Mutua entre sus Administraciones de Aduanas"
                    )
                },
                "party_names": {"counterpart": {"es": "el Gobierno de los Estados Unidos Mexicanos"}},
            },
            office="MEX",
            areas=("customs_assistance", "contraband_smuggling", "trade_fraud", "information_sharing"),
            by="mexico",
            steps=(
                Text(
                    "mexico",
                    cmaa_text(("en", "es"), mexico_cmaa, keep=("en",)),
                    "Model customs mutual assistance text, adapted.",
                ),
                Fire("mexico", "submit_for_review", "The National Customs Agency has asked for talks.", on=ago(90)),
                Fire(
                    "legal",
                    "request_authority",
                    "Binding agreement: authority to negotiate requested under the Circular 175 procedure.",
                    data={"legal_authority": "19 U.S.C. 1628 and 6 U.S.C. 203; Circular 175 procedure (11 FAM 720)"},
                    on=ago(75),
                ),
                Fire(
                    "pm",
                    "grant_negotiation_authority",
                    "Authority to negotiate received from the State Department.",
                    data={
                        "reference": f"C175-{ago(40).year}-031",
                        "granted_by": GRANTED_BY,
                        "granted_by_title": GRANTED_BY_TITLE,
                        "granted_on": ago(40).isoformat(),
                    },
                    on=ago(40),
                ),
                Confirm(),
                Text(
                    "mexico",
                    cmaa_text(("en", "es"), mexico_cmaa, partial={"es": 4}),
                    "The Agency's proposal after the first round: Spanish text of Articles 1 to 4.",
                    origin="counterpart",
                ),
                Contacts(
                    "mexico",
                    "counterpart",
                    (
                        _contact(
                            "Roberto Modelo",
                            "Director of International Customs Affairs",
                            "National Customs Agency of Mexico",
                            "+52 55 5555 0181",
                            "r.modelo@anam.example",
                            ("es", "en"),
                            confirmed(10, 8),
                        ),
                    ),
                ),
            ),
        ),
        Story(
            title=(
                "Agreement between the Government of the United States of America and the Government of the Republic "
                "of Colombia regarding Mutual Assistance between their Customs Administrations"
            ),
            type="cmaa",
            country="CO",
            counterpart="National Tax and Customs Directorate of Colombia",
            languages=("en", "es"),
            facts={
                "title_translations": {
                    "es": (
                        "Acuerdo entre el Gobierno de los Estados Unidos de América y el Gobierno de la República "
                        "de Colombia sobre Asistencia Mutua entre sus Administraciones de Aduanas"
                    )
                },
                "party_names": {"counterpart": {"es": "el Gobierno de la República de Colombia"}},
            },
            office="BOG",
            areas=("customs_assistance", "contraband_smuggling", "money_laundering"),
            by="pm",
            steps=(
                Text("pm", cmaa_text(("en", "es"), colombia_cmaa), "Draft in both languages for the first round."),
                Fire("pm", "submit_for_review", "Draft ready for legal review.", on=ago(30)),
                Fire(
                    "legal",
                    "request_authority",
                    "Binding agreement: authority to negotiate requested.",
                    data={"legal_authority": "19 U.S.C. 1628 and 6 U.S.C. 203; Circular 175 procedure (11 FAM 720)"},
                    on=ago(12),
                ),
            ),
        ),
        Story(
            title=(
                "Agreement between the Government of the United States of America and the Government of the Italian "
                "Republic regarding Mutual Assistance between their Customs Administrations"
            ),
            type="cmaa",
            country="IT",
            counterpart="Customs and Monopolies Agency of Italy",
            languages=("en", "it"),
            facts={
                "title_translations": {
                    "it": (
                        "Accordo tra il Governo degli Stati Uniti d’America e il Governo della Repubblica Italiana "
                        "sulla mutua assistenza tra le rispettive amministrazioni doganali"
                    )
                },
                "party_names": {"counterpart": {"it": "il Governo della Repubblica Italiana"}},
                "entry_rule": "later_note",
            },
            office="ROM",
            areas=("customs_assistance", "trade_fraud", "cultural_property"),
            by="pm",
            steps=(
                Text("pm", cmaa_text(("en", "it"), italy_cmaa), "Draft in both languages."),
                Fire("pm", "submit_for_review", "Draft ready for legal review.", on=ago(200)),
                Fire(
                    "legal",
                    "request_authority",
                    "Binding agreement: authority to negotiate requested.",
                    data={"legal_authority": "19 U.S.C. 1628 and 6 U.S.C. 203; Circular 175 procedure (11 FAM 720)"},
                    on=ago(185),
                ),
                Fire(
                    "pm",
                    "grant_negotiation_authority",
                    "Authority to negotiate received.",
                    data={
                        "reference": f"C175-{ago(160).year}-012",
                        "granted_by": GRANTED_BY,
                        "granted_by_title": GRANTED_BY_TITLE,
                        "granted_on": ago(160).isoformat(),
                    },
                    on=ago(160),
                ),
                Confirm(),
                Fire("pm", "agree_text", "Text agreed at the second round in Rome.", on=ago(70)),
                Authority(
                    {
                        "kind": "conclude",
                        "reference": f"C175-{ago(45).year}-044",
                        "granted_by": GRANTED_BY,
                        "granted_by_title": GRANTED_BY_TITLE,
                        "granted_on": ago(45).isoformat(),
                    }
                ),
                Confirm(),
                *_designate(
                    {**ICE_DIRECTOR, "title": "Chargé d'Affaires a.i.", "organisation": "Embassy of the United States"},
                    {
                        "name": "Marco Bellini",
                        "title": "Director General",
                        "organisation": "Customs and Monopolies Agency",
                    },
                ),
                Conform(),
                Fire("legal", "clear_for_signature", "Authority to conclude covers this text.", on=ago(30)),
                *_signing(
                    {**ICE_DIRECTOR, "title": "Chargé d'Affaires a.i.", "organisation": "Embassy of the United States"},
                    {
                        "name": "Marco Bellini",
                        "title": "Director General",
                        "organisation": "Customs and Monopolies Agency",
                    },
                    ago(21),
                    "Rome",
                ),
                Fire("pm", "sign", "Signed in Rome; enters into force with the second diplomatic note.", on=ago(21)),
                # 22 CFR 181.7(a)(1): to L/T within 15 days of signature, in both languages signed.
                Transmit(
                    {"kind": "text", "reference": f"OIA-LT-{ago(12).year}-0117", "languages": ["en", "it"]},
                    on=ago(12),
                ),
                # Article 8: in force on the date of the later of the notes confirming domestic procedures.
                Fire(
                    "pm",
                    "enter_into_force",
                    "Italy's note received: in force on its date, as Article 8 provides.",
                    data={
                        "in_force_on": ago(6).isoformat(),
                        "our_note_reference": f"Embassy Rome Note No. {ago(14).year}-088",
                        "our_note_on": ago(14).isoformat(),
                        "their_note_reference": "MAECI Nota Verbale n. 41207",
                        "their_note_on": ago(6).isoformat(),
                    },
                    on=ago(6),
                ),
                Transmit(
                    {"kind": "entry_into_force", "reference": f"OIA-LT-{ago(4).year}-0131", "languages": ["en"]},
                    on=ago(4),
                ),
                Contacts(
                    "pm",
                    "counterpart",
                    (
                        _contact(
                            "Giulia Esempio",
                            "Head of the International Affairs Office",
                            "Customs and Monopolies Agency, Rome",
                            "+39 06 555 0171",
                            "g.esempio@adm.example",
                            ("it", "en"),
                            confirmed(11, 12),
                        ),
                    ),
                ),
                Contacts(
                    "pm",
                    "us",
                    (
                        _contact(
                            "Rachel Demoss",
                            "Assistant Attaché",
                            "ICE Attaché Office Rome, U.S. Embassy Rome",
                            "+1 202 555 0172",
                            "rachel.demoss@oia.example.gov",
                            ("en", "it"),
                            confirmed(11, 12),
                        ),
                    ),
                ),
            ),
        ),
        Story(
            title=(
                "Agreement between the Government of the United States of America and the Government of the United "
                "Kingdom of Great Britain and Northern Ireland regarding Mutual Assistance in Customs Matters"
            ),
            type="cmaa",
            country="GB",
            counterpart="HM Revenue and Customs",
            languages=("en",),
            facts={"entry_rule": "later_note"},
            office="LON",
            areas=("customs_assistance", "trade_fraud", "information_sharing"),
            by="pm",
            steps=(
                Text("pm", cmaa_text(("en",), uk_cmaa), "Model text, adapted for the United Kingdom."),
                Fire("pm", "submit_for_review", "Draft ready for legal review.", on=ago(150)),
                Fire(
                    "legal",
                    "request_authority",
                    "Binding agreement: authority to negotiate requested.",
                    data={"legal_authority": "19 U.S.C. 1628 and 6 U.S.C. 203; Circular 175 procedure (11 FAM 720)"},
                    on=ago(140),
                ),
                Fire(
                    "pm",
                    "grant_negotiation_authority",
                    "Authority to negotiate received.",
                    data={
                        "reference": f"C175-{ago(120).year}-031",
                        "granted_by": GRANTED_BY,
                        "granted_by_title": GRANTED_BY_TITLE,
                        "granted_on": ago(120).isoformat(),
                    },
                    on=ago(120),
                ),
                Confirm(),
                Fire("pm", "agree_text", "Text agreed by correspondence with HMRC.", on=ago(40)),
                Authority(
                    {
                        "kind": "conclude",
                        "reference": f"C175-{ago(25).year}-058",
                        "granted_by": GRANTED_BY,
                        "granted_by_title": GRANTED_BY_TITLE,
                        "granted_on": ago(25).isoformat(),
                    }
                ),
                Confirm(),
                *_designate(
                    {
                        **ICE_DIRECTOR,
                        "title": "Deputy Chief of Mission",
                        "organisation": "Embassy of the United States",
                    },
                    {
                        "name": "Helen Marsh",
                        "title": "Director, Customs Policy",
                        "organisation": "HM Revenue and Customs",
                    },
                ),
                Conform(),
                Fire("legal", "clear_for_signature", "Authority to conclude covers this text.", on=ago(15)),
                *_signing(
                    {
                        **ICE_DIRECTOR,
                        "title": "Deputy Chief of Mission",
                        "organisation": "Embassy of the United States",
                    },
                    {
                        "name": "Helen Marsh",
                        "title": "Director, Customs Policy",
                        "organisation": "HM Revenue and Customs",
                    },
                    ago(9),
                    "London",
                ),
                Fire("pm", "sign", "Signed in London; in force on the later of the two notes.", on=ago(9)),
            ),
        ),
        Story(
            title="Memorandum of Cooperation on the Protection of Cultural Heritage with the Carabinieri",
            type="moc",
            country="IT",
            counterpart="Carabinieri Command for the Protection of Cultural Heritage",
            languages=("en", "it"),
            facts={
                "title_translations": {
                    "it": "Memorandum di cooperazione sulla tutela del patrimonio culturale con il Comando Carabinieri"
                }
            },
            office="ROM",
            areas=("cultural_property",),
            by="pm",
            steps=(
                Text(
                    "pm",
                    nonbinding_text(
                        "moc",
                        ("en", "it"),
                        {
                            "en": "the Carabinieri Command for the Protection of Cultural Heritage of the Italian "
                            "Republic",
                            "it": "il Comando Carabinieri per la Tutela del Patrimonio Culturale della Repubblica "
                            "Italiana",
                        },
                        {
                            "en": (
                                "The purpose of this Memorandum is to strengthen cooperation between the "
                                "Participants in preventing and investigating the illicit trafficking of cultural "
                                "property, stolen works of art and antiquities, and in returning such property to "
                                "its rightful owners."
                            ),
                            "it": (
                                "Il presente Memorandum ha lo scopo di rafforzare la cooperazione tra i Partecipanti "
                                "nella prevenzione e nelle indagini sul traffico illecito di beni culturali, opere "
                                "d'arte rubate e reperti archeologici, nonché nella restituzione di tali beni ai "
                                "legittimi proprietari."
                            ),
                        },
                        partial={"it": 3},
                    ),
                    "Working draft; Italian translation of Articles 4 to 8 in progress.",
                ),
            ),
        ),
        Story(
            title="Memorandum of Cooperation on the Return of Cultural Property with the Federal Customs Service",
            type="moc",
            country="RU",
            counterpart="Federal Customs Service of the Russian Federation",
            languages=("en", "ru"),
            facts={
                "title_translations": {
                    "ru": (
                        "Меморандум о сотрудничестве в области возвращения культурных ценностей с Федеральной "
                        "таможенной службой"
                    )
                }
            },
            office="MOW",
            areas=("cultural_property", "contraband_smuggling"),
            by="moscow",
            steps=(
                Text(
                    "moscow",
                    nonbinding_text(
                        "moc",
                        ("en",),
                        {"en": "the Federal Customs Service of the Russian Federation"},
                        {
                            "en": (
                                "The purpose of this Memorandum is to cooperate in detecting and investigating the "
                                "smuggling of cultural property and other contraband across the borders of the "
                                "Participants' countries, and in returning cultural property to the country from "
                                "which it was illicitly removed."
                            )
                        },
                        signed_in=("en", "ru"),
                    ),
                    "Working draft in English; the Russian text follows once the English is settled.",
                ),
                Contacts(
                    "moscow",
                    "counterpart",
                    (
                        _contact(
                            "Sergei Shablonov",
                            "Head of Section, Cultural Property Control",
                            "Federal Customs Service of the Russian Federation",
                            "+7 495 555-01-91",
                            "s.shablonov@customs.example",
                            ("ru",),
                            confirmed(8, 27),
                        ),
                    ),
                ),
            ),
        ),
        Story(
            title="Memorandum of Understanding on Child Exploitation Investigations with the RCMP",
            type="mou",
            country="CA",
            counterpart="Royal Canadian Mounted Police",
            languages=("en", "fr"),
            facts={
                "title_translations": {
                    "fr": "Protocole d’entente sur les enquêtes en matière d’exploitation des enfants avec la GRC"
                }
            },
            office="OTT",
            areas=("child_exploitation", "cyber_crime"),
            by="pm",
            steps=(
                Text("pm", nonbinding_text("mou", ("en", "fr"), rcmp, rcmp_purpose), "Draft in both languages."),
                Fire("pm", "submit_for_review", "Draft ready for legal review.", on=ago(41)),
                Fire(
                    "legal",
                    "return_for_revision",
                    "Victims' personal data: add an article limiting its exchange and naming the privacy laws that "
                    "govern it.",
                    on=ago(30),
                ),
                Text(
                    "pm",
                    nonbinding_text("mou", ("en", "fr"), rcmp, rcmp_purpose, extra=(rcmp_personal_data,)),
                    "New article on the protection of personal data.",
                ),
                # In review for 18 days, past the 14 allowed: the dashboard shows it overdue, waiting for legal.
                Fire("pm", "submit_for_review", "Revised: new article on personal data.", on=ago(18)),
            ),
        ),
        Story(
            title="Memorandum of Cooperation against Money Laundering with the National Crime Agency",
            type="moc",
            country="GB",
            counterpart="National Crime Agency",
            languages=("en",),
            office="LON",
            areas=("money_laundering", "information_sharing"),
            by="pm",
            steps=(
                Text("pm", nonbinding_text("moc", ("en",), nca, nca_purpose), "First draft."),
                Fire("pm", "submit_for_review", "Draft ready for legal review.", on=ago(80)),
                Fire("legal", "clear_for_negotiation", "Cleared for negotiation.", on=ago(66)),
                Text(
                    "pm",
                    nonbinding_text("moc", ("en",), nca, nca_purpose, extra=(nca_joint_analysis,)),
                    "The Agency's proposal: a new article on joint analysis.",
                    origin="counterpart",
                ),
                Fire("pm", "agree_text", "Text agreed by video conference.", on=ago(9)),
            ),
        ),
        Story(
            title="Letter of Intent on Training against Child Exploitation with the Royal Thai Police",
            type="loi",
            country="TH",
            counterpart="Royal Thai Police",
            languages=("en",),
            office="BKK",
            areas=("child_exploitation", "alien_smuggling", "training"),
            by="pm",
            steps=(
                Text(
                    "pm",
                    nonbinding_text(
                        "loi",
                        ("en",),
                        {"en": "the Royal Thai Police"},
                        {
                            "en": (
                                "Through this Letter, the Participants express their intent to develop joint "
                                "training for investigators in child exploitation and human trafficking cases and "
                                "to exchange information on such cases."
                            )
                        },
                    ),
                    "First draft.",
                ),
                Fire("pm", "submit_for_review", "Draft ready for legal review.", on=ago(25)),
                *_designate(
                    {**ICE_DIRECTOR, "title": "Attaché, Bangkok"},
                    {
                        "name": "Anan Srisuk",
                        "title": "Commissioner, Central Investigation Bureau",
                        "organisation": "Royal Thai Police",
                    },
                ),
                Conform(),
                Fire("legal", "clear_for_signature", "Cleared for signature.", on=ago(4)),
            ),
        ),
        Story(
            title="Letter of Intent on Training in Child Exploitation and Cyber Crime Investigations with the FGR",
            type="loi",
            country="MX",
            counterpart="Office of the Attorney General of Mexico",
            languages=("en", "es"),
            facts={
                "title_translations": {
                    "es": (
                        "Carta de intención sobre capacitación en investigaciones de explotación infantil y delitos "
                        "cibernéticos con la FGR"
                    )
                }
            },
            office="MEX",
            areas=("training", "child_exploitation", "cyber_crime"),
            by="mexico",
            year=2021,
            steps=_nonbinding_signature_route(
                "mexico",
                fgr_text,
                {**ICE_DIRECTOR, "title": "Attaché, Mexico City"},
                {"name": "Rosa Villanueva", "title": "Head of International Affairs", "organisation": "FGR"},
                dt.date(2021, 6, 15),
                "Mexico City",
                negotiated=False,
            )
            + (
                Contacts(
                    "mexico",
                    "counterpart",
                    (
                        _contact(
                            "Lucía Ejemplo Ruiz",
                            "Director of International Cooperation",
                            "Office of the Attorney General of Mexico (FGR)",
                            "+52 55 5555 0131",
                            "l.ejemplo@fgr.example",
                            ("es", "en"),
                            confirmed(10, 1),
                        ),
                    ),
                ),
                Contacts(
                    "mexico",
                    "us",
                    (
                        _contact(
                            "Laura Sampleton",
                            "Assistant Attaché",
                            "ICE Attaché Office Mexico City, U.S. Embassy Mexico City",
                            "+1 202 555 0151",
                            "laura.sampleton@oia.example.gov",
                            ("en", "es"),
                            confirmed(10, 1),
                        ),
                    ),
                ),
            ),
        ),
        Story(
            title="Memorandum of Understanding against Human Smuggling with the National Police of Colombia",
            type="mou",
            country="CO",
            counterpart="National Police of Colombia",
            languages=("en", "es"),
            facts={
                "title_translations": {
                    "es": (
                        "Memorando de entendimiento contra el tráfico ilícito de migrantes con la Policía Nacional "
                        "de Colombia"
                    )
                }
            },
            office="BOG",
            areas=("alien_smuggling", "money_laundering"),
            by="pm",
            year=2016,
            steps=(
                *_nonbinding_signature_route(
                    "pm",
                    pnc_text,
                    ICE_DIRECTOR,
                    {"name": "Andrés Quintero", "title": "Director of Criminal Investigation", "organisation": "PNC"},
                    dt.date(2016, 8, 10),
                    "Bogotá",
                ),
                Fire(
                    "pm",
                    "give_notice",
                    "Notice given: to be replaced by a memorandum that also covers vetted units.",
                    data={
                        "notice_on": notice_on.isoformat(),
                        "effective_on": (notice_on + dt.timedelta(90)).isoformat(),
                    },
                    on=notice_on,
                ),
                Contacts(
                    "pm",
                    "counterpart",
                    (
                        _contact(
                            "Andrés Prueba",
                            "Head of International Liaison, Criminal Investigation Directorate",
                            "National Police of Colombia (DIJIN)",
                            "+57 601 555 0161",
                            "a.prueba@pnc.example",
                            ("es",),
                            confirmed(9, 30),
                        ),
                    ),
                ),
                Contacts(
                    "pm",
                    "us",
                    (
                        _contact(
                            "Kevin Demo",
                            "Attaché",
                            "ICE Attaché Office Bogotá, U.S. Embassy Bogotá",
                            "+1 202 555 0162",
                            "kevin.demo@oia.example.gov",
                            ("en", "es"),
                            confirmed(9, 30),
                        ),
                    ),
                ),
            ),
        ),
        Story(
            title="Memorandum of Cooperation on Arms Trafficking Investigations with the PGR",
            type="moc",
            country="MX",
            counterpart="Office of the Attorney General of the Republic of Mexico (PGR)",
            languages=("en", "es"),
            facts={
                "title_translations": {
                    "es": "Memorando de cooperación sobre investigaciones de tráfico de armas con la PGR"
                }
            },
            office="MEX",
            areas=("arms_wmd", "information_sharing"),
            by="pm",
            year=2012,
            steps=(
                *_nonbinding_signature_route(
                    "pm",
                    pgr_text,
                    ICE_DIRECTOR,
                    {"name": "Ernesto Calderón", "title": "Deputy Attorney General", "organisation": "PGR"},
                    dt.date(2012, 5, 14),
                    "Mexico City",
                ),
                Fire(
                    "pm",
                    "give_notice",
                    "The PGR is becoming the Fiscalía General de la República; notice given so that a new "
                    "instrument can be concluded with it.",
                    data={"notice_on": "2018-12-20", "effective_on": "2019-03-20"},
                    on=dt.date(2018, 12, 20),
                ),
                Fire("pm", "terminate", "Termination effective ninety days after notice.", on=dt.date(2019, 3, 20)),
            ),
        ),
        Story(
            title="Letter of Intent on Trade Fraud and Counterfeit Goods with HM Revenue and Customs",
            type="loi",
            country="GB",
            counterpart="HM Revenue and Customs",
            languages=("en",),
            office="LON",
            areas=("trade_fraud", "information_sharing"),
            by="pm",
            year=2014,
            steps=(
                Expiry(dt.date(2019, 9, 9)),
                *_nonbinding_signature_route(
                    "pm",
                    hmrc_text,
                    ICE_DIRECTOR,
                    {
                        "name": "Graham Whitaker",
                        "title": "Director, Fraud Investigation Service",
                        "organisation": "HMRC",
                    },
                    dt.date(2014, 9, 10),
                    "London",
                    negotiated=False,
                ),
                Fire(None, "expire", "Five years after signature.", on=dt.date(2019, 9, 10)),
            ),
        ),
        Story(
            title="Memorandum of Understanding on Trafficking in Persons with the Department of Special Investigation",
            type="mou",
            country="TH",
            counterpart="Department of Special Investigation of Thailand",
            languages=("en",),
            office="BKK",
            areas=("alien_smuggling",),
            by="pm",
            steps=(
                Text(
                    "pm",
                    nonbinding_text(
                        "mou",
                        ("en",),
                        {"en": "the Department of Special Investigation of the Ministry of Justice of Thailand"},
                        {
                            "en": (
                                "The purpose of this Memorandum is to strengthen cooperation between the "
                                "Participants in investigating trafficking in persons and forced labour in supply "
                                "chains."
                            )
                        },
                    ),
                    "First draft.",
                ),
                Fire("pm", "submit_for_review", "Draft ready for legal review.", on=ago(150)),
                Fire("legal", "clear_for_negotiation", "Cleared for negotiation.", on=ago(140)),
                Fire(
                    "pm",
                    "withdraw",
                    "Talks suspended: the Department asked to fold this into a wider arrangement with the Royal Thai "
                    "Police.",
                    on=ago(35),
                ),
            ),
        ),
    ]


# --- loading -----------------------------------------------------------------------------------------
def _add_offices() -> int:
    """Create the demo offices that do not exist yet; how many were created."""
    existing = set(db.session.scalars(select(Office.code)))
    added = [
        create_office(code, name, list(covers), region, time_zone)
        for code, name, covers, region, time_zone in OFFICES
        if code not in existing
    ]
    return len(added)


def _add_users() -> tuple[int, People]:
    """Create the demo users that do not exist yet; how many, and every demo user by key."""
    existing = {u.email: u for u in db.session.scalars(select(User))}
    added = 0
    for _key, email, role, office, name, _what in USERS:
        if email not in existing:
            existing[email] = create_user(email, role, office, name, DEMO_PASSWORD)
            added += 1
    return added, {key: existing[email] for key, email, *_ in USERS}


def _play(story: Story, people: People) -> Agreement:
    """Open the agreement as its lead would, then let each step happen through the services."""
    agreement = create_agreement(
        people[story.by],
        {
            "type": story.type,
            "title": story.title,
            "counterpart": story.counterpart,
            "country": story.country,
            "languages": list(story.languages),
            "office": story.office,
            "areas": list(story.areas),
            **story.facts,
        },
        year=story.year,
    )
    for step in story.steps:
        step.apply(agreement, people)
    return agreement


def load_demo(today: dt.date | None = None) -> str:
    """Load the demo world (flushes; the caller commits); a second run adds nothing and says so."""
    offices = _add_offices()
    users, people = _add_users()
    titles = set(db.session.scalars(select(Agreement.title)))
    played = [_play(s, people) for s in stories(today or dt.date.today()) if s.title not in titles]
    db.session.flush()
    if not (offices or users or played):
        return "The demo is already loaded: nothing added.\n\n" + logins()
    states = db.session.scalar(select(func.count(func.distinct(Agreement.state))))
    return (
        f"Demo loaded: {offices} offices, {users} users and {len(played)} agreements added "
        f"(agreements are now in {states} different states).\n\n" + logins()
    )
