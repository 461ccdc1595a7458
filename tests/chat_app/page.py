"""A page object for the chat app in Selenium: what a user does, and waiting for what they see."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as when
from selenium.webdriver.support.ui import WebDriverWait

LAST = "#chat-log > .turn:last-child"
"""The newest turn of the chat."""
WAIT = 20.0
"""Seconds to wait for something to show; a generous bound on a busy two-core machine."""
STALE = (StaleElementReferenceException,)
"""Dash re-renders what it updates: an element found a moment ago may be gone; look again."""
T = TypeVar("T")


def again_if_stale(action: Callable[[], T], tries: int = 5) -> T:
    """Run ``action``, again (finding its elements anew) when Dash re-rendered them meanwhile."""
    for _ in range(tries - 1):
        try:
            return action()
        except StaleElementReferenceException:
            continue
    return action()


class ChatPage:
    """The chat app open in a browser."""

    def __init__(self, driver: WebDriver, url: str, screenshots: Path) -> None:
        self.driver = driver
        self.url = url
        self.screenshots = screenshots

    def open(self) -> ChatPage:
        self.driver.get(self.url)
        self.wait_for("#question")
        self.wait_for("#conversation-list .conversations")
        return self

    # -- finding -----------------------------------------------------------------------------

    def wait_for(self, css: str, text: str | None = None, timeout: float = WAIT) -> WebElement:
        """The first element matching ``css`` (containing ``text``) once it is visible."""
        wait = WebDriverWait(self.driver, timeout, ignored_exceptions=STALE)
        if text is None:
            return wait.until(when.visibility_of_element_located((By.CSS_SELECTOR, css)))
        script = (
            "return [...document.querySelectorAll(arguments[0])]"
            ".find((e) => e.innerText.includes(arguments[1])) || null;"
        )
        found: WebElement = wait.until(lambda d: d.execute_script(script, css, text))
        return found

    def wait_until(self, condition: Any, timeout: float = WAIT) -> Any:
        return WebDriverWait(self.driver, timeout, ignored_exceptions=STALE).until(
            lambda _driver: condition()
        )

    def wait_gone(self, css: str, timeout: float = WAIT) -> None:
        self.wait_until(lambda: not self.all(css), timeout)

    def all(self, css: str) -> list[WebElement]:
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def texts(self, css: str) -> list[str]:
        """The text of every element matching ``css``, read at once (the progress re-renders)."""
        script = "return [...document.querySelectorAll(arguments[0])].map((e) => e.innerText);"
        texts: list[str] = self.driver.execute_script(script, css)
        return texts

    def turns(self) -> list[WebElement]:
        return self.all("#chat-log > .turn")

    # -- doing -------------------------------------------------------------------------------

    def type_question(self, text: str) -> WebElement:
        def type_it() -> WebElement:
            box = self.wait_for("#question")
            box.clear()
            box.send_keys(text)
            return box

        return again_if_stale(type_it)

    def ask(self, text: str, *, keyboard: bool = False) -> None:
        """Ask with the Send button, or by pressing Enter in the question box."""
        if keyboard:
            again_if_stale(lambda: self.type_question(text).send_keys(Keys.ENTER))
        else:
            self.type_question(text)
            self.click_on("#send")

    def ask_and_wait(self, text: str, *, keyboard: bool = False) -> str:
        """Ask, then wait for the answer's turn (`LAST`); returns its text."""
        before = len(self.turns())
        self.ask(text, keyboard=keyboard)
        self.wait_until(lambda: len(self.turns()) > before)
        self.wait_gone("#in-flight")
        return self.texts(LAST)[0]

    def click(self, element: WebElement) -> None:
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
        WebDriverWait(self.driver, WAIT, ignored_exceptions=STALE).until(
            when.element_to_be_clickable(element)
        )
        element.click()

    def click_on(self, css: str, text: str | None = None) -> None:
        """Click the element matching ``css`` (containing ``text``), found anew if Dash re-renders it."""
        again_if_stale(lambda: self.click(self.wait_for(css, text)))

    def screenshot(self, name: str) -> Path:
        path = self.screenshots / f"{name}.png"
        self.driver.save_screenshot(str(path))
        return path
