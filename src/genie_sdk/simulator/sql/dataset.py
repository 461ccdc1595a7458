"""The bundled demo dataset: a small retail schema generated deterministically from a seed."""

from __future__ import annotations

import math
import random
from typing import Any

__all__ = ["CATALOG", "DEMO_TABLES", "SALES_ROWS", "SCHEMA", "load_demo_dataset"]

CATALOG = "samples"
SCHEMA = "retail"
SALES_ROWS = 21_000
DEMO_TABLES = ("regions", "stores", "products", "customers", "sales", "all_types")

_REGIONS = [
    (1, "North", "Norway"),
    (2, "South", "Spain"),
    (3, "East", "Poland"),
    (4, "West", "Portugal"),
    (5, "Central", "Germany"),
]
_CITIES = [
    ("Oslo", 59.91, 10.75, 1),
    ("Bergen", 60.39, 5.32, 1),
    ("Madrid", 40.42, -3.70, 2),
    ("Seville", 37.39, -5.98, 2),
    ("Valencia", 39.47, -0.38, 2),
    ("Warsaw", 52.23, 21.01, 3),
    ("Krakow", 50.06, 19.94, 3),
    ("Lisbon", 38.72, -9.14, 4),
    ("Porto", 41.15, -8.61, 4),
    ("Berlin", 52.52, 13.40, 5),
    ("Munich", 48.14, 11.58, 5),
    ("Hamburg", 53.55, 9.99, 5),
]
_CATEGORIES = {
    "Electronics": (["Headphones", "Speaker", "Charger", "Keyboard", "Monitor"], 25, 400),
    "Home": (["Lamp", "Kettle", "Blanket", "Vase", "Clock"], 10, 120),
    "Outdoor": (["Tent", "Backpack", "Flask", "Jacket", "Boots"], 15, 300),
    "Grocery": (["Coffee", "Tea", "Olive Oil", "Chocolate", "Honey"], 2, 30),
}
_ADJECTIVES = ["Classic", "Pro", "Eco"]
_FIRST = ["Ana", "Ben", "Chen", "Dora", "Emil", "Fatima", "Goran", "Hana", "Ivo", "Julia"]
_LAST = ["Novak", "Silva", "Berg", "Kowalski", "Garcia", "Meyer", "Costa", "Larsen", "Weber"]
_CHANNELS = ["store", "online", "mobile"]

_ALL_TYPES = """
CREATE TABLE all_types AS SELECT
  CAST(id AS INTEGER) AS id, CAST(c_int AS INTEGER) AS c_int, CAST(c_long AS BIGINT) AS c_long,
  CAST(c_short AS SMALLINT) AS c_short, CAST(c_byte AS TINYINT) AS c_byte,
  CAST(c_double AS DOUBLE) AS c_double, CAST(c_float AS FLOAT) AS c_float,
  CAST(c_decimal AS DECIMAL(10,2)) AS c_decimal, CAST(c_string AS VARCHAR) AS c_string,
  c_boolean, c_date, CAST(c_timestamp AS TIMESTAMPTZ) AS c_timestamp,
  CAST(c_timestamp_ntz AS TIMESTAMP) AS c_timestamp_ntz, c_binary,
  CAST(c_array AS INTEGER[]) AS c_array, CAST(c_map AS MAP(VARCHAR, INTEGER)) AS c_map,
  CAST(c_struct AS STRUCT(a INTEGER, b VARCHAR)) AS c_struct, c_interval
FROM (VALUES
  (1, 42, 9007199254740993, 123, 7, 3.141592653589793, CAST(1.5 AS FLOAT), 1234.50,
   'hello', true, DATE '2024-01-05', TIMESTAMPTZ '2024-01-05 10:00:00.123+00',
   TIMESTAMP '2024-01-05 10:00:00.123456', '\\x00\\xFFgenie'::BLOB, [1, 2, 3],
   MAP {'a': 1, 'b': 2}, {'a': 1, 'b': 'x'}, INTERVAL '1 day 2 hours 3 minutes 4.5 seconds'),
  (2, -2147483648, -9223372036854775808, -32768, -128, 'NaN'::DOUBLE, 'Infinity'::FLOAT,
   -0.01, 'comma, "quote"' || chr(10) || 'new line ü€', false, DATE '0001-01-01',
   TIMESTAMPTZ '1970-01-01 00:00:00+00', TIMESTAMP '9999-12-31 23:59:59.999999', ''::BLOB,
   [], MAP {'': 0}, {'a': NULL, 'b': ''}, INTERVAL '-3 days'),
  (3, 2147483647, 9223372036854775807, 32767, 127, '-Infinity'::DOUBLE, CAST(0.1 AS FLOAT),
   99999999.99, '', true, DATE '2024-02-29', TIMESTAMPTZ '2024-06-30 23:59:59+02',
   TIMESTAMP '2024-02-29 12:00:00', 'bytes'::BLOB, [NULL, 4], MAP {'z': NULL},
   {'a': 3, 'b': NULL}, INTERVAL '0 seconds'),
  (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
   NULL, NULL, NULL)
) AS t(id, c_int, c_long, c_short, c_byte, c_double, c_float, c_decimal, c_string, c_boolean,
       c_date, c_timestamp, c_timestamp_ntz, c_binary, c_array, c_map, c_struct, c_interval)
ORDER BY id
"""


