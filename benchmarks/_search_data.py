"""The agreements the search benchmark looks through, generated from word lists and bulk-loaded.

10,000 agreements (``BENCH_SEARCH_AGREEMENTS``) with 200,000 articles between them
(``BENCH_SEARCH_ARTICLES``; 8 to 32 each), every article written in English and in the counterpart's
language (Russian, Spanish or French), 60 to 250 words each. The prose is made of sentences built
from per-language word lists (subjects, predicates, topics, qualifiers, set sentences), so that the
same word comes inflected (inform, informed, information; информация, информацией, информации;
información, informarán): stemming matters. A few words are planted for the searches to find:
``RARE`` in six articles, ``EVERYWHERE`` in every article, the phrase ``PHRASE``, and
``RUSSIA_ONLY`` only in agreements with Russia. The data are the same on every run (seeded).

Rows go in with bulk Core inserts (agreements, areas, counterparts, offices, text versions,
signatories, contacts); only the three people are made through ``services.users``.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import random
import time
from dataclasses import dataclass

from sqlalchemy import insert, text

from agreements.db import db, utcnow
from agreements.models import (
    Agreement,
    AgreementArea,
    Contact,
    Counterpart,
    Office,
    OfficeCountry,
    ReferenceCounter,
    Signatory,
    TextVersion,
)
from agreements.services import users
from agreements.services.taxonomy import AREAS
from agreements.services.versions import text_hash
from agreements.workflows import WORKFLOWS

AGREEMENTS = int(os.environ.get("BENCH_SEARCH_AGREEMENTS", 10_000))
ARTICLES = int(os.environ.get("BENCH_SEARCH_ARTICLES", 20 * AGREEMENTS))
BATCH = 250  # agreements per insert: a batch of text versions is ~10 MB of JSON
PASSWORD = "bench search password"
PM, MOSCOW, MEXICO = "pm@search.bench", "moscow@search.bench", "mexico@search.bench"

# What the searches look for.
RARE = "hawala"
RARE_ARTICLES = 6
EVERYWHERE = "participants"
PHRASE = "controlled delivery"
TWO_WORDS = "bank records"
RUSSIA_ONLY = "Rosfinmonitoring"
NOWHERE = "Bundeskriminalamt"
RUSSIA_ONLY_SHARE = 0.25  # of the articles of agreements with Russia

# Country → the counterpart's language. RU and MX, where the two attachés sit, have most agreements.
SECOND_LANGUAGE = {
    **dict.fromkeys("RU KZ BY KG UZ TJ AM AZ MD TM".split(), "ru"),
    **dict.fromkeys("MX CO ES AR CL PE EC PA GT HN SV DO CR BO PY UY VE NI".split(), "es"),
    **dict.fromkeys("FR BE CA MA SN CI TN DZ HT CM ML BF NE LU CH".split(), "fr"),
}
COUNTRY_WEIGHTS = {c: (10 if c in ("RU", "MX") else 2) for c in SECOND_LANGUAGE}
# Most agreements of a long-running programme are in force; some are being drafted, some ended.
STATE_WEIGHTS = {
    "in_force": 62,
    "termination_pending": 2,
    "terminated": 6,
    "expired": 8,
    "withdrawn": 3,
    "signed": 3,
    "awaiting_signature": 2,
    "final_review": 1,
    "negotiation": 4,
    "clearance": 2,
    "legal_review": 2,
    "drafting": 5,
}
HAVE_SIGNED = ("signed", "in_force", "termination_pending", "terminated", "expired")
TYPE_WEIGHTS = {"mou": 45, "moc": 20, "loi": 10, "cmaa": 25}

OUR_AGENCY = {
    "en": "U.S. Immigration and Customs Enforcement",
    "ru": "Иммиграционная и таможенная полиция США",
    "es": "el Servicio de Inmigración y Control de Aduanas de los Estados Unidos",
    "fr": "le Service de l'immigration et des douanes des États-Unis",
}
# (English name, name in the country's language, acronym); {c} is the country's English name.
COUNTERPARTS = {
    "RU": [
        ("Federal Customs Service of the Russian Federation", "Федеральная таможенная служба", "FCS"),
        ("Ministry of Internal Affairs of the Russian Federation", "Министерство внутренних дел", "MVD"),
        ("Federal Financial Monitoring Service", "Федеральная служба по финансовому мониторингу", RUSSIA_ONLY),
        ("Investigative Committee of the Russian Federation", "Следственный комитет Российской Федерации", "SK"),
    ],
    "ru": [
        ("State Customs Committee of {c}", "Государственный таможенный комитет", "SCC"),
        ("Ministry of Internal Affairs of {c}", "Министерство внутренних дел", "MIA"),
    ],
    "es": [
        ("Tax Administration Service of {c}", "Servicio de Administración Tributaria", "SAT"),
        ("Attorney General's Office of {c}", "Fiscalía General de la República", "FGR"),
        ("Financial Intelligence Unit of {c}", "Unidad de Inteligencia Financiera", "UIF"),
    ],
    "fr": [
        ("Directorate General of Customs of {c}", "Direction générale des douanes", "DGD"),
        ("National Police of {c}", "Police nationale", "PN"),
        ("Financial Intelligence Unit of {c}", "Cellule de renseignement financier", "CRF"),
    ],
}

# Article headings, aligned across the languages: en, ru, es, fr.
FIRST_HEADINGS = [
    ("Definitions", "Определения", "Definiciones", "Définitions"),
    ("Scope of cooperation", "Сфера сотрудничества", "Ámbito de la cooperación", "Champ de la coopération"),
]
LAST_HEADINGS = [
    ("Amendments", "Изменения", "Enmiendas", "Modifications"),
    (
        "Entry into force and termination",
        "Вступление в силу и прекращение действия",
        "Entrada en vigor y terminación",
        "Entrée en vigueur et dénonciation",
    ),
]
CONTROLLED_DELIVERY = ("Controlled delivery", "Контролируемая поставка", "Entrega vigilada", "Livraison surveillée")
BANK_RECORDS = (
    "Bank records and financial information",
    "Банковские документы и финансовая информация",
    "Registros bancarios e información financiera",
    "Relevés bancaires et informations financières",
)
HEADINGS = [
    ("Exchange of information", "Обмен информацией", "Intercambio de información", "Échange d'informations"),
    ("Requests for assistance", "Запросы о помощи", "Solicitudes de asistencia", "Demandes d'assistance"),
    (
        "Form and content of requests",
        "Форма и содержание запросов",
        "Forma y contenido de las solicitudes",
        "Forme et contenu des demandes",
    ),
    ("Execution of requests", "Исполнение запросов", "Ejecución de las solicitudes", "Exécution des demandes"),
    (
        "Spontaneous information",
        "Информация по собственной инициативе",
        "Información espontánea",
        "Informations spontanées",
    ),
    ("Confidentiality", "Конфиденциальность", "Confidencialidad", "Confidentialité"),
    (
        "Protection of personal data",
        "Защита персональных данных",
        "Protección de datos personales",
        "Protection des données à caractère personnel",
    ),
    ("Use of information", "Использование информации", "Uso de la información", "Utilisation des informations"),
    CONTROLLED_DELIVERY,
    BANK_RECORDS,
    ("Points of contact", "Контактные лица", "Puntos de contacto", "Points de contact"),
    ("Experts and witnesses", "Эксперты и свидетели", "Peritos y testigos", "Experts et témoins"),
    (
        "Training and technical assistance",
        "Подготовка кадров и техническая помощь",
        "Capacitación y asistencia técnica",
        "Formation et assistance technique",
    ),
    ("Liaison officers", "Офицеры связи", "Oficiales de enlace", "Officiers de liaison"),
    ("Joint operations", "Совместные операции", "Operaciones conjuntas", "Opérations conjointes"),
    (
        "Exceptions to the obligation to assist",
        "Исключения из обязательства оказывать помощь",
        "Excepciones a la obligación de asistencia",
        "Dérogations à l'obligation d'assistance",
    ),
    ("Costs", "Расходы", "Gastos", "Frais"),
    ("Consultations", "Консультации", "Consultas", "Consultations"),
    (
        "Relation to other agreements",
        "Соотношение с другими договорами",
        "Relación con otros acuerdos",
        "Relation avec d'autres accords",
    ),
    ("Language of communication", "Язык общения", "Idioma de las comunicaciones", "Langue des communications"),
    ("Settlement of disputes", "Разрешение споров", "Solución de controversias", "Règlement des différends"),
]
HEADING_COLUMN = {"en": 0, "ru": 1, "es": 2, "fr": 3}

# --- the prose of each language ----------------------------------------------------------------------
# Subjects are (text, number); predicates are (plural, singular) and take a topic as {t} (Russian:
# {p} in the prepositional case, {g} in the genitive). {doc}, {doc_gen}, … name the instrument.
# The first sentence of every article has a subject naming the Participants (EVERYWHERE).
EN = {
    "subjects_all": [
        ("The Participants", "pl"),
        ("Each Participant", "sg"),
        ("The requested Participant", "sg"),
        ("The requesting Participant", "sg"),
        ("The competent authorities of the Participants", "pl"),
        ("The customs administrations of the Participants", "pl"),
        ("Either Participant", "sg"),
        ("The points of contact of the Participants", "pl"),
    ],
    "subjects": [
        ("The designated authorities", "pl"),
        ("The central authorities", "pl"),
        ("Officials of the requesting authority", "pl"),
        ("The liaison officers", "pl"),
        ("The competent services", "pl"),
        ("The joint working group", "sg"),
        ("The customs administrations", "pl"),
        ("The investigating authorities", "pl"),
    ],
    "modals": ["will", "shall", "may", "will, upon request,", "should", "shall, where possible,"],
    "predicates": [
        "exchange information on {t}",
        "provide each other with information concerning {t}",
        "inform each other without delay of {t}",
        "share intelligence relating to {t}",
        "assist each other in investigating {t}",
        "cooperate in the prevention, investigation and prosecution of {t}",
        "request records, documents and other evidence relating to {t}",
        "provide copies of bank records concerning {t}",
        "consult regularly on matters of {t}",
        "designate points of contact responsible for {t}",
        "take measures to detect and prevent {t}",
        "carry out joint operations against {t}",
        "communicate the results of investigations into {t}",
        "keep each other informed about trends in {t}",
        "facilitate the informing of the competent authorities about {t}",
        "develop training programmes on {t}",
        "examine requests for assistance concerning {t}",
        "transmit information on persons suspected of {t}",
        "provide technical assistance in combating {t}",
        "hold consultations on the implementation of measures against {t}",
    ],
    "topics": [
        "the smuggling of migrants",
        "trafficking in persons",
        "money laundering",
        "the financing of terrorism",
        "the illicit trafficking of narcotic drugs",
        "customs offences",
        "the smuggling of goods",
        "the export of controlled technology",
        "the illicit trade in arms and ammunition",
        "fraud in international trade",
        "infringements of intellectual property rights",
        "the theft and trafficking of cultural property",
        "the sexual exploitation of children",
        "prime bank fraud",
        "document and benefit fraud",
        "the counterfeiting of travel documents",
        "the movement of fugitives",
        "cybercrime",
        "the illicit movement of bulk cash",
        "transnational organised crime",
        "the laundering of the proceeds of crime through bank accounts",
        "the customs valuation and origin of goods",
        "the illegal movement of hazardous waste",
    ],
    "qualifiers": [
        ", within the limits of their domestic law",
        ", subject to their available resources",
        " in accordance with this {doc}",
        ", as promptly as possible",
        " without undue delay",
        " in writing",
        ", where appropriate",
        " on a case-by-case basis",
        ", to the extent permitted by their national legislation",
        " through the channels designated in Article {n}",
        " within {d} days of receiving a request",
        ", on their own initiative or upon request",
        "",
        "",
        "",
    ],
    "fixed": [
        "Requests for assistance shall be made in writing and shall include the name of the requesting authority, "
        "the subject of the request and a summary of the relevant facts.",
        "In urgent cases, requests may be made orally and shall be confirmed in writing within {d} days.",
        "Information received under this {doc} shall be used solely for the purposes for which it was provided, "
        "unless the providing Participant consents otherwise in writing.",
        "Personal data shall be protected in accordance with the laws of the Participant receiving them.",
        "Nothing in this {doc} shall be construed as creating rights or obligations under international law.",
        "Each Participant shall bear its own costs arising from the implementation of this {doc}.",
        "The requested authority may postpone or refuse assistance if its execution would be contrary to its "
        "public policy, security or other essential interests.",
        "Any dispute arising from the interpretation or application of this {doc} shall be settled by consultation.",
        "Records, documents and other materials shall be provided as certified copies, unless originals are requested.",
        "Information provided under this Article shall be treated as confidential and shall enjoy at least the same "
        "protection as similar information under national law.",
        "The points of contact shall meet at least once a year to review the implementation of this {doc}.",
        "Experts and witnesses may be authorised to appear before the authorities of the other Participant.",
        "A request shall be executed in accordance with the legislation of the requested Participant.",
        "Bank records and financial information shall be requested only through the central authorities.",
        "Where a request cannot be executed, the requesting authority shall be informed promptly of the reasons.",
    ],
    "phrase": "The Participants may, by mutual agreement, use the technique of controlled delivery to identify "
    "persons involved in {t}.",
    "bank": "Bank records, account statements and other financial information shall be provided within {d} days.",
    "rare": "This includes transfers made through hawala and other informal value transfer systems.",
    "russia": [
        "Information on suspicious transactions shall be transmitted to Rosfinmonitoring, the financial "
        "intelligence unit of the Russian Federation.",
        "Requests concerning bank records shall be coordinated with Rosfinmonitoring.",
    ],
    "docs": {"memorandum": {"doc": "Memorandum"}, "agreement": {"doc": "Agreement"}},
    "preamble": "{us} and the {them}, hereinafter referred to as the Participants, desiring to strengthen cooperation "
    "in the prevention and investigation of transnational crime, recognising the importance of the exchange of "
    "information, have reached the following understanding:",
    "final": "Done in duplicate, in the English and {language} languages, both texts being equally authentic.",
}

RU = {
    "subjects_all": [
        ("Участники", "pl"),
        ("Каждый Участник", "sg"),
        ("Запрашиваемый Участник", "sg"),
        ("Запрашивающий Участник", "sg"),
        ("Компетентные органы Участников", "pl"),
        ("Таможенные службы Участников", "pl"),
        ("Любой из Участников", "sg"),
        ("Контактные лица Участников", "pl"),
    ],
    "subjects": [
        ("Уполномоченные органы", "pl"),
        ("Центральные органы", "pl"),
        ("Должностные лица запрашивающего органа", "pl"),
        ("Офицеры связи", "pl"),
        ("Компетентные службы", "pl"),
        ("Совместная рабочая группа", "sg"),
        ("Таможенные органы", "pl"),
        ("Следственные органы", "pl"),
    ],
    "predicates": [
        ("обмениваются информацией о {p}", "обменивается информацией о {p}"),
        ("предоставляют друг другу информацию о {p}", "предоставляет другому Участнику информацию о {p}"),
        ("незамедлительно информируют друг друга о {p}", "незамедлительно информирует другого Участника о {p}"),
        ("оказывают друг другу помощь в расследовании {g}", "оказывает помощь в расследовании {g}"),
        (
            "сотрудничают в целях предупреждения, выявления и пресечения {g}",
            "сотрудничает в целях предупреждения, выявления и пресечения {g}",
        ),
        (
            "запрашивают документы, записи и иные доказательства, касающиеся {g}",
            "запрашивает документы, записи и иные доказательства, касающиеся {g}",
        ),
        (
            "предоставляют копии банковских документов, касающихся {g}",
            "предоставляет копии банковских документов, касающихся {g}",
        ),
        ("регулярно проводят консультации по вопросам {g}", "регулярно проводит консультации по вопросам {g}"),
        (
            "назначают контактных лиц, ответственных за вопросы {g}",
            "назначает контактных лиц, ответственных за вопросы {g}",
        ),
        ("принимают меры по выявлению и предотвращению {g}", "принимает меры по выявлению и предотвращению {g}"),
        ("проводят совместные операции против {g}", "проводит совместные операции против {g}"),
        ("сообщают друг другу о результатах расследований {g}", "сообщает о результатах расследований {g}"),
        (
            "информируют друг друга о тенденциях в области {g}",
            "информирует другого Участника о тенденциях в области {g}",
        ),
        (
            "разрабатывают программы подготовки кадров по вопросам {g}",
            "разрабатывает программы подготовки кадров по вопросам {g}",
        ),
        ("рассматривают запросы о помощи, касающиеся {g}", "рассматривает запросы о помощи, касающиеся {g}"),
        (
            "обмениваются сведениями и информацией, необходимыми для расследования {g}",
            "передаёт сведения и информацию, необходимые для расследования {g}",
        ),
        ("информируют компетентные органы о {p}", "информирует компетентные органы о {p}"),
        (
            "оказывают техническое содействие в расследовании {g}",
            "оказывает техническое содействие в расследовании {g}",
        ),
    ],
    "topics": [
        ("незаконном ввозе мигрантов", "незаконного ввоза мигрантов"),
        ("торговле людьми", "торговли людьми"),
        ("отмывании денежных средств", "отмывания денежных средств"),
        ("финансировании терроризма", "финансирования терроризма"),
        ("незаконном обороте наркотических средств", "незаконного оборота наркотических средств"),
        ("таможенных правонарушениях", "таможенных правонарушений"),
        ("контрабанде товаров", "контрабанды товаров"),
        ("экспорте контролируемых технологий", "экспорта контролируемых технологий"),
        ("незаконной торговле оружием и боеприпасами", "незаконной торговли оружием и боеприпасами"),
        ("мошенничестве в международной торговле", "мошенничества в международной торговле"),
        ("нарушениях прав интеллектуальной собственности", "нарушений прав интеллектуальной собственности"),
        (
            "хищении и незаконном обороте культурных ценностей",
            "хищения и незаконного оборота культурных ценностей",
        ),
        ("сексуальной эксплуатации детей", "сексуальной эксплуатации детей"),
        ("подделке проездных документов", "подделки проездных документов"),
        ("розыске лиц, скрывающихся от правосудия", "розыска лиц, скрывающихся от правосудия"),
        ("киберпреступности", "киберпреступности"),
        ("незаконном перемещении наличных денежных средств", "незаконного перемещения наличных денежных средств"),
        ("транснациональной организованной преступности", "транснациональной организованной преступности"),
        (
            "легализации преступных доходов через банковские счета",
            "легализации преступных доходов через банковские счета",
        ),
        ("таможенной стоимости и происхождении товаров", "таможенной стоимости и происхождения товаров"),
        ("незаконном перемещении опасных отходов", "незаконного перемещения опасных отходов"),
    ],
    "qualifiers": [
        ", в пределах своего внутреннего законодательства",
        ", в пределах имеющихся ресурсов",
        " в соответствии с настоящим {doc_ins}",
        " в кратчайшие сроки",
        " без неоправданных задержек",
        " в письменной форме",
        ", при необходимости",
        " в каждом конкретном случае",
        " в той мере, в какой это допускается национальным законодательством",
        " по каналам, указанным в статье {n}",
        " в течение {d} дней с даты получения запроса",
        " по собственной инициативе или по запросу",
        "",
        "",
        "",
    ],
    "fixed": [
        "Запрос о помощи направляется в письменной форме и содержит наименование запрашивающего органа, предмет "
        "запроса и краткое изложение фактов.",
        "В срочных случаях запрос может быть передан устно с последующим письменным подтверждением в течение {d} дней.",
        "Информация, полученная в соответствии с настоящим {doc_ins}, используется исключительно в целях, для "
        "которых она была предоставлена, если предоставивший её Участник не дал иного согласия.",
        "Персональные данные защищаются в соответствии с законодательством Участника, получающего их.",
        "Ничто в настоящем {doc_pre} не толкуется как создающее права или обязательства по международному праву.",
        "Каждый Участник самостоятельно несёт расходы, связанные с выполнением настоящего {doc_gen}.",
        "Запрашиваемый орган может отложить или отказать в оказании помощи, если её оказание противоречит его "
        "публичному порядку, безопасности или иным существенным интересам.",
        "Споры, связанные с толкованием или применением настоящего {doc_gen}, разрешаются путём консультаций.",
        "Документы и иные материалы предоставляются в виде заверенных копий, если не запрошены подлинники.",
        "Информация, предоставленная в соответствии с настоящей статьёй, является конфиденциальной и пользуется "
        "такой же защитой, как аналогичная информация по национальному законодательству.",
        "Контактные лица встречаются не реже одного раза в год для рассмотрения хода выполнения настоящего {doc_gen}.",
        "Запрос исполняется в соответствии с законодательством запрашиваемого Участника.",
        "Банковские документы и финансовая информация запрашиваются только через центральные органы.",
        "Если запрос не может быть исполнен, запрашивающий орган незамедлительно информируется о причинах.",
        "Эксперты и свидетели могут быть уполномочены давать показания органам другого Участника.",
    ],
    "phrase": "Участники могут по взаимному согласию применять метод контролируемой поставки для выявления лиц, "
    "участвующих в {p}.",
    "bank": "Банковские документы, выписки по счетам и иная финансовая информация предоставляются в течение {d} дней.",
    "rare": "Это включает переводы, осуществляемые через систему хавала и иные неформальные системы перевода "
    "ценностей.",
    "russia": [
        "Информация о подозрительных операциях передаётся в Росфинмониторинг.",
        "Запросы, касающиеся банковских документов, согласовываются с Росфинмониторингом.",
    ],
    "docs": {
        "memorandum": {"doc_gen": "Меморандума", "doc_ins": "Меморандумом", "doc_pre": "Меморандуме"},
        "agreement": {"doc_gen": "Соглашения", "doc_ins": "Соглашением", "doc_pre": "Соглашении"},
    },
    "preamble": "{us} и {them}, далее именуемые Участниками, желая укрепить сотрудничество в предупреждении и "
    "расследовании транснациональных преступлений, признавая важность обмена информацией, достигли следующей "
    "договорённости:",
    "final": "Совершено в двух экземплярах, каждый на английском и русском языках, причём оба текста имеют "
    "одинаковую силу.",
}

ES = {
    "subjects_all": [
        ("Los Participantes", "pl"),
        ("Cada Participante", "sg"),
        ("El Participante requerido", "sg"),
        ("El Participante requirente", "sg"),
        ("Las autoridades competentes de los Participantes", "pl"),
        ("Las administraciones aduaneras de los Participantes", "pl"),
        ("Cualquiera de los Participantes", "sg"),
        ("Los puntos de contacto de los Participantes", "pl"),
    ],
    "subjects": [
        ("Las autoridades designadas", "pl"),
        ("Las autoridades centrales", "pl"),
        ("Los funcionarios de la autoridad requirente", "pl"),
        ("Los oficiales de enlace", "pl"),
        ("Los servicios competentes", "pl"),
        ("El grupo de trabajo conjunto", "sg"),
        ("Las administraciones aduaneras", "pl"),
        ("Las autoridades investigadoras", "pl"),
    ],
    "predicates": [
        ("intercambiarán información sobre {t}", "intercambiará información sobre {t}"),
        (
            "se proporcionarán información relativa a {t}",
            "proporcionará al otro Participante información relativa a {t}",
        ),
        ("se informarán mutuamente, sin demora, sobre {t}", "informará sin demora al otro Participante sobre {t}"),
        ("compartirán inteligencia relacionada con {t}", "compartirá inteligencia relacionada con {t}"),
        ("se asistirán en la investigación de {t}", "asistirá al otro Participante en la investigación de {t}"),
        (
            "cooperarán en la prevención, investigación y persecución de {t}",
            "cooperará en la prevención, investigación y persecución de {t}",
        ),
        (
            "solicitarán registros, documentos y otras pruebas relativas a {t}",
            "solicitará registros, documentos y otras pruebas relativas a {t}",
        ),
        (
            "proporcionarán copias de registros bancarios relativos a {t}",
            "proporcionará copias de registros bancarios relativos a {t}",
        ),
        ("celebrarán consultas periódicas en materia de {t}", "celebrará consultas periódicas en materia de {t}"),
        ("designarán puntos de contacto responsables de {t}", "designará puntos de contacto responsables de {t}"),
        ("adoptarán medidas para detectar y prevenir {t}", "adoptará medidas para detectar y prevenir {t}"),
        ("realizarán operaciones conjuntas contra {t}", "realizará operaciones conjuntas contra {t}"),
        (
            "comunicarán los resultados de las investigaciones sobre {t}",
            "comunicará los resultados de las investigaciones sobre {t}",
        ),
        (
            "se mantendrán informados sobre las tendencias en {t}",
            "mantendrá informado al otro Participante sobre las tendencias en {t}",
        ),
        ("desarrollarán programas de capacitación sobre {t}", "desarrollará programas de capacitación sobre {t}"),
        (
            "examinarán las solicitudes de asistencia relativas a {t}",
            "examinará las solicitudes de asistencia relativas a {t}",
        ),
        (
            "informarán a las autoridades competentes acerca de {t}",
            "informará a las autoridades competentes acerca de {t}",
        ),
        ("prestarán asistencia técnica en la lucha contra {t}", "prestará asistencia técnica en la lucha contra {t}"),
    ],
    "topics": [
        "el tráfico ilícito de migrantes",
        "la trata de personas",
        "el lavado de dinero",
        "el financiamiento del terrorismo",
        "el tráfico ilícito de estupefacientes",
        "las infracciones aduaneras",
        "el contrabando de mercancías",
        "la exportación de tecnología controlada",
        "el tráfico ilícito de armas y municiones",
        "el fraude en el comercio internacional",
        "las infracciones de los derechos de propiedad intelectual",
        "el robo y tráfico de bienes culturales",
        "la explotación sexual de niños",
        "el fraude con instrumentos bancarios",
        "el fraude documental y de prestaciones",
        "la falsificación de documentos de viaje",
        "la localización de prófugos",
        "la ciberdelincuencia",
        "el movimiento ilícito de efectivo",
        "la delincuencia organizada transnacional",
        "el lavado del producto del delito a través de cuentas bancarias",
        "el valor en aduana y el origen de las mercancías",
        "el movimiento ilegal de desechos peligrosos",
    ],
    "qualifiers": [
        ", dentro de los límites de su legislación nacional",
        ", con sujeción a los recursos disponibles",
        " de conformidad con el presente {doc}",
        ", a la mayor brevedad posible",
        " sin demora injustificada",
        " por escrito",
        ", cuando proceda",
        " caso por caso",
        ", en la medida en que lo permita su legislación nacional",
        " a través de los canales designados en el artículo {n}",
        " dentro de los {d} días siguientes a la recepción de la solicitud",
        ", por iniciativa propia o previa solicitud",
        "",
        "",
        "",
    ],
    "fixed": [
        "Las solicitudes de asistencia se formularán por escrito e incluirán el nombre de la autoridad requirente, "
        "el objeto de la solicitud y un resumen de los hechos.",
        "En casos urgentes, las solicitudes podrán formularse verbalmente y deberán confirmarse por escrito dentro "
        "de los {d} días siguientes.",
        "La información recibida en virtud del presente {doc} se utilizará exclusivamente para los fines para los "
        "que fue proporcionada, salvo consentimiento por escrito del Participante que la haya proporcionado.",
        "Los datos personales se protegerán de conformidad con la legislación del Participante que los reciba.",
        "Nada de lo dispuesto en el presente {doc} se interpretará en el sentido de crear derechos u obligaciones "
        "en virtud del derecho internacional.",
        "Cada Participante sufragará sus propios gastos derivados de la aplicación del presente {doc}.",
        "La autoridad requerida podrá aplazar o denegar la asistencia si su ejecución fuera contraria a su orden "
        "público, seguridad u otros intereses esenciales.",
        "Toda controversia derivada de la interpretación o aplicación del presente {doc} se resolverá mediante "
        "consultas.",
        "Los registros, documentos y demás materiales se proporcionarán en copias certificadas, salvo que se "
        "soliciten los originales.",
        "La información proporcionada en virtud del presente artículo tendrá carácter confidencial.",
        "Los puntos de contacto se reunirán al menos una vez al año para examinar la aplicación del presente {doc}.",
        "Las solicitudes se ejecutarán de conformidad con la legislación del Participante requerido.",
        "Los registros bancarios y la información financiera se solicitarán únicamente por conducto de las "
        "autoridades centrales.",
        "Cuando una solicitud no pueda ejecutarse, se informará sin demora a la autoridad requirente de los motivos.",
        "La información obtenida podrá compartirse con otras autoridades solo con el consentimiento previo del "
        "Participante que la proporcionó.",
    ],
    "phrase": "Los Participantes podrán, de común acuerdo, utilizar la técnica de entrega vigilada para identificar "
    "a las personas involucradas en {t}.",
    "bank": "Los registros bancarios, los estados de cuenta y demás información financiera se proporcionarán dentro "
    "de los {d} días siguientes.",
    "rare": "Ello incluye las transferencias realizadas mediante hawala y otros sistemas informales de "
    "transferencia de valores.",
    "russia": [],
    "docs": {"memorandum": {"doc": "Memorando"}, "agreement": {"doc": "Acuerdo"}},
    "preamble": "{us} y {them}, en lo sucesivo denominados los Participantes, deseando fortalecer la cooperación en "
    "la prevención e investigación de la delincuencia transnacional, reconociendo la importancia del intercambio "
    "de información, han llegado al siguiente entendimiento:",
    "final": "Hecho en dos ejemplares, en los idiomas inglés y español, siendo ambos textos igualmente auténticos.",
    "contractions": ((" de el ", " del "), (" a el ", " al ")),
}

FR = {
    "subjects_all": [
        ("Les Participants", "pl"),
        ("Chaque Participant", "sg"),
        ("Le Participant requis", "sg"),
        ("Le Participant requérant", "sg"),
        ("Les autorités compétentes des Participants", "pl"),
        ("Les administrations douanières des Participants", "pl"),
        ("L'un ou l'autre Participant", "sg"),
        ("Les points de contact des Participants", "pl"),
    ],
    "subjects": [
        ("Les autorités désignées", "pl"),
        ("Les autorités centrales", "pl"),
        ("Les agents de l'autorité requérante", "pl"),
        ("Les officiers de liaison", "pl"),
        ("Les services compétents", "pl"),
        ("Le groupe de travail conjoint", "sg"),
        ("Les administrations douanières", "pl"),
        ("Les autorités chargées des enquêtes", "pl"),
    ],
    "predicates": [
        ("échangeront des informations sur {t}", "échangera des informations sur {t}"),
        (
            "se communiqueront les informations relatives à {t}",
            "communiquera à l'autre Participant les informations relatives à {t}",
        ),
        ("s'informeront sans délai de {t}", "informera sans délai l'autre Participant de {t}"),
        ("partageront les renseignements concernant {t}", "partagera les renseignements concernant {t}"),
        ("se prêteront assistance dans les enquêtes sur {t}", "prêtera assistance dans les enquêtes sur {t}"),
        (
            "coopéreront à la prévention, à la recherche et à la répression de {t}",
            "coopérera à la prévention, à la recherche et à la répression de {t}",
        ),
        (
            "demanderont les registres, documents et autres preuves relatifs à {t}",
            "demandera les registres, documents et autres preuves relatifs à {t}",
        ),
        (
            "fourniront des copies des relevés bancaires relatifs à {t}",
            "fournira des copies des relevés bancaires relatifs à {t}",
        ),
        (
            "se consulteront régulièrement sur les questions de {t}",
            "consultera régulièrement l'autre Participant sur les questions de {t}",
        ),
        ("désigneront des points de contact chargés de {t}", "désignera des points de contact chargés de {t}"),
        ("prendront des mesures pour détecter et prévenir {t}", "prendra des mesures pour détecter et prévenir {t}"),
        ("mèneront des opérations conjointes contre {t}", "mènera des opérations conjointes contre {t}"),
        ("communiqueront les résultats des enquêtes sur {t}", "communiquera les résultats des enquêtes sur {t}"),
        (
            "se tiendront informés des tendances en matière de {t}",
            "tiendra l'autre Participant informé des tendances en matière de {t}",
        ),
        ("élaboreront des programmes de formation sur {t}", "élaborera des programmes de formation sur {t}"),
        ("examineront les demandes d'assistance concernant {t}", "examinera les demandes d'assistance concernant {t}"),
        ("informeront les autorités compétentes de {t}", "informera les autorités compétentes de {t}"),
        (
            "fourniront une assistance technique dans la lutte contre {t}",
            "fournira une assistance technique dans la lutte contre {t}",
        ),
    ],
    "topics": [
        "le trafic illicite de migrants",
        "la traite des personnes",
        "le blanchiment de capitaux",
        "le financement du terrorisme",
        "le trafic illicite de stupéfiants",
        "les infractions douanières",
        "la contrebande de marchandises",
        "l'exportation de technologies contrôlées",
        "le trafic illicite d'armes et de munitions",
        "la fraude dans le commerce international",
        "les atteintes aux droits de propriété intellectuelle",
        "le vol et le trafic de biens culturels",
        "l'exploitation sexuelle des enfants",
        "la fraude aux instruments bancaires",
        "la fraude documentaire et aux prestations",
        "la contrefaçon de documents de voyage",
        "la recherche des fugitifs",
        "la cybercriminalité",
        "les mouvements illicites d'espèces",
        "la criminalité organisée transnationale",
        "le blanchiment du produit du crime par des comptes bancaires",
        "la valeur en douane et l'origine des marchandises",
        "les mouvements illicites de déchets dangereux",
    ],
    "qualifiers": [
        ", dans les limites de leur droit interne",
        ", sous réserve des ressources disponibles",
        " conformément au présent {doc}",
        ", dans les meilleurs délais",
        " sans retard injustifié",
        " par écrit",
        ", le cas échéant",
        " au cas par cas",
        ", dans la mesure permise par leur législation nationale",
        " par les voies désignées à l'article {n}",
        " dans un délai de {d} jours à compter de la réception de la demande",
        ", de leur propre initiative ou sur demande",
        "",
        "",
        "",
    ],
    "fixed": [
        "Les demandes d'assistance sont présentées par écrit et indiquent le nom de l'autorité requérante, l'objet "
        "de la demande et un résumé des faits.",
        "En cas d'urgence, les demandes peuvent être formulées oralement et sont confirmées par écrit dans un délai "
        "de {d} jours.",
        "Les informations reçues en vertu du présent {doc} ne sont utilisées qu'aux fins pour lesquelles elles ont "
        "été communiquées, sauf consentement écrit du Participant qui les a fournies.",
        "Les données à caractère personnel sont protégées conformément à la législation du Participant qui les reçoit.",
        "Aucune disposition du présent {doc} ne peut être interprétée comme créant des droits ou des obligations en "
        "vertu du droit international.",
        "Chaque Participant supporte ses propres frais découlant de la mise en œuvre du présent {doc}.",
        "L'autorité requise peut différer ou refuser l'assistance si son exécution est contraire à son ordre public, "
        "à sa sécurité ou à d'autres intérêts essentiels.",
        "Tout différend relatif à l'interprétation ou à l'application du présent {doc} est réglé par voie de "
        "consultation.",
        "Les registres, documents et autres pièces sont fournis sous forme de copies certifiées conformes, à moins "
        "que les originaux ne soient demandés.",
        "Les informations communiquées en vertu du présent article ont un caractère confidentiel.",
        "Les points de contact se réunissent au moins une fois par an pour examiner la mise en œuvre du présent {doc}.",
        "Les demandes sont exécutées conformément à la législation du Participant requis.",
        "Les relevés bancaires et les informations financières ne sont demandés que par l'intermédiaire des "
        "autorités centrales.",
        "Lorsqu'une demande ne peut être exécutée, l'autorité requérante est informée sans délai des motifs.",
        "Les informations obtenues ne peuvent être transmises à d'autres autorités qu'avec l'accord préalable du "
        "Participant qui les a fournies.",
    ],
    "phrase": "Les Participants peuvent, d'un commun accord, recourir à la technique de la livraison surveillée "
    "afin d'identifier les personnes impliquées dans {t}.",
    "bank": "Les relevés bancaires, les relevés de compte et les autres informations financières sont fournis dans "
    "un délai de {d} jours.",
    "rare": "Cela comprend les transferts effectués au moyen du hawala et d'autres systèmes informels de transfert "
    "de fonds.",
    "russia": [],
    "docs": {"memorandum": {"doc": "Mémorandum"}, "agreement": {"doc": "Accord"}},
    "preamble": "{us} et {them}, ci-après dénommés les Participants, désireux de renforcer la coopération en matière "
    "de prévention et d'enquête sur la criminalité transnationale, reconnaissant l'importance de l'échange "
    "d'informations, sont convenus de ce qui suit :",
    "final": "Fait en deux exemplaires, en langues anglaise et française, les deux textes faisant également foi.",
    "contractions": ((" de le ", " du "), (" de les ", " des "), (" à le ", " au "), (" à les ", " aux ")),
}
PROSE = {"en": EN, "ru": RU, "es": ES, "fr": FR}
LANGUAGE_NAMES = {"ru": "Russian", "es": "Spanish", "fr": "French"}
POOL = 4_000  # sentences made per language and instrument; articles draw from them


@dataclass
class Loaded:
    """What was loaded and how long it took."""

    agreements: int
    articles: int
    seconds: float
    user_ids: dict[str, int]
    longest_russian: int  # the agreement with Russia in force with the most articles (for the terms page)


class Prose:
    """Sentences of one language for one kind of instrument, drawn from to write articles."""

    def __init__(self, language: str, doc: str, rng: random.Random):
        self.language = language
        words = PROSE[language]
        self.forms = {"n": "1", "d": "30", **words["docs"][doc]}
        self.rng = rng
        self.openers = [self._sentence(rng, words["subjects_all"]) for _ in range(POOL // 4)]
        everyone = words["subjects_all"] + words["subjects"]
        self.sentences = [
            self._fill(rng.choice(words["fixed"])) if rng.random() < 0.25 else self._sentence(rng, everyone)
            for _ in range(POOL)
        ]
        self.phrase = [self._fill(words["phrase"], topic=True) for _ in range(50)]
        self.bank = [self._fill(words["bank"]) for _ in range(20)]
        self.rare = self._fill(words["rare"])
        self.russia = [self._fill(s) for s in words["russia"]]
        self.lengths = {s: len(s.split()) for s in (*self.openers, *self.sentences, *self.phrase, *self.bank)}

    def _fill(self, template: str, topic: bool = False) -> str:
        """The template with its article number, days, instrument and (when asked) a topic filled in."""
        rng, words = self.rng, PROSE[self.language]
        forms = {**self.forms, "n": str(rng.randint(2, 12)), "d": str(rng.choice((10, 15, 30, 45, 60, 90)))}
        if topic:
            chosen = rng.choice(words["topics"])
            if isinstance(chosen, tuple):
                forms["p"], forms["g"] = chosen
            else:
                forms["t"] = chosen
        sentence = template.format(**forms)
        for before, after in words.get("contractions", ()):
            sentence = sentence.replace(before, after)
        return sentence

    def _sentence(self, rng: random.Random, subjects: list[tuple[str, str]]) -> str:
        """Subject, predicate (agreeing in number), topic and qualifier."""
        words = PROSE[self.language]
        subject, number = rng.choice(subjects)
        predicate = rng.choice(words["predicates"])
        if isinstance(predicate, tuple):
            predicate = predicate[0] if number == "pl" else predicate[1]
        else:
            predicate = f"{rng.choice(words['modals'])} {predicate}"
        return self._fill(f"{subject} {predicate}{rng.choice(words['qualifiers'])}.", topic=True)

    def article(self, length: int, heading: tuple[str, ...], rare: bool, russia: bool) -> str:
        """One article's body of about ``length`` words (never fewer than 60): a sentence naming the
        Participants first, then sentences drawn at random, with what the heading and flags ask for."""
        rng = self.rng
        chosen = [rng.choice(self.openers)]
        if heading == CONTROLLED_DELIVERY or rng.random() < 0.03:
            chosen.append(rng.choice(self.phrase))
        if heading == BANK_RECORDS or rng.random() < 0.05:
            chosen.append(rng.choice(self.bank))
        if rare:
            chosen.append(self.rare)
        if russia and self.russia:
            chosen.append(rng.choice(self.russia))
        count = sum(self.lengths.get(s, len(s.split())) for s in chosen)
        while count < length:
            sentence = rng.choice(self.sentences)
            chosen.insert(rng.randint(1, len(chosen)), sentence)
            count += self.lengths[sentence]
        return " ".join(chosen)


def _article_counts(rng: random.Random) -> list[int]:
    """How many articles each agreement has: 8 to 32 (for 20 on average), summing to ARTICLES exactly."""
    mean = ARTICLES / AGREEMENTS
    low, high = max(1, round(mean * 0.4)), max(1, round(mean * 1.6))
    counts = [rng.randint(low, high) for _ in range(AGREEMENTS)]
    gap = ARTICLES - sum(counts)
    while gap:
        n = rng.randrange(AGREEMENTS)
        if gap > 0 and (counts[n] < high or gap > AGREEMENTS):
            counts[n], gap = counts[n] + 1, gap - 1
        elif gap < 0 and counts[n] > low:
            counts[n], gap = counts[n] - 1, gap + 1
    return counts


def _headings(count: int, rng: random.Random) -> list[tuple[str, ...]]:
    """The headings of ``count`` articles: definitions and scope first, amendments and entry into force last."""
    if count <= len(FIRST_HEADINGS) + len(LAST_HEADINGS):
        return (FIRST_HEADINGS + LAST_HEADINGS)[:count]
    middle = count - len(FIRST_HEADINGS) - len(LAST_HEADINGS)
    picked = rng.sample(HEADINGS, min(middle, len(HEADINGS)))
    picked += [rng.choice(HEADINGS) for _ in range(middle - len(picked))]
    return FIRST_HEADINGS + picked + LAST_HEADINGS


def _dates(state: str, rng: random.Random, today: dt.date) -> dict[str, dt.date | None]:
    """Signature, entry into force, expiry and termination dates that fit the state."""
    days = lambda a, b: dt.timedelta(days=rng.randint(a, b))  # noqa: E731
    out = dict.fromkeys(
        ("signed_on", "in_force_on", "expires_on", "notice_on", "termination_effective_on", "terminated_on")
    )
    if state not in HAVE_SIGNED:
        return out
    if state == "signed":
        out["signed_on"] = today - days(10, 300)
        return out
    signed = dt.date(1996, 1, 1) + days(0, (today - dt.date(1996, 1, 1)).days - 400)
    out["signed_on"] = signed
    out["in_force_on"] = signed + days(0, 180)
    if state == "in_force":
        out["expires_on"] = today + days(30, 3650) if rng.random() < 0.4 else None
    elif state == "termination_pending":
        out["notice_on"] = today - days(1, 150)
        out["termination_effective_on"] = today + days(30, 180)
    elif state == "terminated":
        ended = min(today - days(1, 30), out["in_force_on"] + days(200, 4000))
        out["notice_on"] = ended - days(90, 180)
        out["termination_effective_on"] = out["terminated_on"] = ended
    elif state == "expired":
        out["expires_on"] = min(today - days(1, 30), out["in_force_on"] + days(1800, 3650))
    return out


def _country_name(code: str) -> str:
    """The country's English name, as people write it."""
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or country.name


