"""EcoIndex (https://www.ecoindex.fr/): a page's environmental score from three measures —
DOM elements, HTTP requests and kilobytes transferred — placed on quantile scales taken
from the HTTP Archive, and weighted 3, 2 and 1. Implemented here from the published method."""

from dataclasses import dataclass

# The published reference scales (EcoIndex, "how it works").
QUANTILES_DOM = [
    0,
    47,
    75,
    159,
    233,
    298,
    358,
    417,
    476,
    537,
    603,
    674,
    753,
    843,
    949,
    1076,
    1237,
    1459,
    1801,
    2479,
    594601,
]
QUANTILES_REQUESTS = [0, 2, 15, 25, 34, 42, 49, 56, 63, 70, 78, 86, 95, 105, 117, 130, 147, 170, 205, 281, 3920]
QUANTILES_SIZE_KB = [
    0,
    1.37,
    144.7,
    319.53,
    479.46,
    631.97,
    783.38,
    937.91,
    1098.62,
    1265.47,
    1448.32,
    1648.27,
    1876.08,
    2142.06,
    2465.37,
    2866.31,
    3401.59,
    4155.73,
    5400.08,
    8037.54,
    223212.26,
]
# Lowest score of each grade.
GRADES = [("A", 80), ("B", 70), ("C", 55), ("D", 40), ("E", 25), ("F", 10), ("G", 0)]


def position(value: float, quantiles: list[float]) -> float:
    """Where `value` falls on a scale of 20 quantiles, interpolated inside its quantile."""
    for index in range(1, len(quantiles)):
        if value < quantiles[index]:
            low, high = quantiles[index - 1], quantiles[index]
            return index - 1 + (value - low) / (high - low)
    return len(quantiles) - 1


@dataclass(frozen=True)
class EcoIndex:
    dom: int
    requests: int
    size_kb: float

    @property
    def score(self) -> float:
        weighted = (
            3 * position(self.dom, QUANTILES_DOM)
            + 2 * position(self.requests, QUANTILES_REQUESTS)
            + position(self.size_kb, QUANTILES_SIZE_KB)
        )
        return max(100 - 5 * weighted / 6, 0)

    @property
    def grade(self) -> str:
        return next(grade for grade, lowest in GRADES if self.score > lowest or lowest == 0)
