"""German texts of the console's forms (orders/new, customers, channels), merged into the German
catalogue by ``python -m tools.console_forms_de`` after ``pybabel update``: kept apart so
that two people adding texts at once do not both rewrite the same lines of messages.po."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

GERMAN = {
    "This form placed an order already; the form below starts a new one": "Mit diesem Formular wurde schon ein Auftrag aufgegeben; das Formular unten beginnt einen neuen",
    "Someone changed this customer at the same moment; please place the order again": "Jemand hat diesen Kunden im selben Moment geändert; bitte geben Sie den Auftrag noch einmal auf",
    "That customer does not exist (any more): choose another": "Diesen Kunden gibt es (nicht mehr): wählen Sie einen anderen",
    "This e-mail belongs to a customer already": "Diese E-Mail-Adresse gehört schon einem Kunden",
    "A sync of this channel is running already; try again when it has finished": "Dieser Kanal wird gerade abgeglichen; versuchen Sie es wieder, wenn der Abgleich fertig ist",
    "A channel of this name exists already": "Einen Kanal dieses Namens gibt es schon",
    "Choose one of the installed kinds": "Wählen Sie eine der installierten Arten",
    "Choose a customer or tick New customer": "Wählen Sie einen Kunden oder kreuzen Sie Neuer Kunde an",
    "Required": "Pflichtfeld",
    "Recipient": "Empfänger",
    "Sync of %(name)s finished: %(fetched)s fetched, %(imported)s imported, %(updated)s updated, %(quarantined)s quarantined, %(pushed)s pushed.": "Abgleich von %(name)s beendet: %(fetched)s abgerufen, %(imported)s importiert, %(updated)s aktualisiert, %(quarantined)s in Quarantäne, %(pushed)s übermittelt.",
    "Sync of %(name)s stopped early: %(error)s": "Abgleich von %(name)s vorzeitig beendet: %(error)s",
    "This sign-in link was used already, is wrong, or was opened from another machine. Sign in with a username and password instead.": "Dieser Anmeldelink wurde schon benutzt, ist falsch oder wurde auf einem anderen Rechner geöffnet. Melden Sie sich stattdessen mit Benutzername und Passwort an.",
    "This channel is paused: resume it first": "Dieser Kanal ist pausiert: setzen Sie ihn zuerst fort",
    "Order %(id)s imported: it is an order now.": "Bestellung %(id)s importiert: sie ist jetzt ein Auftrag.",
    "Order %(id)s still fails: %(reason)s": "Bestellung %(id)s scheitert weiterhin: %(reason)s",
    "The channel did not return order %(id)s.": "Der Kanal hat die Bestellung %(id)s nicht geliefert.",
    "The channel could not be asked for order %(id)s: %(reason)s": "Der Kanal konnte nicht nach der Bestellung %(id)s gefragt werden: %(reason)s",
    "Give a reason for dismissing it": "Geben Sie einen Grund für das Verwerfen an",
    "Order %(id)s dismissed: it is not imported.": "Bestellung %(id)s verworfen: sie wird nicht importiert.",
    "Paused since %(when)s: no sync runs until it is resumed.": "Pausiert seit %(when)s: kein Abgleich, bis er fortgesetzt wird.",
    "Resume": "Fortsetzen",
    "Pause": "Pausieren",
    "Paused": "Pausiert",
    "Remove channel": "Kanal entfernen",
    "Its orders stay; its settings, secrets and quarantine are gone.": "Seine Aufträge bleiben; seine Einstellungen, Geheimnisse und Quarantäne werden gelöscht.",
    "Confirm removal": "Entfernen bestätigen",
    "Retry": "Erneut versuchen",
    "Dismiss": "Verwerfen",
    "Order placed. The e-mail belongs to a customer already, so the order went to that customer.": "Auftrag aufgegeben. Die E-Mail-Adresse gehört schon einem Kunden, darum ging der Auftrag an diesen Kunden.",
    "must be a whole number such as 3": "muss eine ganze Zahl sein, z. B. 3",
    "New order for this customer": "Neuer Auftrag für diesen Kunden",
    "New order": "Neuer Auftrag",
    "New order for %(name)s": "Neuer Auftrag für %(name)s",
    "New immediate order": "Neuer Sofortauftrag",
    "Customer": "Kunde",
    "Find customer": "Kunde suchen",
    "Search customers": "Kunden suchen",
    "New customer": "Neuer Kunde",
    "Lines": "Positionen",
    "SKU": "Artikelnummer",
    "Title": "Bezeichnung",
    "Quantity": "Menge",
    "Unit price": "Einzelpreis",
    "Tax rate": "Steuersatz",
    "Remove line": "Position entfernen",
    "Add line": "Position hinzufügen",
    "Shipping and payment": "Versand und Zahlung",
    "Shipping cost": "Versandkosten",
    "Currency": "Währung",
    "Note": "Notiz",
    "Ship to a different address": "An eine andere Adresse liefern",
    "Shipping address": "Lieferadresse",
    "Total": "Gesamt",
    "Place order": "Auftrag aufgeben",
    "Name": "Name",
    "E-mail": "E-Mail",
    "Phone": "Telefon",
    "Company": "Firma",
    "Street": "Straße",
    "Postal code": "Postleitzahl",
    "City": "Ort",
    "Country": "Land",
    "No customer matches": "Kein Kunde passt",
    "Customers": "Kunden",
    "Search": "Suche",
    "Orders": "Aufträge",
    "Erased customer": "Gelöschter Kunde",
    "Pages": "Seiten",
    "Previous": "Zurück",
    "Page %(page)s of %(pages)s": "Seite %(page)s von %(pages)s",
    "Next": "Weiter",
    "Open the customer this e-mail belongs to": "Den Kunden öffnen, dem diese E-Mail-Adresse gehört",
    "Create customer": "Kunden anlegen",
    "This customer was erased on %(when)s; their orders are kept.": "Dieser Kunde wurde am %(when)s gelöscht; seine Aufträge bleiben erhalten.",
    "Billing address": "Rechnungsadresse",
    "Customer since": "Kunde seit",
    "Channel identities": "Kennungen in Kanälen",
    "None: this customer was entered here": "Keine: dieser Kunde wurde hier angelegt",
    "Order": "Auftrag",
    "Date": "Datum",
    "Status": "Status",
    "No orders yet": "Noch keine Aufträge",
    "Channels": "Kanäle",
    "Add channel": "Kanal hinzufügen",
    "Channel": "Kanal",
    "Kind": "Art",
    "Last sync": "Letzter Abgleich",
    "Result": "Ergebnis",
    "Quarantined": "In Quarantäne",
    "Actions": "Aktionen",
    "Never": "Nie",
    "Sync now": "Jetzt abgleichen",
    "No channel yet": "Noch kein Kanal",
    "Sync finished": "Abgleich beendet",
    "Sync stopped early": "Abgleich vorzeitig beendet",
    "Fetched": "Abgerufen",
    "Imported": "Importiert",
    "Updated": "Aktualisiert",
    "Unchanged": "Unverändert",
    "Pushed": "Übermittelt",
    "Sync interval": "Abgleichintervall",
    "every %(seconds)s s": "alle %(seconds)s s",
    "only on request": "nur auf Anforderung",
    "Sync log": "Abgleichprotokoll",
    "Started": "Begonnen",
    "Finished": "Beendet",
    "Not synced yet": "Noch nicht abgeglichen",
    "Quarantine": "Quarantäne",
    "Reason": "Grund",
    "First seen": "Zuerst gesehen",
    "Attempts": "Versuche",
    "Payload as received": "Daten wie empfangen",
    "Nothing in quarantine": "Nichts in Quarantäne",
    "Choose a kind": "Art wählen",
    "Choose": "Wählen",
    "Sync interval (seconds)": "Abgleichintervall (Sekunden)",
    "Settings of %(kind)s": "Einstellungen für %(kind)s",
    "(separate several with commas)": "(mehrere durch Kommas trennen)",
    "Failed": "Fehlgeschlagen",
    "OK": "Erfolgreich",
    "%(fetched)s fetched, %(imported)s imported, %(updated)s updated": "%(fetched)s abgerufen, %(imported)s importiert, %(updated)s aktualisiert",
}


def merge(po_path: Path) -> int:
    """Adds each text missing from the catalogue, and fills each one left untranslated; returns
    how many changed. A translation someone already wrote is kept."""
    with po_path.open("rb") as po:
        catalogue = read_po(po, locale="de")
    changed = 0
    for msgid, msgstr in GERMAN.items():
        message = catalogue.get(msgid)
        if message is None:
            catalogue.add(msgid, msgstr)
            changed += 1
        elif not message.string or message.fuzzy:
            message.string, message.flags = msgstr, set()
            changed += 1
    with po_path.open("wb") as po:
        write_po(po, catalogue, sort_output=True)  # as `pybabel update` writes it
    return changed


if __name__ == "__main__":
    path = (
        Path(__file__).parents[1] / "entrypoints" / "console" / "i18n" / "de" / "LC_MESSAGES" / "messages.po"
    )
    print(f"{merge(path)} German texts added to {path}", file=sys.stderr)
