using Winnow.Selection;
using Winnow.Tests.Selection.Selectors;

namespace Winnow.Tests.Selection;

/// <summary>Golden cases of the source floor on hand-made pools; every expected number is worked out in the comments.</summary>
public class SourceFloorTests
{
    // Rows 0–7 are source A, rows 8–11 source B; nothing was removed before selection (read = usable).
    private static readonly string[] Sources = ["A", "A", "A", "A", "A", "A", "A", "A", "B", "B", "B", "B"];
    private static readonly Dictionary<string, int> Read = new() { ["A"] = 8, ["B"] = 4 };
    private static readonly double[] Scores = [10, 9, 8, 7, 6, 5, 4, 3, 1.0, 2.5, 0.5, 2.0];

    /// <summary>A selection of <paramref name="rows"/> in that order, every other row rejected.</summary>
    private static SelectionResult Selection(params int[] rows) => new(
        rows.Select((row, rank) => new Pick(row, rank, $"pick {rank}")).ToList(),
        Enumerable.Range(0, Sources.Length).Where(r => !rows.Contains(r)).Select(r => new Rejection(r, "below")).ToList());

    [Fact]
    public void AnEmptySourceTakesItsBestRowInPlaceOfTheLowestScoredSurplusPick()
    {
        // Six picks, all of A. B is 4/12 of the pool: floor ⌈(1/3)·(4/12)·6⌉ = ⌈0.667⌉ = 1. A: ⌈(1/3)·(8/12)·6⌉ = 2.
        // The lowest-scored surplus pick is row 5 (score 5); B's best row is row 9 (score 2.5).
        var (result, outcomes) = new SourceFloor().Apply(Selection(0, 1, 2, 3, 4, 5), Sources, Read, Scores, "q");
        Assert.Equal([0, 1, 2, 3, 4, 9], result.Selected.Select(p => p.Row));
        Assert.Equal([0, 1, 2, 3, 4, 5], result.Selected.Select(p => p.Rank));
        Assert.Equal("pick 4", result.Selected[4].Reason);
        Assert.Equal("source floor: best-ranked remaining row of B by q (2.5); the source is 33.3 % of the usable pool, floor 1 of 6 rows", result.Selected[5].Reason);
        var given = Assert.Single(result.Rejected, r => r.Row == 5);
        Assert.Equal("source floor: gave its place to row 9 of B (was rank 5: pick 5)", given.Reason);
        Assert.Equal(Sources.Length - 6, result.Rejected.Count);
        Assert.DoesNotContain(result.Rejected, r => r.Row == 9);
        Assert.Equal([new SourceFloorOutcome("A", 2, 0, 1), new SourceFloorOutcome("B", 1, 1, 0)], outcomes);
    }

    [Fact]
    public void PicksMadeForCoverageAreGivenUpLast()
    {
        // As above, but rows 4 and 5 were chosen for coverage (a cluster's best row): B's floor of 1 takes the
        // lowest-scored pick that covers nothing, row 3 (score 7), although rows 4 and 5 score lower.
        var selection = Selection(0, 1, 2, 3, 4, 5);
        selection = selection with { Selected = [.. selection.Selected.Select(p => p with { Covers = p.Row >= 4 })] };
        var (result, _) = new SourceFloor().Apply(selection, Sources, Read, Scores, "q");
        Assert.Equal([0, 1, 2, 4, 5, 9], result.Selected.Select(p => p.Row));
        Assert.Equal([false, false, false, true, true, false], result.Selected.Select(p => p.Covers));
        Assert.Equal("source floor: gave its place to row 9 of B (was rank 3: pick 3)", Assert.Single(result.Rejected, r => r.Row == 3).Reason);
    }