def _insert(table, rows: list[dict]) -> None:
    """One bulk Core insert (an executemany)."""
    if rows:
        db.session.execute(insert(table), rows)


def _offices_and_counterparts() -> tuple[dict[str, int], dict[str, list[tuple[int, str, str]]]]:
    """An office per country (MOW for Russia, MEX for Mexico) and its counterpart agencies."""
    offices, office_countries, counterparts, agencies = [], [], [], {}
    codes = {"RU": "MOW", "MX": "MEX"}
    for n, country in enumerate(SECOND_LANGUAGE, start=1):
        city = {"MOW": "Moscow", "MEX": "Mexico City"}.get(codes.get(country, ""), _country_name(country))
        offices.append({"id": n, "code": codes.get(country, f"A-{country}"), "name": f"Attaché Office {city}"})
        office_countries.append({"office_id": n, "country": country})
    office_ids = {row["country"]: row["office_id"] for row in office_countries}
    for country, language in SECOND_LANGUAGE.items():
        agencies[country] = []
        for english, local, acronym in COUNTERPARTS.get(country) or COUNTERPARTS[language]:
            name = english.format(c=_country_name(country))
            counterparts.append(
                {"id": len(counterparts) + 1, "name": name, "name_local": local, "acronym": acronym, "country": country}
            )
            agencies[country].append((len(counterparts), name, local))
    _insert(Office.__table__, offices)
    _insert(OfficeCountry.__table__, office_countries)
    _insert(Counterpart.__table__, counterparts)
    return office_ids, agencies


