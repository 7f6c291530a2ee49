"""Emission factors and assumptions, read from the data files in `footprint/data/`.

Numbers live in those files, never in code: a new edition of ADEME's factors is a data
change."""

import csv
import tomllib
from dataclasses import dataclass
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
class Data:
    factors: dict[str, Factor]
    assumptions: dict

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
    return Data(factors=factors, assumptions=assumptions)


def source_notes(directory: Path = DATA) -> list[str]:
    """The comment lines at the top of the factors file: where the numbers come from."""
    lines = (directory / "ademe-emission-factors.csv").read_text(encoding="utf-8").splitlines()
    return [line.lstrip("# ").strip() for line in lines if line.startswith("#")]
