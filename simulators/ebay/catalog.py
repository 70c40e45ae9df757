"""Data the eBay simulator draws orders from: German buyers (with umlauts), products, places."""

from __future__ import annotations

FIRST_NAMES = (
    "Jürgen",
    "Anna",
    "Käthe",
    "Björn",
    "Sören",
    "Lea",
    "Max",
    "Zoë",
    "Günther",
    "Özlem",
    "Fatma",
    "Luis",
    "Marie",
    "Jörg",
    "Ute",
    "Hans-Peter",
    "Chloé",
    "Mia",
    "Ömer",
    "Grete",
)
LAST_NAMES = (
    "Müller",
    "Schröder",
    "Weiß",
    "Groß",
    "Köhler",
    "Bäcker",
    "Schmidt",
    "Öztürk",
    "Krämer",
    "Fuß",
    "Meier",
    "Hoffmann",
    "Jäger",
    "Löwe",
    "Schäfer",
    "Wagner",
    "Dürr",
    "Becker",
)
STREETS = (
    "Hauptstraße",
    "Königsallee",
    "Schloßstraße",
    "Bahnhofstraße",
    "Mühlenweg",
    "Gartenstraße",
    "Lindenstraße",
    "Am Brühl",
    "Äußere Sulzbacher Straße",
    "Große Bleiche",
    "Kölner Straße",
)
# (postal code, city, ISO country)
PLACES_DE = (
    ("10115", "Berlin", "DE"),
    ("80331", "München", "DE"),
    ("50667", "Köln", "DE"),
    ("40213", "Düsseldorf", "DE"),
    ("20095", "Hamburg", "DE"),
    ("01067", "Dresden", "DE"),
    ("90402", "Nürnberg", "DE"),
    ("97070", "Würzburg", "DE"),
    ("88045", "Friedrichshafen", "DE"),
    ("79098", "Freiburg im Breisgau", "DE"),
    ("04109", "Leipzig", "DE"),
)
PLACES_ABROAD = (("1010", "Wien", "AT"), ("8001", "Zürich", "CH"), ("1000", "Bruxelles", "BE"))
PLACES_UK = (("SW1A 1AA", "London", "GB"), ("M1 1AE", "Manchester", "GB"))
COMPANIES = ("Bäckerei Schäfer GmbH", "Müller & Söhne KG", "Grünzeug e.K.")

# (sku or None for legacy listings without one, title, unit price)
PRODUCTS = (
    ("TASSE-WS-300", "Kaffeetasse weiß, 300 ml", "12.90"),
    ("BECHER-XL-ES", "Thermobecher XL – Edelstahl, auslaufsicher", "19.99"),
    ("MESSER-SET-5", "Küchenmesser-Set 5-teilig mit Block", "49.95"),
    ("SCHAL-WOLLE-GR", "Wollschal grün, 180 × 30 cm", "24.50"),
    ("LAMPE-LED-E27", "LED-Glühbirne E27 warmweiß (4 Stück)", "9.99"),
    ("SCHUH-WAN-43", "Wanderschuhe Größe 43, wasserdicht", "89.00"),
    ("BUCH-KOCH-01", "Omas Kochbuch – 365 Rezepte für Groß und Klein", "14.95"),
    ("SPIEL-PUZ-1000", "Puzzle 1000 Teile „Schloss Neuschwanstein“", "11.49"),
    ("GARTEN-SCH-3", "Gartenschere, Bypass, rostfrei", "17.80"),
    (None, "Kuchenform Ø 26 cm, gebraucht, guter Zustand", "7.50"),
    (None, "Schallplatte „Die Ärzte – Die Bestie in Menschengestalt“", "22.00"),
    (None, "Antike Kommode, Eiche, Selbstabholung möglich", "120.00"),
)
DELIVERY_COSTS = ("0.00", "4.90", "5.99", "6.49")
CARRIERS = (("DHL", "DE_DHLPaket"), ("Hermes", "DE_HermesPaket"), ("DeutschePost", "DE_DeutschePostBrief"))
GSP_HUB = {
    "fullName": "Global Shipping Center",
    "contactAddress": {
        "addressLine1": "1850 Airport Exchange Blvd",
        "addressLine2": "Suite 200",
        "city": "Erlanger",
        "stateOrProvince": "KY",
        "postalCode": "41025-2501",
        "countryCode": "US",
    },
    "primaryPhone": {"phoneNumber": "8596686120"},
}
