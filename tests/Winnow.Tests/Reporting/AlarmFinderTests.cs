using Winnow.Reporting;

namespace Winnow.Tests.Reporting;

public sealed class AlarmFinderTests
{
    private static readonly PoolRow[] Rows = [.. Enumerable.Range(0, 100).Select(i => new PoolRow(i, $"{i}-h", "prompt " + i, string.Join(' ', Enumerable.Repeat("w", 1 + i % 10)), i < 80 ? "a" : "b"))];

    private static IReadOnlyList<Alarm> Find(IReadOnlyDictionary<string, double[]> scores, IReadOnlyList<MethodView>? methods = null, IReadOnlyDictionary<string, IReadOnlyList<int>>? errors = null) =>
        AlarmFinder.Find(new ReportModelParts(Rows, methods ?? [], scores, errors ?? new Dictionary<string, IReadOnlyList<int>>(), null, []));

    [Fact]
    public void DeitaStyleConstantScoreIsAnAlarmWithItsRows()
    {
        var values = Enumerable.Range(0, 100).Select(i => i < 60 ? 3.0 : i / 10.0).ToArray();
        var alarm = Assert.Single(Find(new Dictionary<string, double[]> { ["deita.quality"] = values }));
        Assert.Contains("60 of 100 scored rows (60 %) have the same value 3", alarm.Title);
        Assert.Equal(Enumerable.Range(0, 60), alarm.Rows);
    }

    [Fact]
    public void MostlyZeroPenaltyIsNotAnAlarm()
    {
        var values = Enumerable.Range(0, 100).Select(i => i < 95 ? 0.0 : -2.0).ToArray();
        Assert.Empty(Find(new Dictionary<string, double[]> { ["default-quality.penalty"] = values }));
    }

    [Fact]
    public void IfdAboveOneOnALargeShare()
    {
        // 15 of 100 rows above 1 (> 10 %), all values distinct so no constant-score alarm.
        var values = Enumerable.Range(0, 100).Select(i => i < 15 ? 1.5 + i / 100.0 : 0.5 + i / 1000.0).ToArray();
        var alarm = Assert.Single(Find(new Dictionary<string, double[]> { ["ifd:superfiltering.ifd"] = values }));
        Assert.Contains("IFD > 1 on 15 of 100 rows", alarm.Title);
        Assert.Equal(15, alarm.Rows.Count);
    }

    [Fact]
    public void ScorerErrorsAboveOnePercent()
    {
        var errors = new Dictionary<string, IReadOnlyList<int>> { ["lexical.vocd"] = [3, 4], ["lexical.mtld"] = [5] };
        var alarm = Assert.Single(Find(new Dictionary<string, double[]>(), errors: errors));
        Assert.StartsWith("lexical.vocd: 2 scorer errors", alarm.Title);
    }

    [Fact]
    public void SelectionDominatedByOneSource()
    {
        // Pool: 80 % 'a', 20 % 'b'. A selection of the 20 'b' rows is 100 % 'b' (> 50 % and > 2 × 20 %).
        var picks = Enumerable.Range(80, 20).Select((p, r) => new MethodView.Pick(p, r, "x")).ToList();
        var method = new MethodView("m.json", null!, picks, []);
        var alarms = Find(new Dictionary<string, double[]>(), [method]);
        Assert.Contains(alarms, a => a.Title == "m.json: 100 % of the selection is source 'b' (pool: 20 %)");
    }
}
