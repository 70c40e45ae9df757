"""Seed the test shop: staff user, customer, products, a voucher, a site offer and four orders.

Orders (their ids and numbers are printed as ``SEEDED {json}`` on the last line):
- ``registered``: API checkout by the customer, 2 x W-1, different billing and shipping address;
- ``guest``: API checkout as a guest (no billing address, no owner), shipped to Austria;
- ``multi_line``: Oscar's OrderCreator (the stock shop offers free shipping only, so this one is
  placed in-process to get a shipping charge, a surcharge, a voucher and a site offer), 1 x W-1 + 3 x G-2;
- ``old``: API checkout, then dated 60 days back (outside the plug-in's default 30-day scan).
Usage: ``python seed.py`` in this folder (honours SHOP_DB).
"""

import base64
import json
import os
import sys
from datetime import timedelta
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shopsite.settings")
import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from oscar.core.loading import get_class, get_model  # noqa: E402

ADMIN = ("admin", "admin@example.com", "admin-pass-123")
CUSTOMER = ("customer", "customer@example.com", "customer-pass-123")
PRODUCTS = {
    "W-1": ("WIDGET-1", "Connector Test Widget", "12.50"),
    "G-2": ("GADGET-2", "Gadget, blue", "7.99"),
}

Order = get_model("order", "Order")


def catalogue() -> dict:
    get_model("address", "Country").objects.get_or_create(
        iso_3166_1_a2="DE",
        defaults={"iso_3166_1_a3": "DEU", "iso_3166_1_numeric": "276", "name": "Germany",
                  "printable_name": "Germany", "is_shipping_country": True},
    )  # fmt: skip
    get_model("address", "Country").objects.get_or_create(
        iso_3166_1_a2="AT",
        defaults={"iso_3166_1_a3": "AUT", "iso_3166_1_numeric": "040", "name": "Austria",
                  "printable_name": "Austria", "is_shipping_country": True},
    )  # fmt: skip
    partner, _ = get_model("partner", "Partner").objects.get_or_create(name="Demo Warehouse")
    pclass, _ = get_model("catalogue", "ProductClass").objects.get_or_create(
        name="Widget", defaults={"requires_shipping": True, "track_stock": True}
    )
    products = {}
    for sku, (upc, title, price) in PRODUCTS.items():
        product, created = get_model("catalogue", "Product").objects.get_or_create(
            upc=upc, defaults={"title": title, "product_class": pclass, "structure": "standalone"}
        )
        if created:
            get_model("partner", "StockRecord").objects.create(
                product=product, partner=partner, partner_sku=sku, price_currency="EUR",
                price=Decimal(price), num_in_stock=1000,
            )  # fmt: skip
        products[sku] = product
    return products


def offers(products: dict) -> object:
    Range, Condition, Benefit = (get_model("offer", n) for n in ("Range", "Condition", "Benefit"))
    ConditionalOffer, Voucher = get_model("offer", "ConditionalOffer"), get_model("voucher", "Voucher")
    everything, _ = Range.objects.get_or_create(name="Everything", defaults={"includes_all_products": True})
    gadgets, created = Range.objects.get_or_create(name="Gadgets")
    if created:
        gadgets.add_product(products["G-2"])
        ConditionalOffer.objects.create(
            name="Gadget bonus", offer_type=ConditionalOffer.SITE, exclusive=False, priority=10,
            condition=Condition.objects.create(range=gadgets, type=Condition.COUNT, value=3),
            benefit=Benefit.objects.create(range=gadgets, type=Benefit.FIXED, value=Decimal("2.00")),
        )  # fmt: skip
    voucher, created = Voucher.objects.get_or_create(
        code="WELCOME10",
        defaults={"name": "Welcome 10%", "usage": Voucher.MULTI_USE, "start_datetime": timezone.now() - timedelta(days=1),
                  "end_datetime": timezone.now() + timedelta(days=3650)},
    )  # fmt: skip
    if created:
        welcome = ConditionalOffer.objects.create(
            name="Welcome 10%", offer_type=ConditionalOffer.VOUCHER, exclusive=False,
            condition=Condition.objects.create(range=everything, type=Condition.COUNT, value=1),
            benefit=Benefit.objects.create(range=everything, type=Benefit.PERCENTAGE, value=Decimal("10")),
        )  # fmt: skip
        voucher.offers.add(welcome)
    return voucher