    [Fact]
    public void DeitasPickThatStandsForANearDuplicateIsGivenUpAfterOneThatStandsAlone()
    {
        // Deita, budget 3, visits rows by score: row 0 (A, 5, at 0°) admitted; row 1 (A, 4, at 90°) admitted; row 2
        // (A, 3, at 85°: cosine 0.9962 to row 1) rejected as its near-duplicate; row 3 (B, 2, at 180°) admitted, budget
        // full. Picks [0, 1, 3], Covers [false, true, false]; rows 4 and 5 (source C) are not reached.
        // Floors (all sources ≥ 10 % of the 6 rows): C ⌈(1/3)·(2/6)·3⌉ = 1 with none held; A ⌈(1/3)·(3/6)·3⌉ = 1 with 2
        // held (one surplus pick); B ⌈(1/3)·(1/6)·3⌉ = 1 with 1 held (none). By score alone row 1 (4) would go; as a
        // coverage pick it goes after row 0 (5), which makes way for C's best row 4.
        var angles = new[] { 0.0, 90, 85, 180, 270, 225 };
        var embeddings = Pools.Matrix([.. angles.Select(a => new[] { (float)Math.Cos(a * Math.PI / 180), (float)Math.Sin(a * Math.PI / 180) })]);
        double[] scores = [5, 4, 3, 2, 1, 0.5];
        var context = Pools.Context(6, embeddings, columns: ("q", scores));
        var deita = Pools.Create("deita", ("column", "q")).Select(context, 3, CancellationToken.None);
        Assert.Equal([0, 1, 3], Pools.Rows(deita));
        Assert.Equal([false, true, false], deita.Selected.Select(p => p.Covers));
        string[] sources = ["A", "A", "A", "B", "C", "C"];
        var read = new Dictionary<string, int> { ["A"] = 3, ["B"] = 1, ["C"] = 2 };
        Assert.Equal([1, 3, 4], new SourceFloor().Apply(deita, sources, read, scores, "q").Selection.Selected.Select(p => p.Row));
        var unmarked = deita with { Selected = [.. deita.Selected.Select(p => p with { Covers = false })] };
        Assert.Equal([0, 3, 4], new SourceFloor().Apply(unmarked, sources, read, scores, "q").Selection.Selected.Select(p => p.Row));
    }

    [Fact]
    public void ASourceAtItsFloorLeavesTheSelectionUnchanged()
    {
        // Nine picks, one of B: B's floor ⌈(1/3)·(4/12)·9⌉ = ⌈1⌉ = 1 is met; A's is ⌈(1/3)·(8/12)·9⌉ = ⌈2⌉ = 2.
        var selection = Selection(0, 1, 2, 3, 4, 5, 6, 7, 9);
        var (result, outcomes) = new SourceFloor().Apply(selection, Sources, Read, Scores, "q");
        Assert.Same(selection, result);
        Assert.Equal([new SourceFloorOutcome("A", 2, 0, 0), new SourceFloorOutcome("B", 1, 0, 0)], outcomes);
    }

    [Fact]
    public void TheFloorNeverPushesAnotherSourceBelowItsOwn()
    {
        // With fraction 1, A's floor is ⌈(8/12)·6⌉ = 4 and B's ⌈(4/12)·6⌉ = 2. The six picks are A rows 0–5, so only
        // two are surplus (rows 5 then 4, lowest scores first); B takes rows 9 and 11 (scores 2.5 and 2.0).
        var floor = new SourceFloor { Fraction = 1 };
        var (result, outcomes) = floor.Apply(Selection(0, 1, 2, 3, 4, 5), Sources, Read, Scores, "q");
        Assert.Equal([0, 1, 2, 3, 9, 11], result.Selected.Select(p => p.Row));
        Assert.Equal([new SourceFloorOutcome("A", 4, 0, 2), new SourceFloorOutcome("B", 2, 2, 0)], outcomes);
    }

    [Fact]
    public void WithoutSurplusPicksTheFloorStaysUnmetAndSaysSo()
    {
        // Two picks, both of A; fraction 1: A's floor ⌈(8/12)·2⌉ = 2 leaves no surplus, B's floor ⌈(4/12)·2⌉ = 1 is unmet.
        var (result, outcomes) = new SourceFloor { Fraction = 1 }.Apply(Selection(0, 1), Sources, Read, Scores, "q");
        Assert.Equal([0, 1], result.Selected.Select(p => p.Row));
        Assert.Equal([new SourceFloorOutcome("A", 2, 0, 0), new SourceFloorOutcome("B", 1, 0, 0)], outcomes);
    }

