using Winnow.Data;
using Winnow.Pipeline;

namespace Winnow.Bench.Pipeline;

/// <summary>The generated pool of <c>select-synthetic</c>: demo-style rows with a non-empty answer, renumbered.</summary>
public static class SyntheticPool
{
    public static IEnumerable<Sample> Rows(int generated)
    {
        var (data, _) = DemoDataset.Generate(generated, seed: 1);
        return data.Where(r => r.Output.Length > 0).Select((r, i) => new Sample(
            i,
            [new Turn(Role.User, r.Input.Length == 0 ? r.Instruction : r.Instruction + "\n\n" + r.Input), new Turn(Role.Assistant, r.Output)],
            r.Instruction,
            r.Input,
            r.Output));
    }
}
