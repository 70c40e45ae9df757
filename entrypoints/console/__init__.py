"""The merchant console (CONSOLE.md): server-rendered pages under ``/console``.

How it is put together, so that a page group plugs in without touching the others:

- ``app.install_console(app, services, config)`` (called by entrypoints/http/app.py) includes every
  router listed in ``pages.ROUTERS`` under ``/console``, serves ``static/`` at ``/console/static``,
  redirects ``/`` to ``/console``, and installs the security headers and the error pages.
- A page group is a module ``routes_<group>.py`` with an ``APIRouter`` named ``router``; add it to
  ``pages.ROUTERS``. Its routes take ``who: Viewer`` (pages) or ``who: Poster`` (every POST: session
  plus CSRF token), call ``require(who, Scope.X)`` before an action, and call application services
  and query ports through ``services_of(request)`` only (tests/unit/test_layering.py). A page is
  ``render(request, "template.html", **context)``; templates extend ``base.html`` and show only
  what they are given (``who.may(Scope.X)`` decides whether a button is shown).
- Texts are English in the templates and code (``_("...")`` / ``N_("...")``), German in
  ``i18n/de/LC_MESSAGES/messages.po`` (read when the console is built; tests check that every text
  has its German translation).

Route names (``request.app.url_path_for(name)``, ``url(name)`` in templates):

    console_login, console_sign_in, console_sign_out, console_language   routes_session.py
    console_dashboard                 GET /console                         routes_dashboard.py
    console_orders                    GET /console/orders                  routes_orders.py
    console_order                     GET /console/orders/{order_id}       routes_orders.py
    console_order_paid / _shipped / _cancelled   POST …/{order_id}/paid|shipped|cancelled
    console_reports, console_reports_csv          GET /console/reports[.csv]   routes_reports.py
    console_new_order                 GET /console/orders/new              (console-forms)
    console_customers, console_customer, console_new_customer              (console-forms)
    console_channels, console_channel, console_new_channel                 (console-forms)

``NAV`` in pages.py names the route of each navigation link; a link whose route is not installed
yet is shown as plain text, so the layout works before every page group has landed.
"""