    [Fact]
    public void ASmallSourceIsNotProtectedAndRowsWithoutAScoreAreNeverBroughtIn()
    {
        // Rows 0–9 are A, rows 10–11 C. C is 2/12 = 16.7 % of the rows read, so it qualifies at 10 % but not at 20 %.
        string[] sources = ["A", "A", "A", "A", "A", "A", "A", "A", "A", "A", "C", "C"];
        var read = new Dictionary<string, int> { ["A"] = 10, ["C"] = 2 };
        double[] scores = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1, double.NaN, 0.5];
        var selection = new SelectionResult(
            Enumerable.Range(0, 6).Select(r => new Pick(r, r, "top")).ToList(),
            Enumerable.Range(6, 6).Select(r => new Rejection(r, "below")).ToList());
        var (unprotected, none) = new SourceFloor { MinPoolShare = 0.2 }.Apply(selection, sources, read, scores, "q");
        Assert.Same(selection, unprotected);
        Assert.Equal(0, none.Single(o => o.Source == "C").Floor);
        // At 10 %, C's floor is ⌈(1/3)·(2/12)·6⌉ = 1: row 10 has no score, so row 11 comes in for row 5.
        var (result, _) = new SourceFloor().Apply(selection, sources, read, scores, "q");
        Assert.Equal([0, 1, 2, 3, 4, 11], result.Selected.Select(p => p.Row));
    }

    [Fact]
    public void RowsRemovedByNamedDecisionsLowerTheFloorButNotTheQualification()
    {
        // B read 6 rows (6/14 of the pool read), but named decisions left 1 of them: its floor is set on the usable
        // pool, min(1, ⌈(1/3)·(1/9)·6⌉ = 1) = 1, and it qualifies by the rows read. A: ⌈(1/3)·(8/9)·6⌉ = 2.
        string[] sources = ["A", "A", "A", "A", "A", "A", "A", "A", "B"];
        var read = new Dictionary<string, int> { ["A"] = 8, ["B"] = 6 };
        double[] scores = [8, 7, 6, 5, 4, 3, 2, 1, 0];
        var selection = new SelectionResult(
            Enumerable.Range(0, 6).Select(r => new Pick(r, r, "top")).ToList(),
            Enumerable.Range(6, 3).Select(r => new Rejection(r, "below")).ToList());
        var (result, outcomes) = new SourceFloor().Apply(selection, sources, read, scores, "q");
        Assert.Equal([0, 1, 2, 3, 4, 8], result.Selected.Select(p => p.Row));
        Assert.Equal([new SourceFloorOutcome("A", 2, 0, 1), new SourceFloorOutcome("B", 1, 1, 0)], outcomes);
    }

    [Fact]
    public void WithoutAColumnRowsComeInPoolOrderAndTheSelectorsLastPicksGoFirst()
    {
        // No scores: B's first row in pool order (row 8) replaces the selector's last pick (rank 5, row 0).
        var (result, _) = new SourceFloor().Apply(Selection(5, 4, 3, 2, 1, 0), Sources, Read, null, "pool order");
        Assert.Equal([5, 4, 3, 2, 1, 8], result.Selected.Select(p => p.Row));
        Assert.StartsWith("source floor: best-ranked remaining row of B by pool order; ", result.Selected[5].Reason);
    }

    [Theory]
    [InlineData(0, 0.3)]
    [InlineData(0.1, 0)]
    [InlineData(1.5, 0.3)]
    public void SettingsOutOfRangeAreErrors(double minPoolShare, double fraction) =>
        Assert.Contains("source_floor", Assert.Throws<ArgumentException>(() => new SourceFloor { MinPoolShare = minPoolShare, Fraction = fraction }.Validate("r.yaml")).Message);
}