def _texts(agreement: dict, counterpart: tuple[int, str, str], count: int, flags: dict, prose: dict) -> dict:
    """The text (preamble, articles, final clauses) of one agreement, in English and its second language."""
    rng = prose["rng"]
    second = agreement["languages"][1]
    doc = "agreement" if agreement["type"] == "cmaa" else "memorandum"
    en, other = prose[("en", doc)], prose[(second, doc)]
    russia = agreement["country"] == "RU"
    articles = []
    for number, heading in enumerate(_headings(count, rng), start=1):
        rare = (agreement["id"], number) in flags["rare"]
        mentions = russia and rng.random() < RUSSIA_ONLY_SHARE
        length = round(rng.triangular(60, 250, 110))
        articles.append(
            {
                "number": str(number),
                "heading": {"en": heading[0], second: heading[HEADING_COLUMN[second]]},
                "body": {
                    "en": en.article(length, heading, rare, mentions),
                    second: other.article(round(length * rng.uniform(0.85, 1.2)), heading, rare, mentions),
                },
            }
        )
    _, name, local = counterpart
    return {
        "preamble": {
            "en": EN["preamble"].format(us=OUR_AGENCY["en"], them=name),
            second: PROSE[second]["preamble"].format(us=OUR_AGENCY[second], them=local),
        },
        "articles": articles,
        "final_clauses": {
            "en": EN["final"].format(language=LANGUAGE_NAMES[second]),
            second: PROSE[second]["final"],
        },
    }


