"""Pure arithmetic of the provincial rules (appraisal.models.ProvincialRules)."""


def meeting_quorum(members, numerator, denominator):
    """Fewest members present for a valid meeting when the text says "at least numerator/denominator of
    the members" (ceil, in integers: 2/3 of 5 members is 4, of 6 is 4, of 7 is 5). None when no rule."""
    if not numerator or not denominator or members <= 0:
        return None
    return -(-members * numerator // denominator)


def ballots_required(round_minimum, members, numerator, denominator):
    """The minimum ballots of a recognition vote: the round's own minimum, raised to the provincial
    meeting quorum when the council's provincial text sets one (ballots stand for members present)."""
    quorum = meeting_quorum(members, numerator, denominator)
    return max(round_minimum, quorum) if quorum else round_minimum
