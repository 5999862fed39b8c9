"""ICD-10 prefix ranges as people write them in the rule tables ("I60-I69", "N032-N037").

Matching itself is eligibility's (`eligibility.rules.codes.matches`: prefix without the dot, one
hashed lookup per prefix length), so a code compares the same way in both engines.
"""

from eligibility.rules.codes import matches


def span(first: str, last: str) -> tuple[str, ...]:
    """Every prefix from `first` to `last` that differs only in its trailing number:
    span("I60", "I69") -> I60 ... I69; span("N032", "N037") -> N032 ... N037."""
    stem = first.rstrip("0123456789")
    digits = len(first) - len(stem)
    if last[: len(stem)] != stem or len(last) != len(first):
        raise ValueError(f"not a range of one stem: {first}-{last}")
    return tuple(
        f"{stem}{n:0{digits}d}" for n in range(int(first[len(stem) :]), int(last[len(stem) :]) + 1)
    )


__all__ = ["matches", "span"]