def _people() -> dict[str, int]:
    """The program manager and the attachés in Moscow and Mexico City, through the service."""
    people = {
        "pm": users.create_user(PM, "program_manager", name="Pat Manager", password=PASSWORD),
        "moscow": users.create_user(MOSCOW, "attache", "MOW", name="Adam Moscow", password=PASSWORD),
        "mexico": users.create_user(MEXICO, "attache", "MEX", name="Maria Mexico", password=PASSWORD),
    }
    return {key: user.id for key, user in people.items()}


def load(today: dt.date | None = None) -> Loaded:
    """Fill the (empty) database of the current app with the agreements, their texts and the people; committed."""
    began = time.perf_counter()
    today = today or dt.date.today()
    rng = random.Random(2026)
    office_ids, agencies = _offices_and_counterparts()
    people = _people()
    prose = {"rng": rng}
    for language in PROSE:
        for doc in ("memorandum", "agreement"):
            prose[(language, doc)] = Prose(language, doc, rng)
    counts = _article_counts(rng)
    flags = {"rare": set()}
    while len(flags["rare"]) < min(RARE_ARTICLES, ARTICLES):
        n = rng.randrange(AGREEMENTS)
        flags["rare"].add((n + 1, rng.randint(1, counts[n])))
    countries, weights = list(COUNTRY_WEIGHTS), list(COUNTRY_WEIGHTS.values())
    states, kinds, areas = list(STATE_WEIGHTS), list(TYPE_WEIGHTS), list(AREAS)
    counters: dict[tuple[str, int], int] = {}
    longest = (0, 0)
    now = utcnow()
    for start in range(0, AGREEMENTS, BATCH):
        rows, area_rows, versions, signatories, contacts = [], [], [], [], []
        for n in range(start + 1, min(start + BATCH, AGREEMENTS) + 1):
            kind = rng.choices(kinds, list(TYPE_WEIGHTS.values()))[0]
            country = rng.choices(countries, weights)[0]
            state = rng.choices(states, list(STATE_WEIGHTS.values()))[0]
            dates = _dates(state, rng, today)
            year = (dates["signed_on"] or today - dt.timedelta(days=rng.randint(0, 700))).year
            counters[(kind.upper(), year)] = counters.get((kind.upper(), year), 0) + 1
            agency = rng.choice(agencies[country])
            chosen_areas = rng.sample(areas, rng.randint(1, 3))
            row = {
                "id": n,
                "reference": f"{kind.upper()}-{year}-{counters[(kind.upper(), year)]:04d}",
                "type": kind,
                "title": f"{WORKFLOWS[kind].name} with the {agency[1]} on {AREAS[chosen_areas[0]].lower()}",
                "is_binding": WORKFLOWS[kind].is_binding,
                "is_reportable": WORKFLOWS[kind].is_binding,
                "state": state,
                "lock_version": 1,
                "country": country,
                "languages": ["en", SECOND_LANGUAGE[country]],
                "counterpart_id": agency[0],
                "office_id": office_ids[country],
                "current_version_number": 1,
                "event_count": 0,
                "diplomatic_notes": [],
                "created_at": now,
                "updated_at": now,
                "created_by_id": people["pm"],
                **dates,
            }
            rows.append(row)
            if country == "RU" and state == "in_force" and counts[n - 1] > longest[0]:
                longest = (counts[n - 1], n)
            area_rows += [{"agreement_id": n, "area": a} for a in chosen_areas]
            body = _texts(row, agency, counts[n - 1], flags, prose)
            versions.append(
                {
                    "agreement_id": n,
                    "number": 1,
                    **body,
                    "note": "",
                    "origin": "ours",
                    "sha256": text_hash(body["preamble"], body["articles"], body["final_clauses"]),
                    "author_id": people["pm"],
                    "created_at": now,
                }
            )
            if dates["signed_on"]:
                for party, who in (("us", "Tae Johnson"), ("counterpart", f"Director of the {agency[1]}")):
                    signatories.append(
                        {
                            "agreement_id": n,
                            "party": party,
                            "name": who,
                            "title": "Director" if party == "us" else "Head of the agency",
                            "organisation": OUR_AGENCY["en"] if party == "us" else agency[1],
                            "signed_on": dates["signed_on"],
                            "place": "Washington, DC",
                        }
                    )
            for position, (party, name) in enumerate(
                (
                    ("counterpart", "Ivan Petrov" if country == "RU" else "Ana López"),
                    ("counterpart", "Duty officer"),
                    ("us", "Sam Carter"),
                )
            ):
                contacts.append(
                    {
                        "agreement_id": n,
                        "party": party,
                        "position": position,
                        "name": name,
                        "title": "Head of international cooperation" if position == 0 else "Liaison",
                        "office": agency[1] if party == "counterpart" else "ICE Attaché Office",
                        "email": f"contact{n}.{position}@example.org",
                        "phone": f"+1 202 555 {n % 10000:04d}",
                        "languages": ["en", SECOND_LANGUAGE[country]],
                        "confirmed_on": today - dt.timedelta(days=rng.randint(0, 700)),
                        "updated_at": now,
                        "updated_by_id": people["pm"],
                    }
                )
        _insert(Agreement.__table__, rows)
        _insert(AgreementArea.__table__, area_rows)
        _insert(TextVersion.__table__, versions)
        _insert(Signatory.__table__, signatories)
        _insert(Contact.__table__, contacts)
    _insert(ReferenceCounter.__table__, [{"prefix": p, "year": y, "last": last} for (p, y), last in counters.items()])
    _reset_sequences()
    db.session.commit()
    return Loaded(AGREEMENTS, sum(counts), time.perf_counter() - began, people, longest[1])


