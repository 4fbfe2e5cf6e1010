"""In Chromium on a phone (375×812): the Moscow attaché looks up what the 2010 memorandum with the Investigative
Committee says about bank records, lands on that article and finds whom to call; the Mexico City attaché's
same search shows nothing of Russia. Every page fits the screen's width, is easy to tap and passes axe-core."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from axe import PHONE, assert_accessible, new_context, scrolls_sideways, small_targets
from conftest import translated_titles
from livetools import PASSWORD, chromium, serve
from playwright.sync_api import Page, expect
from services.lifecycle import TODAY, bring_to

from agreements.db import db
from agreements.services import agreements, versions
from agreements.services.contacts import set_contacts

SCREEN_HEIGHT = PHONE["viewport"]["height"]
TITLE = "Memorandum of Understanding between ICE and the Investigative Committee of the Russian Federation"
COUNTERPART = "Investigative Committee of the Russian Federation"
WORDS = "bank records"
HIT_ARTICLE = "4"  # the article on sharing information, well below the first screen
PRIMEROV = {
    "name": "Pavel Primerov",
    "title": "Liaison Officer for Cooperation with U.S. Law Enforcement",
    "office": "International Cooperation Directorate",
    "phone": "+7 495 555-01-23",
    "email": "p.primerov@icr.example",
    "languages": ["ru", "en"],
    "confirmed_on": "2026-11-03",
}


def _article(number: str, heading: dict[str, str], body: dict[str, str]) -> dict:
    """One article of a text, as ``save_version`` takes it."""
    return {"number": number, "heading": heading, "body": body}


IC_TEXT = {
    "preamble": {
        "en": "U.S. Immigration and Customs Enforcement and the Investigative Committee of the Russian Federation, "
        'hereinafter referred to as the "Participants", have reached the following understanding:',
        "ru": "Служба иммиграционного и таможенного контроля США и Следственный комитет Российской Федерации, "
        "далее именуемые «Участники», достигли следующего взаимопонимания:",
    },
    "articles": [
        _article(
            "1",
            {"en": "Purpose", "ru": "Цель"},
            {
                "en": "The purpose of this Memorandum is to enable the Participants to cooperate in countering "
                "criminal activity in areas of mutual interest.",
                "ru": "Целью настоящего Меморандума является сотрудничество Участников в противодействии преступной "
                "деятельности в сферах, представляющих взаимный интерес.",
            },
        ),
        _article(
            "2",
            {"en": "Areas of Cooperation", "ru": "Сферы сотрудничества"},
            {
                "en": "The Participants intend to cooperate in particular against:\n(a) sexual exploitation of "
                "children;\n(b) trafficking in persons and smuggling of migrants;\n(c) money laundering and other "
                "financial crimes;\n(d) crimes committed with the use of computers and information networks.",
                "ru": "Участники намерены сотрудничать, в частности, в противодействии:\nа) сексуальной "
                "эксплуатации детей;\nб) торговле людьми и незаконному ввозу мигрантов;\nв) легализации доходов, "
                "полученных преступным путём;\nг) преступлениям с использованием компьютерных сетей.",
            },
        ),
        _article(
            "3",
            {"en": "Forms of Cooperation", "ru": "Формы сотрудничества"},
            {
                "en": "The Participants intend to coordinate investigative actions in cases of mutual interest, "
                "each in the territory of its own country, and to organise joint training and working meetings.",
                "ru": "Участники намерены согласовывать следственные действия по делам, представляющим взаимный "
                "интерес, и проводить совместное обучение и рабочие встречи.",
            },
        ),
        _article(
            HIT_ARTICLE,
            {"en": "Sharing of Information", "ru": "Обмен информацией"},
            {
                "en": "1. The Participants intend to share, on request or on their own initiative, information "
                "concerning persons under investigation, including bank records and records of money transfers.\n\n"
                "2. Urgent requests may be made by telephone to the points of contact and confirmed in writing.",
                "ru": "1. Участники намерены обмениваться по запросу или по собственной инициативе информацией о "
                "лицах, в отношении которых ведётся расследование, включая сведения о банковских счетах и "
                "денежных переводах.\n\n2. Срочные запросы могут направляться по телефону контактным лицам.",
            },
        ),
    ],
    "final_clauses": {
        "en": "Signed at Washington on March 26, 2010, in duplicate, in the English and Russian languages, both "
        "texts being equally valid.",
        "ru": "Подписано в г. Вашингтоне 26 марта 2010 года в двух экземплярах, каждый на английском и русском "
        "языках, причём оба текста являются равно действительными.",
    },
}

MEXICAN_TEXT = {
    "articles": [
        _article(
            "1",
            {"en": "Bulk cash smuggling", "es": "Contrabando de efectivo"},
            {
                "en": "The Participants intend to share bank records on bulk cash smuggling across the border.",
                "es": "Los Participantes intercambiarán registros bancarios sobre el contrabando de efectivo.",
            },
        ),
    ],
}


def _in_force(world, text: dict, *, year: int | None = None, **fields):
    """An agreement opened by the program manager, with ``text``, walked into force."""
    titles = translated_titles(fields["title"], fields["languages"])
    agreement = agreements.create_agreement(
        world["pm"], {"type": "mou", "title_translations": titles, **fields}, year=year
    )
    versions.save_version(world["pm"], agreement, text)
    db.session.commit()
    return bring_to(world, agreement, "in_force")


@pytest.fixture
def memoranda(world):
    """In force: the 2010-style MOU with the Investigative Committee (its liaison officer to call), one with Mexico."""
    russia = _in_force(
        world,
        IC_TEXT,
        year=2010,
        title=TITLE,
        counterpart=COUNTERPART,
        country="RU",
        languages=["en", "ru"],
        areas=["child_exploitation", "information_sharing"],
    )
    set_contacts(world["pm"], russia, "counterpart", [PRIMEROV], today=TODAY)
    mexico = _in_force(
        world,
        MEXICAN_TEXT,
        title="MOU on bulk cash smuggling",
        counterpart="Servicio de Administración Tributaria",
        country="MX",
        languages=["en", "es"],
    )
    db.session.commit()
    return {"russia": russia, "mexico": mexico}


def _phone_page(browser) -> Page:
    """A page on a phone-sized touch screen, in a browser context of its own."""
    return new_context(browser, **PHONE).new_page()


def _sign_in(page: Page, base: str, email: str) -> None:
    """Sign in through the login form, checking the login page on the way."""
    page.goto(f"{base}/login")
    _check_page(page, "the login page")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("#password").press("Enter")
    page.wait_for_url(f"{base}/")


def _search_from_the_header(page: Page, words: str) -> None:
    """Tap the header's search box, type, press Enter."""
    page.locator("#site-search-q").tap()
    page.keyboard.type(words)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape("/search?" + urlencode({"q": words})) + "$"))


