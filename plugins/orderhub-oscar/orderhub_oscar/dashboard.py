"""Oscar's stock dashboard order form: how a status is set when the shop lacks the API extension.

Log in at ``{dashboard}/login/`` (session cookie + CSRF token), then ``POST
{dashboard}/orders/<number>/`` with ``order_action=change_order_status``. The form answers 302
whether or not Oscar accepted the change, so the caller re-reads the order through the API.
"""

from __future__ import annotations

import httpx

from adapters.channels.channel_http import channel_http_client
from adapters.channels.http_retry import send_with_retry
from orderhub_oscar.settings import OscarSettings
from ports.channels import ChannelContext, PermanentChannelError


class DashboardForms:
    def __init__(
        self, settings: OscarSettings, context: ChannelContext, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.settings, self.context = settings, context
        self._http = channel_http_client(
            context.limits, context.timeout_seconds, transport=transport, follow_redirects=False
        )
        self._logged_in = False

    def close(self) -> None:
        self._http.close()

    def _csrf(self) -> str:
        token = self._http.cookies.get("csrftoken")
        if not token:
            raise PermanentChannelError(
                f"Oscar's dashboard at {self.settings.dashboard_url('')} set no csrftoken cookie: "
                "check `url` and `dashboard_path`"
            )
        return token

    def _post(self, url: str, what: str, form: dict[str, str]) -> httpx.Response:
        def send() -> httpx.Response:
            data = form | {"csrfmiddlewaretoken": self._csrf()}
            return self._http.post(url, data=data, headers={"Referer": url})

        return send_with_retry(send, sleep=self.context.sleep, what=what)

    def login(self) -> None:
        url = self.settings.dashboard_url("login/")
        what = "opening Oscar's dashboard login"
        page = send_with_retry(lambda: self._http.get(url), sleep=self.context.sleep, what=what)
        if page.status_code != 200:
            raise PermanentChannelError(
                f"{what}: HTTP {page.status_code} at {url}: check `url` and `dashboard_path`"
            )
        credentials = {
            "username": self.settings.username,
            "password": self.settings.password.get_secret_value(),
        }
        answer = self._post(url, "logging in to Oscar's dashboard", credentials)
        if answer.status_code != 302:  # Django re-renders the form (200) when the login fails
            raise PermanentChannelError(
                f"Oscar's dashboard refused the login of {self.settings.username!r}: check username and "
                "password (the user must be staff)"
            )
        self._logged_in = True

    def change_status(self, number: str, status: str, note: str | None) -> None:
        """Submit the status form (and a note); whether Oscar accepted it shows only in the order."""
        if not self._logged_in:
            self.login()
        url = self.settings.dashboard_url(f"orders/{number}/")
        what = f"setting Oscar order {number} to {status!r} through the dashboard"
        answer = self._post(url, what, {"order_action": "change_order_status", "new_status": status})
        if answer.status_code == 302 and "/login/" in answer.headers.get("location", ""):
            self._logged_in = False
            raise PermanentChannelError(
                f"{what}: the dashboard session was refused; check the user's permissions"
            )
        if answer.status_code not in (200, 302):
            raise PermanentChannelError(f"{what}: HTTP {answer.status_code}")
        if note:
            self._post(
                url, f"adding a note to Oscar order {number}", {"order_action": "save_note", "message": note}
            )