def save_texts(articles: int = 40) -> list[dict]:
    """A text of ``articles`` articles in English and Russian, of the same lengths as the loaded
    ones, and the same text with every fourth article reworded (as a counterpart's proposal does):
    saved in turn, every save changes a quarter of the articles."""
    rng = random.Random(40)
    en, ru = Prose("en", "memorandum", rng), Prose("ru", "memorandum", rng)
    body = []
    for number, heading in enumerate(_headings(articles, rng), start=1):
        length = round(rng.triangular(60, 250, 110))
        body.append(
            {
                "number": str(number),
                "heading": {"en": heading[0], "ru": heading[1]},
                "body": {
                    "en": en.article(length, heading, False, True),
                    "ru": ru.article(round(length * 0.95), heading, False, True),
                },
            }
        )
    text = {
        "preamble": {
            "en": EN["preamble"].format(us=OUR_AGENCY["en"], them="Federal Customs Service"),
            "ru": RU["preamble"].format(us=OUR_AGENCY["ru"], them="Федеральная таможенная служба"),
        },
        "articles": body,
        "final_clauses": {"en": EN["final"].format(language="Russian"), "ru": RU["final"]},
    }
    proposal = copy.deepcopy(text)
    for article in proposal["articles"][::4]:
        length = len(article["body"]["en"].split())
        article["body"]["en"] = en.article(length, (), False, True)
        article["body"]["ru"] = ru.article(round(length * 0.95), (), False, True)
    return [text, proposal]


def _reset_sequences() -> None:
    """On PostgreSQL, move the id sequences past the ids given explicitly (SQLite needs nothing)."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in ("agreements", "counterparts", "offices"):
        highest = db.session.scalar(text(f"SELECT max(id) FROM {table}"))
        db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), :n)"), {"n": highest or 1})