def address(city: str, line1: str, country: str = "DE", **extra: str) -> dict:
    return {"first_name": "Erika", "last_name": "Mustermann", "line1": line1, "line4": city,
            "postcode": "10115", "country": f"http://testserver/api/countries/{country}/", **extra}  # fmt: skip


def api_checkout(client: Client, product, quantity: int, **checkout) -> dict:
    def post(url: str, data: dict) -> dict:
        response = client.post(url, json.dumps(data), content_type="application/json")
        assert response.status_code in (200, 201), (url, response.status_code, response.content[:500])
        return response.json()

    post(
        "/api/basket/add-product/",
        {"url": f"http://testserver/api/products/{product.pk}/", "quantity": quantity},
    )
    return post("/api/checkout/", {"basket": client.get("/api/basket/").json()["url"], **checkout})


def placed_in_process(customer, products: dict, voucher):  # -> oscar Order
    Basket = get_model("basket", "Basket")
    surcharges = get_class("checkout.applicator", "SurchargeList")
    surcharge_price = get_class("checkout.applicator", "SurchargePrice")
    flat_charge = get_class("checkout.surcharges", "FlatCharge")
    basket = Basket.objects.create(owner=customer)
    basket.strategy = get_class("partner.strategy", "Selector")().strategy()
    basket.add_product(products["W-1"], 1)
    basket.add_product(products["G-2"], 3)
    basket.vouchers.add(voucher)
    get_class("offer.applicator", "Applicator")().apply(basket, customer)
    shipping = get_class("shipping.methods", "FixedPrice")(Decimal("4.90"), Decimal("4.90"))
    charge = shipping.calculate(basket)
    cod = flat_charge(excl_tax=Decimal("1.50"), incl_tax=Decimal("1.50"))
    cod.name, cod.code = "Cash on delivery", "cod"
    extra = surcharges([surcharge_price(cod, cod.calculate(basket))])
    total = get_class("checkout.calculators", "OrderTotalCalculator")().calculate(
        basket, charge, surcharges=extra
    )
    Address = get_model("order", "ShippingAddress")
    Country = get_model("address", "Country")
    ship = Address.objects.create(first_name="Erika", last_name="Mustermann", line1="Lindenallee 7",
                                  line2="Hinterhaus", line4="Köln", postcode="50667",
                                  country=Country.objects.get(pk="DE"), phone_number="+49 221 555 0100")  # fmt: skip
    order = get_class("order.utils", "OrderCreator")().place_order(
        basket, total, shipping, charge, user=customer, shipping_address=ship, surcharges=extra
    )
    basket.submit()  # as the checkout view does; else the customer's next API basket reuses it
    return order


def seed() -> dict:
    User = get_user_model()
    if not User.objects.filter(username=ADMIN[0]).exists():
        User.objects.create_superuser(*ADMIN)
    customer = User.objects.filter(username=CUSTOMER[0]).first() or User.objects.create_user(
        *CUSTOMER, first_name="Erika", last_name="Mustermann"
    )
    products = catalogue()
    voucher = offers(products)
    auth = "Basic " + base64.b64encode(f"{CUSTOMER[0]}:{CUSTOMER[2]}".encode()).decode()
    registered = api_checkout(
        Client(HTTP_AUTHORIZATION=auth), products["W-1"], 2,
        shipping_address=address("Berlin", "Hauptstr. 1", phone_number="+49 30 1234567"),
        billing_address=address("Berlin", "Rechnungsweg 2"),
    )  # fmt: skip
    guest = api_checkout(
        Client(HTTP_SESSION_ID="SID:ANON:testserver:seed-guest"), products["W-1"], 1,
        guest_email="Guest.Buyer@Example.com",
        shipping_address=dict(address("Wien", "Ringstraße 3", "AT"), first_name="Gustav", last_name="Gast"),
    )  # fmt: skip
    multi = placed_in_process(customer, products, voucher)
    old = api_checkout(
        Client(HTTP_AUTHORIZATION=auth), products["W-1"], 1, shipping_address=address("Berlin", "Alt 1")
    )
    Order.objects.filter(number=old["number"]).update(date_placed=timezone.now() - timedelta(days=60))
    found = {
        "registered": registered["number"],
        "guest": guest["number"],
        "multi_line": str(multi.number),
        "old": old["number"],
    }
    return {role: {"id": Order.objects.get(number=n).pk, "number": n} for role, n in found.items()}


if __name__ == "__main__":
    print("SEEDED " + json.dumps(seed()))
