"""A one-to-one assignment of maximum total weight (the Hungarian method, Kuhn and Munkres).

Used to choose which old item is which new item over a whole group at once, so a pair that
scores a little higher cannot take an item from a pairing that is better as a whole. The
lists a manual holds are short (tens of items), so the O(n²·m) method in plain Python costs
less than importing a numerical library would. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence

_INFINITY = float("inf")


def assign(weights: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """The (row, column) pairs of positive weight in an assignment of maximum total weight.

    A weight of zero or less is no edge: such pairs are never returned. Ties are broken the
    same way every time, so the same weights always give the same pairs.
    """
    rows = len(weights)
    columns = len(weights[0]) if rows else 0
    if not rows or not columns:
        return []
    if rows > columns:
        flipped = [[weights[i][j] for i in range(rows)] for j in range(columns)]
        return sorted((i, j) for j, i in assign(flipped))
    cost = [[-max(w, 0.0) for w in row] for row in weights]
    return [(i, j) for i, j in _hungarian(cost, rows, columns) if weights[i][j] > 0]


def _hungarian(cost: list[list[float]], rows: int, columns: int) -> list[tuple[int, int]]:
    """A minimum-cost assignment of every row (rows <= columns), by shortest augmenting paths."""
    u = [0.0] * (rows + 1)
    v = [0.0] * (columns + 1)
    owner = [0] * (columns + 1)  # the row (1-based) holding each column; 0 for none
    way = [0] * (columns + 1)
    for row in range(1, rows + 1):
        owner[0] = row
        column = 0
        least = [_INFINITY] * (columns + 1)
        used = [False] * (columns + 1)
        while True:
            used[column] = True
            current, delta, nearest = owner[column], _INFINITY, 0
            costs = cost[current - 1]
            for j in range(1, columns + 1):
                if not used[j]:
                    reduced = costs[j - 1] - u[current] - v[j]
                    if reduced < least[j]:
                        least[j], way[j] = reduced, column
                    if least[j] < delta:
                        delta, nearest = least[j], j
            for j in range(columns + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    least[j] -= delta
            column = nearest
            if owner[column] == 0:
                break
        while column:
            previous = way[column]
            owner[column] = owner[previous]
            column = previous
    return sorted((owner[j] - 1, j - 1) for j in range(1, columns + 1) if owner[j])
