"""In Chromium: an attaché drafts an MOU in English and Russian, the legal office reviews and returns it,
the attaché revises, and the legal advisor compares the versions, resolves the comment and clears it."""

from __future__ import annotations

from livetools import PASSWORD, chromium, serve
from playwright.sync_api import Browser, Page, expect

TITLE = "Memorandum of Understanding on cooperation against transnational organised crime"
COUNTERPART = "Ministry of Internal Affairs of the Russian Federation"

ARTICLES = [
    {
        "number": "1",
        "heading": {"en": "Purpose", "ru": "Цель"},
        "body": {
            "en": "The Participants will cooperate against transnational organised crime.",
            "ru": "Участники будут сотрудничать в борьбе с транснациональной организованной преступностью.",
        },
    },
    {
        "number": "2",
        "heading": {"en": "Consultations", "ru": "Консультации"},
        "body": {
            "en": "The Participants will meet monthly to exchange information.",
            "ru": "Участники будут встречаться ежемесячно для обмена информацией.",
        },
    },
]
REVISED = {
    "en": "The Participants will meet quarterly to exchange information.",
    "ru": "Участники будут встречаться ежеквартально для обмена информацией.",
}
COMMENT = "Monthly meetings are more than either side can staff: say quarterly."


def _signed_in(browser: Browser, base: str, email: str) -> tuple[object, Page]:
    """A browser context of its own (its own cookies), signed in through the login form."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url(lambda url: "/login" not in url)  # "/" lands by role
    return context, page


def _watch_console(page: Page, problems: list[str]) -> None:
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)


def _badge(page: Page):
    return page.locator(".agreement-head .badge")


def _flash(page: Page, text: str):
    return page.locator(".flashes").get_by_role("status").filter(has_text=text)


def _fire(page: Page, trigger: str, title: str, comment: str) -> None:
    """Type a comment into a step's form on the agreement page and press its button."""
    step = page.locator("form.step", has=page.locator(f"input[name=trigger][value={trigger}]"))
    step.get_by_label("Comment").fill(comment)
    step.get_by_role("button", name=title).click()