def _check_page(page: Page, where: str) -> None:
    """The page reflows to the screen's width, every target is 24×24 px or more, and axe-core passes it."""
    assert not scrolls_sideways(page), f"{where} scrolls sideways on a phone"
    assert small_targets(page) == [], f"targets smaller than 24×24 px on {where}"
    assert_accessible(page, f"{where} (375×812)")


def _box(page: Page, selector: str) -> dict:
    """Where the (first) element is, relative to the window: x, y, width, height."""
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    return box


def _in_window(page: Page, selector: str) -> bool:
    """Whether the element is wholly within the window, as the page is scrolled now."""
    box = _box(page, selector)
    return box["y"] >= 0 and box["y"] + box["height"] <= SCREEN_HEIGHT


def test_the_moscow_attache_finds_the_article_on_bank_records_and_whom_to_call(app, world, memoranda):
    russia = memoranda["russia"]
    assert russia.reference.startswith("MOU-2010-")
    with serve(app) as base, chromium() as browser:
        page = _phone_page(browser)
        _sign_in(page, base, "moscow@agreements.test")
        _check_page(page, "the attaché's home page")

        _search_from_the_header(page, WORDS)
        hit = page.locator(".hit", has_text=russia.reference)
        expect(hit).to_have_count(1)
        expect(hit.locator(".hit__heading")).to_contain_text(f"Article {HIT_ARTICLE}")
        language = hit.locator(".hit__snippet").get_attribute("lang")
        assert language == "en"  # the words are in the English text
        _check_page(page, "the search results")

        hit.locator(".hit__heading a").tap()
        anchor = f"article-{HIT_ARTICLE}"
        page.wait_for_url(re.compile(rf"/agreements/{russia.id}/terms\?lang={language}#{anchor}$"))
        article = page.locator(f"#{anchor}")
        expect(article).to_be_in_viewport()
        assert _in_window(page, f"#{anchor}"), f"the article is not scrolled into view: {_box(page, f'#{anchor}')}"
        expect(article.locator(".passage__body")).to_have_attribute("lang", language)
        expect(article.locator(".passage__body")).to_contain_text(WORDS)

        contact = page.locator(".terms-contacts .terms-person", has_text=PRIMEROV["name"])
        expect(contact).to_be_visible()
        call = contact.locator("a[href^='tel:']")
        expect(call).to_be_visible()
        href = call.get_attribute("href")
        assert re.fullmatch(r"tel:\+?[0-9]+", href), href
        assert href == "tel:" + re.sub(r"[^0-9+]", "", PRIMEROV["phone"])
        _check_page(page, "the terms page at the article")

        # Opened afresh, before any scrolling: whom to call and the whole contents on the first screen.
        page.goto(f"{base}/agreements/{russia.id}/terms")
        assert page.evaluate("window.scrollY") == 0
        assert _in_window(page, ".terms-contacts"), _box(page, ".terms-contacts")
        assert _in_window(page, ".terms-toc"), _box(page, ".terms-toc")
        assert _box(page, f"#{anchor}")["y"] > SCREEN_HEIGHT, "the article should need the jump to be seen"
        _check_page(page, "the terms page")


