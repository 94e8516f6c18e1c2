"""The scores of the clusters acceptance test (tests/e2e/test_clusters_flow.py): eight
communes of known merit, each scorer a little above or below it in its own way, and a
colluding pair (the 3rd and 4th communes) giving each other well above the others.

``total(scorer, target)`` is the total a member gives on its sheet; ``lines(total, k)``
splits it over the default table's criteria (35, 20, 8, 6, 6, 5, 12, 8), differently for
each scorer ``k`` so no two members hand in identical sheets.
"""

MAXIMA = {"A1": 35, "A2": 20, "B1": 8, "B2": 6, "B3": 6, "C1": 5, "C2": 12, "D1": 8}
# The merit of each commune by its place in the cluster (the 3rd leads on the peers' view).
MERITS = (80, 78, 90, 84, 86, 76, 74, 72)
PAIR = (2, 3)
COLLUSION = 8  # points the pair gives each other above merit
COUNCIL = {4: 87, 0: 81}  # the Council member's totals for two communes
VERIFIED = 79  # the secretariat's verified total for the 3rd commune


def total(scorer: int, target: int) -> int:
    merit = MERITS[target]
    if scorer == target:
        return min(100, merit + 2)
    if {scorer, target} == set(PAIR):
        return min(100, merit + COLLUSION)
    return merit + ((scorer + 2 * target) % 3) - 1


def lines(value: int, k: int = 0) -> dict[str, int]:
    """A full sheet of ``value`` points: the shortfall taken from A1, and (per scorer) a
    point or two of it from B1 instead."""
    off = 100 - value
    shift = min(k % 5, off)
    points = dict(MAXIMA)
    points["A1"] = MAXIMA["A1"] - (off - shift)
    points["B1"] = MAXIMA["B1"] - shift
    return points