def test_draft_review_revise_compare_and_clear_in_two_languages(app, world):
    problems: list[str] = []
    with serve(app) as base, chromium() as browser:
        # 1. The Moscow attaché opens an MOU with Russia in English and Russian.
        attache_context, attache = _signed_in(browser, base, "moscow@agreements.test")
        _watch_console(attache, problems)
        expect(attache.locator(".site-user__name")).to_have_text("Adam Moscow")
        attache.goto(f"{base}/agreements/new")
        attache.get_by_label("Memorandum of Understanding", exact=False).check()
        attache.get_by_label("Title").fill(TITLE)
        attache.locator("#counterpart").fill(COUNTERPART)
        attache.get_by_label("Country").select_option("RU")
        attache.locator("input[name=languages][value=ru]").check()
        attache.get_by_role("button", name="Open the agreement").click()

        expect(attache.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(_badge(attache)).to_have_text("Drafting")
        expect(_flash(attache, "Write its text next")).to_be_visible()
        expect(attache.locator("#facts")).to_contain_text("English, Russian")
        agreement_url = attache.url.split("#")[0]

        # ... and types two articles, English and Russian side by side, in the editor.
        attache.get_by_role("link", name="Write the first version").click()
        expect(attache.get_by_role("heading", level=1)).to_have_text("Text")
        for i, article in enumerate(ARTICLES):
            if i:
                attache.get_by_role("button", name="Add another article").click()
            attache.locator(f"#articles-{i}-number").fill(article["number"])
            for lang in ("en", "ru"):
                attache.locator(f"#articles-{i}-heading-{lang}").fill(article["heading"][lang])
                attache.locator(f"#articles-{i}-body-{lang}").fill(article["body"][lang])
        # The two languages of an article sit side by side, English on the left.
        english = attache.locator("#articles-1-body-en").bounding_box()
        russian = attache.locator("#articles-1-body-ru").bounding_box()
        assert english["x"] + english["width"] <= russian["x"]
        assert abs(english["y"] - russian["y"]) < 1
        attache.get_by_label("Note on this version").fill("First draft in both languages.")
        attache.get_by_role("button", name="Save as a new version").click()

        expect(_flash(attache, "Saved version 1 of the text.")).to_be_visible()
        text = attache.locator("#text")
        expect(text.locator(".version-meta")).to_contain_text("Version 1 · our draft")
        expect(attache.locator("#article-2")).to_contain_text(ARTICLES[1]["body"]["en"])
        expect(attache.locator("#article-2")).to_contain_text(ARTICLES[1]["body"]["ru"])

        _fire(attache, "submit_for_review", "Submit for review", "Draft ready for the legal office.")
        expect(_badge(attache)).to_have_text("Legal review")
        expect(_flash(attache, "is now in legal review")).to_be_visible()

        # 2. The legal advisor finds it in the review queue, comments on Article 2 and returns it.
        advisor_context, advisor = _signed_in(browser, base, "la@agreements.test")
        _watch_console(advisor, problems)
        advisor.goto(f"{base}/review")
        row = advisor.get_by_role("row").filter(has_text=TITLE)
        expect(row).to_contain_text("Legal review")
        row.get_by_role("link").click()
        expect(advisor.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(_badge(advisor)).to_have_text("Legal review")

        article_2 = advisor.locator("#article-2")
        article_2.get_by_text("Comment on Article 2", exact=True).click()
        article_2.get_by_label("Your comment on Article 2 (version 1)").fill(COMMENT)
        article_2.get_by_role("button", name="Add comment").click()
        expect(_flash(advisor, "Comment added.")).to_be_visible()
        thread = advisor.locator("#comments-2 .comment")
        expect(thread).to_contain_text(COMMENT)
        expect(thread).to_contain_text("Lee Advisor")
        expect(thread.locator(".comment__state")).to_have_text("Open")

        _fire(advisor, "return_for_revision", "Return for revision", "See the comment on Article 2.")
        expect(_badge(advisor)).to_have_text("Drafting")
        expect(_flash(advisor, "is now in drafting")).to_be_visible()

        # 3. The attaché sees the comment, answers it, and revises Article 2 in both languages.
        attache.goto(agreement_url)
        expect(_badge(attache)).to_have_text("Drafting")
        attache_thread = attache.locator("#comments-2 .comment").first
        expect(attache_thread).to_contain_text(COMMENT)
        attache_thread.get_by_label("Answer this comment").fill("Changed to quarterly in both languages.")
        attache_thread.get_by_role("button", name="Answer").click()
        expect(_flash(attache, "Answer added.")).to_be_visible()

        attache.locator("#text").get_by_role("link", name="Edit English").click()
        attache.get_by_role("link", name="Edit every language side by side").click()
        expect(attache.locator("#articles-1-body-ru")).to_have_value(ARTICLES[1]["body"]["ru"])
        for lang in ("en", "ru"):
            attache.locator(f"#articles-1-body-{lang}").fill(REVISED[lang])
        attache.get_by_label("Note on this version").fill("Meetings quarterly, as the legal office asked.")
        attache.get_by_role("button", name="Save as a new version").click()
        expect(_flash(attache, "Saved version 2 of the text.")).to_be_visible()
        expect(attache.locator("#text .version-meta")).to_contain_text("Version 2 · our draft")
        expect(attache.locator("#article-2")).to_contain_text(REVISED["ru"])

        _fire(attache, "submit_for_review", "Submit for review", "Revised as asked.")
        expect(_badge(attache)).to_have_text("Legal review")

        # 4. The legal advisor compares version 1 with version 2 ...
        advisor.goto(agreement_url)
        expect(_badge(advisor)).to_have_text("Legal review")
        advisor.get_by_role("link", name="Compare with version 1").click()
        expect(advisor.get_by_role("heading", level=1)).to_have_text("Compare versions")
        changed = advisor.locator("#compare-article-2")
        expect(changed).to_contain_text("changed")
        for lang, old, new in (("en", "monthly", "quarterly"), ("ru", "ежемесячно", "ежеквартально")):
            cell = changed.locator(f".text-cell[lang={lang}]")
            expect(cell.locator("ins")).to_have_text(new)
            expect(cell.locator("del")).to_have_text(old)
        expect(advisor.locator("#compare-article-1")).to_contain_text("unchanged")
        expect(advisor.locator("#compare-article-1 ins, #compare-article-1 del")).to_have_count(0)
        expect(advisor.locator(".compare-summary")).to_contain_text("Art. 2")

        # ... clearing is refused while the comment is open, then it is resolved and the text cleared.
        advisor.locator(".breadcrumb a").click()
        expect(_badge(advisor)).to_have_text("Legal review")
        clear = advisor.get_by_role("button", name="Clear for negotiation")
        expect(clear).to_be_disabled()
        expect(advisor.locator("#step-clear_for_negotiation-reasons")).to_contain_text("1 review comment is still open")

        advisor_thread = advisor.locator("#comments-2 .comment").first
        expect(advisor_thread).to_contain_text("on version 1")
        expect(advisor_thread).to_contain_text("Changed to quarterly in both languages.")
        advisor_thread.get_by_role("button", name="Resolve").click()
        expect(_flash(advisor, "Comment on Article 2 resolved.")).to_be_visible()
        expect(advisor.locator("#comments")).to_contain_text("resolved")

        _fire(advisor, "clear_for_negotiation", "Clear for negotiation", "Cleared; negotiate from version 2.")
        expect(_badge(advisor)).to_have_text("Negotiation")
        expect(_flash(advisor, "is now in negotiation")).to_be_visible()

        events = advisor.locator(".timeline__event")
        expect(events).to_have_count(5)
        expect(events.nth(0)).to_contain_text("Opened")
        expect(events.nth(1)).to_contain_text("Submit for review · Drafting → Legal review")
        expect(events.nth(1)).to_contain_text("text version 1")
        expect(events.nth(2)).to_contain_text("Return for revision · Legal review → Drafting")
        expect(events.nth(2)).to_contain_text("See the comment on Article 2.")
        expect(events.nth(3)).to_contain_text("Submit for review · Drafting → Legal review")
        expect(events.nth(3)).to_contain_text("text version 2")
        expect(events.nth(4)).to_contain_text("Clear for negotiation · Legal review → Negotiation")
        expect(events.nth(4)).to_contain_text("la@agreements.test")
        expect(events.nth(4)).to_contain_text("Cleared; negotiate from version 2.")

        advisor_context.close()
        attache_context.close()
    assert problems == []
