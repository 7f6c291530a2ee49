"""Emission factors and assumptions, read from the data files in `footprint/data/`.

Numbers live in those files, never in code: a new edition of ADEME's factors is a data
change."""

import csv
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from core.content_language import in_active_language

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Factor:
    key: str
    kind: str  # "transport" or "meal"
    label_fr: str
    label_en: str
    kg: float  # kgCO2e per passenger-km, per vehicle-km, or per meal
    unit: str
    source: str

    @property
    def per_vehicle(self) -> bool:
        return self.unit == "per vehicle-km"

    @property
    def label(self) -> str:
        # The same reading as the translated model fields: the active language, else the
        # French reference (marked in templates with {{ factor|lang:"label" }}).
        return in_active_language(self, "label")


@dataclass(frozen=True)
class RangedFactor:
    """A factor of the digital and paper side: a central value and its range, because most
    of these figures are uncertain and the method page must not pretend otherwise."""

    key: str
    label_fr: str
    label_en: str
    unit_fr: str
    unit_en: str
    kg: float
    low_kg: float
    high_kg: float
    source_fr: str
    source_en: str
    date_fr: str
    date_en: str
    extra: dict = field(default_factory=dict)  # per_point_kg, paper_kg…

    @property
    def label(self) -> str:
        return in_active_language(self, "label")

    @property
    def unit(self) -> str:
        return in_active_language(self, "unit")

    @property
    def source(self) -> str:
        return in_active_language(self, "source")

    @property
    def date(self) -> str:
        return in_active_language(self, "date")

    @property
    def is_range(self) -> bool:
        return self.low_kg != self.high_kg


@dataclass(frozen=True)
class Data:
    factors: dict[str, Factor]
    assumptions: dict
    digital: dict[str, RangedFactor] = field(default_factory=dict)

    def factor(self, key: str) -> Factor:
        return self.factors[key]


@cache
def load(directory: Path = DATA) -> Data:
    lines = (directory / "ademe-emission-factors.csv").read_text(encoding="utf-8").splitlines()
    rows = csv.DictReader(line for line in lines if not line.startswith("#"))
    factors = {
        row["key"]: Factor(
            key=row["key"],
            kind=row["kind"],
            label_fr=row["label_fr"],
            label_en=row["label_en"],
            kg=float(row["factor_kgco2e"]),
            unit=row["unit"],
            source=row["base_empreinte_doc"],
        )
        for row in rows
    }
    assumptions = tomllib.loads((directory / "assumptions.toml").read_text(encoding="utf-8"))
    return Data(factors=factors, assumptions=assumptions, digital=load_digital(directory))


RANGED_FIELDS = (
    "key",
    "label_fr",
    "label_en",
    "unit_fr",
    "unit_en",
    "kg",
    "low_kg",
    "high_kg",
    "source_fr",
    "source_en",
    "date_fr",
    "date_en",
)


def load_digital(directory: Path = DATA) -> dict[str, RangedFactor]:
    """The digital and paper factors, from digital-and-paper-factors.toml."""
    rows = tomllib.loads((directory / "digital-and-paper-factors.toml").read_text(encoding="utf-8"))["factor"]
    return {
        row["key"]: RangedFactor(
            **{name: row[name] for name in RANGED_FIELDS},
            extra={name: value for name, value in row.items() if name not in RANGED_FIELDS},
        )
        for row in rows
    }


def source_notes(directory: Path = DATA) -> list[str]:
    """The comment lines at the top of the factors file: where the numbers come from."""
    lines = (directory / "ademe-emission-factors.csv").read_text(encoding="utf-8").splitlines()
    return [line.lstrip("# ").strip() for line in lines if line.startswith("#")]