def test_the_mexico_city_attache_finds_nothing_of_russia(app, world, memoranda):
    russia, mexico = memoranda["russia"], memoranda["mexico"]
    with serve(app) as base, chromium() as browser:
        page = _phone_page(browser)
        _sign_in(page, base, "mexico@agreements.test")
        _search_from_the_header(page, WORDS)
        expect(page.locator(".hit")).to_have_count(1)
        expect(page.locator(".hit")).to_contain_text(mexico.reference)
        content = page.content()
        assert russia.reference not in content
        assert COUNTERPART not in content and "Sharing of Information" not in content
        _check_page(page, "the Mexico City attaché's search results")


def test_tapping_the_language_switch_shows_the_russian_text(app, world, memoranda):
    russia = memoranda["russia"]
    with serve(app) as base, chromium() as browser:
        page = _phone_page(browser)
        _sign_in(page, base, "moscow@agreements.test")
        page.goto(f"{base}/agreements/{russia.id}/terms")
        expect(page.locator("#text-title")).to_contain_text("English")

        page.locator(".terms-langs").get_by_role("link", name="Russian").tap()
        page.wait_for_url(re.compile(rf"/agreements/{russia.id}/terms\?lang=ru$"))
        expect(page.locator("#text-title")).to_contain_text("Russian")
        expect(page.locator(".terms-langs a[aria-current='true']")).to_have_text("Russian")
        body = page.locator(f"#article-{HIT_ARTICLE} .passage__body")
        expect(body).to_have_attribute("lang", "ru")
        expect(body).to_contain_text("банковских счетах")
        _check_page(page, "the terms page in Russian")

        # The choice is remembered: the terms page opened again without ?lang= stays in Russian.
        page.goto(f"{base}/agreements/{russia.id}/terms")
        expect(page.locator("#text-title")).to_contain_text("Russian")
