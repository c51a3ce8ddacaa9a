using System.Collections.ObjectModel;
using Winnow.Data;
using Winnow.Filters;
using Winnow.Pipeline;
using Winnow.Selection;

namespace Winnow.Tests.Pipeline;

public sealed class SelectionGatesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-gates-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Sets nothing aside and gates the listed rows (source indices).</summary>
    private sealed class Gate(params long[] indices) : ISelectionGate
    {
        public string Name => "gate";

        public string Code => "gated";

        public IReadOnlyDictionary<string, string> Settings => ReadOnlyDictionary<string, string>.Empty;

        public string Describe() => "test";

        public IReadOnlyDictionary<long, string> Unselectable { get; private set; } = indices.ToDictionary(i => i, i => $"gated {i}");

        public void Restore(IEnumerable<KeyValuePair<long, string>> unselectable) => Unselectable = unselectable.ToDictionary();
    }

    /// <summary>Six rows, of which source row 2 was set aside by a filter: usable rows 0–4 are source rows 0, 1, 3, 4, 5.</summary>
    private PoolScan Scan()
    {
        var path = Path.Combine(_dir, "pool.jsonl");
        SampleFileWriter.WriteAlpaca(path, Enumerable.Range(0, 6).Select(i => TestRows.Alpaca(i, $"question {i}", $"answer {i}")), DatasetLayout.JsonLines);
        var scan = PoolScan.Run(DatasetPool.Of(path), new DatasetReadOptions(), OnErrorPolicy.Fail, null, null, CancellationToken.None);
        return scan.Without(new Dictionary<long, (string, string)> { [2] = ("mismatch", "set aside") });
    }

    [Fact]
    public void Gated_rows_lose_their_scores_for_the_selection_and_get_the_gates_reason()
    {
        // Source rows 3 and 5 are usable rows 2 and 4; source row 2 was set aside, so its gate entry has no row.
        var gates = SelectionGates.Of([new Gate(3, 5, 2)], Scan());
        Assert.Equal(2, gates.Count);
        var columns = new Dictionary<string, double[]> { ["s"] = [1, 2, 3, 4, 5] };
        var hidden = gates.Hide(columns);
        Assert.Equal([1, 2, double.NaN, 4, double.NaN], hidden["s"]);
        Assert.Equal([1.0, 2, 3, 4, 5], columns["s"]);

        var selection = new SelectionResult(
            [new Pick(3, 0, "top"), new Pick(1, 1, "top")],
            [new Rejection(0, "below"), new Rejection(2, "score missing"), new Rejection(4, "score missing")]);
        var explained = gates.Explain(selection);
        Assert.Equal(selection.Selected, explained.Selected);
        Assert.Equal(["below", "not selectable: gated 3", "not selectable: gated 5"], explained.Rejected.Select(r => r.Reason));
    }

    [Fact]
    public void A_gated_row_picked_by_a_selector_that_ignores_scores_is_dropped_with_the_gates_reason()
    {
        var gates = SelectionGates.Of([new Gate(3)], Scan());
        var selection = new SelectionResult([new Pick(0, 0, "random"), new Pick(2, 1, "random"), new Pick(4, 2, "random")], [new Rejection(1, "not drawn"), new Rejection(3, "not drawn")]);
        var explained = gates.Explain(selection);
        Assert.Equal([(0, 0), (4, 1)], explained.Selected.Select(p => (p.Row, p.Rank)));
        Assert.Equal([(2, "not selectable: gated 3"), (1, "not drawn"), (3, "not drawn")], explained.Rejected.Select(r => (r.Row, r.Reason)));
    }

    [Fact]
    public void No_gate_changes_nothing()
    {
        var none = SelectionGates.Of([], Scan());
        var columns = new Dictionary<string, double[]> { ["s"] = [1, 2, 3, 4, 5] };
        var selection = new SelectionResult([new Pick(2, 0, "top")], [new Rejection(0, "below")]);
        Assert.Same(columns, none.Hide(columns));
        Assert.Same(selection, none.Explain(selection));
    }
}
