"""Near-duplicate detection (groundwork for issue 7): a wire story on three sites, different stories."""

from __future__ import annotations

from cleanwire.memory.duplicates import NearDuplicates

WIRE = ("BERLIN (Reuters) - Germany's parliament on Thursday approved a package of measures to speed up the "
        "construction of wind farms and power lines, as the government seeks to cut its reliance on imported gas. "
        "The measures, which still need the approval of the upper house, shorten planning procedures and set "
        "binding targets for the states to designate land for onshore wind turbines by the end of the decade.")
OTHER = ("The city council of Example Town met on Tuesday to discuss next year's budget for schools and roads, "
         "and agreed after a long debate to postpone the decision on the new swimming pool until the spring.")


def test_wire_story_on_three_sites_is_two_duplicates() -> None:
    nd = NearDuplicates()
    marks = []
    for site, text in (("a", WIRE), ("b", WIRE + " Reporting by Jane Doe."), ("c", "Updated. " + WIRE)):
        marks.append(nd.find(site, text))
        nd.add(site, text)
    assert marks[0] is None
    assert marks[1] is not None and marks[1][0] == "a" and marks[1][1] >= 0.8
    assert marks[2] is not None and marks[2][0] in ("a", "b")


def test_different_stories_are_not_duplicates_and_memory_is_bounded() -> None:
    nd = NearDuplicates(memory=3)
    nd.add("w", WIRE)
    assert nd.find("o", OTHER) is None
    for i in range(5):
        nd.add(f"x{i}", f"{OTHER} Item {i} " * 3)
    assert len(nd.signatures) == 3 and "w" not in nd.signatures
    assert all("w" not in ids for ids in nd.buckets.values())