def load_demo_dataset(db: Any, *, seed: int) -> None:
    """Create and fill the demo tables in the current schema of the DuckDB connection ``db``."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    _load_regions(db)
    _load_stores(db, rng)
    prices = _load_products(db, rng)
    _load_customers(db, rng)
    _load_sales(db, rng, prices)
    db.execute(_ALL_TYPES)


def _load_regions(db: Any) -> None:
    ids, names, countries = zip(*_REGIONS, strict=True)
    db.execute(
        "CREATE TABLE regions AS SELECT CAST(unnest($1) AS INTEGER) AS region_id, "
        "unnest($2) AS region_name, unnest($3) AS country",
        [list(ids), list(names), list(countries)],
    )


def _load_stores(db: Any, rng: random.Random) -> None:
    cities = [c[0] for c in _CITIES]
    db.execute(
        """
        CREATE TABLE stores AS SELECT
          CAST(store_id AS INTEGER) AS store_id, city || ' ' || suffix AS store_name,
          CAST(region_id AS INTEGER) AS region_id, city,
          DATE '2015-01-01' + CAST(opened AS INTEGER) AS opened_on,
          CAST(square_meters AS DOUBLE) AS square_meters,
          {'lat': CAST(lat AS DOUBLE), 'lon': CAST(lon AS DOUBLE)} AS location
        FROM (SELECT unnest($1) AS store_id, unnest($2) AS city, unnest($3) AS suffix,
                     unnest($4) AS region_id, unnest($5) AS opened, unnest($6) AS square_meters,
                     unnest($7) AS lat, unnest($8) AS lon)
        ORDER BY store_id
        """,
        [
            list(range(1, len(_CITIES) + 1)),
            cities,
            [rng.choice(["Central", "Mall", "Harbour", "Station"]) for _ in cities],
            [c[3] for c in _CITIES],
            [rng.randrange(0, 3000) for _ in cities],
            [round(rng.uniform(250, 2500), 1) for _ in cities],
            [c[1] for c in _CITIES],
            [c[2] for c in _CITIES],
        ],
    )


def _load_products(db: Any, rng: random.Random) -> list[float]:
    names: list[str] = []
    categories: list[str] = []
    prices: list[float] = []
    tags: list[list[str]] = []
    keys: list[list[str]] = []
    values: list[list[str]] = []
    for category, (nouns, low, high) in _CATEGORIES.items():
        for noun in nouns:
            for adjective in _ADJECTIVES:
                names.append(f"{adjective} {noun}")
                categories.append(category)
                prices.append(round(rng.uniform(low, high), 2))
                tags.append(sorted(rng.sample(["new", "bestseller", "gift", "sale", "eco"], 2)))
                keys.append(["color", "size"])
                values.append([rng.choice(["black", "white", "green"]), rng.choice("SML")])
    db.execute(
        """
        CREATE TABLE products AS SELECT
          CAST(product_id AS INTEGER) AS product_id, product_name, category,
          CAST(list_price AS DECIMAL(10,2)) AS list_price, CAST(tags AS VARCHAR[]) AS tags,
          MAP(CAST(k AS VARCHAR[]), CAST(v AS VARCHAR[])) AS attributes,
          product_id % 7 <> 0 AS is_active
        FROM (SELECT unnest($1) AS product_id, unnest($2) AS product_name, unnest($3) AS category,
                     unnest($4) AS list_price, unnest($5) AS tags, unnest($6) AS k,
                     unnest($7) AS v)
        ORDER BY product_id
        """,
        [list(range(1, len(names) + 1)), names, categories, prices, tags, keys, values],
    )
    return prices


def _load_customers(db: Any, rng: random.Random) -> None:
    count = 2_000
    first = [rng.choice(_FIRST) for _ in range(count)]
    last = [rng.choice(_LAST) for _ in range(count)]
    db.execute(
        """
        CREATE TABLE customers AS SELECT
          CAST(customer_id AS BIGINT) AS customer_id, first || ' ' || last AS customer_name,
          lower(first || '.' || last) || customer_id || '@example.com' AS email,
          CAST(region_id AS INTEGER) AS region_id,
          TIMESTAMP '2020-01-01' + to_seconds(CAST(signup AS BIGINT)) AS signup_ts,
          CAST(tier AS TINYINT) AS loyalty_tier
        FROM (SELECT unnest($1) AS customer_id, unnest($2) AS first, unnest($3) AS last,
                     unnest($4) AS region_id, unnest($5) AS signup, unnest($6) AS tier)
        ORDER BY customer_id
        """,
        [
            list(range(1, count + 1)),
            first,
            last,
            [rng.randint(1, len(_REGIONS)) for _ in range(count)],
            [rng.randrange(0, 4 * 365 * 86400) for _ in range(count)],
            [rng.choice([1, 1, 1, 2, 2, 3]) for _ in range(count)],
        ],
    )


def _load_sales(db: Any, rng: random.Random, prices: list[float]) -> None:
    days = 731
    weights = [1.0 + d / days + 0.35 * math.sin(2 * math.pi * (d % 365) / 365) for d in range(days)]
    day = sorted(rng.choices(range(days), weights=weights, k=SALES_ROWS))
    store_weights = [1 + (s % 4) for s in range(len(_CITIES))]
    product_weights = [1 / (1 + (p % 9)) for p in range(len(prices))]
    order_ids: list[int] = []
    order = 0
    for index in range(SALES_ROWS):
        if index == 0 or rng.random() < 0.6:
            order += 1
        order_ids.append(100_000 + order)
    product_ids = rng.choices(range(1, len(prices) + 1), weights=product_weights, k=SALES_ROWS)
    db.execute(
        """
        CREATE TABLE sales AS SELECT
          CAST(sale_id AS BIGINT) AS sale_id, CAST(order_id AS BIGINT) AS order_id,
          DATE '2023-01-01' + CAST(day AS INTEGER) AS sale_date,
          CAST(CAST(DATE '2023-01-01' + CAST(day AS INTEGER) AS TIMESTAMP)
               + to_milliseconds(CAST(ms AS BIGINT)) AS TIMESTAMPTZ) AS sale_ts,
          CAST(store_id AS INTEGER) AS store_id, CAST(product_id AS INTEGER) AS product_id,
          CAST(customer_id AS BIGINT) AS customer_id, CAST(quantity AS SMALLINT) AS quantity,
          CAST(unit_price AS DECIMAL(10,2)) AS unit_price, CAST(discount AS FLOAT) AS discount,
          CAST(quantity * CAST(unit_price AS DECIMAL(10,2)) * (1 - CAST(discount AS DECIMAL(4,2)))
               AS DECIMAL(12,2)) AS amount,
          channel, is_return
        FROM (SELECT unnest($1) AS sale_id, unnest($2) AS order_id, unnest($3) AS day,
                     unnest($4) AS ms, unnest($5) AS store_id, unnest($6) AS product_id,
                     unnest($7) AS customer_id, unnest($8) AS quantity, unnest($9) AS unit_price,
                     unnest($10) AS discount, unnest($11) AS channel, unnest($12) AS is_return)
        ORDER BY sale_id
        """,
        [
            list(range(1, SALES_ROWS + 1)),
            order_ids,
            day,
            [rng.randrange(8 * 3_600_000, 22 * 3_600_000) for _ in range(SALES_ROWS)],
            rng.choices(range(1, len(_CITIES) + 1), weights=store_weights, k=SALES_ROWS),
            product_ids,
            [rng.randint(1, 2_000) for _ in range(SALES_ROWS)],
            [rng.choice([1, 1, 1, 2, 2, 3, 4]) for _ in range(SALES_ROWS)],
            [prices[p - 1] for p in product_ids],
            [rng.choice([0.0, 0.0, 0.0, 0.05, 0.1, 0.25]) for _ in range(SALES_ROWS)],
            [rng.choice(_CHANNELS) for _ in range(SALES_ROWS)],
            [rng.random() < 0.02 for _ in range(SALES_ROWS)],
        ],
    )
