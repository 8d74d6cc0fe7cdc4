"""Each cycle's statement by an expert: available or not, how many nominations they can
take, and their standing interests (organisations they work for, advise or own a share
of), confirmed before they score. Automatic assignment treats the interests as conflicts
(judging.conflicts)."""

from judging.models import CycleStatement


def attach_interests(judges, cycle_id):
    """Leaves on each JudgeProfile of `judges` its statement for the cycle
    (`cycle_statement`, or None) and the organisations it named
    (`standing_interests`, a list of names, empty without a statement), in two queries."""
    judges = list(judges)
    statements = {
        statement.judge_id: statement
        for statement in CycleStatement.objects.filter(cycle_id=cycle_id, judge__in=[j.pk for j in judges])
        .prefetch_related("interests")
        .order_by()
    }
    for judge in judges:
        statement = statements.get(judge.pk)
        judge.cycle_statement = statement
        judge.standing_interests = [i.organisation for i in statement.interests.all()] if statement else []
    return judges
