using Winnow.Data;

namespace Winnow.Quality.Pairs;

/// <summary>
/// Two responses to one prompt where <see cref="Preferred"/> is the better one (an expert revision over the
/// original, a chosen over a rejected answer). <see cref="Line"/> is where the pair starts in its file.
/// </summary>
public sealed record PreferencePair(int Line, string Instruction, string Input, string Preferred, string Other)
{
    public Sample PreferredSample(long index) => PairSamples.Alpaca(index, Instruction, Input, Preferred);

    public Sample OtherSample(long index) => PairSamples.Alpaca(index, Instruction, Input, Other);
}

/// <summary>One response with a graded quality (CaR's regression form: 1 expert-revised, 0 original).</summary>
public sealed record GradedResponse(int Line, string Instruction, string Input, string Response, double Score)
{
    public Sample ToSample(long index) => PairSamples.Alpaca(index, Instruction, Input, Response);
}

internal static class PairSamples
{
    /// <summary>An Alpaca-shaped row, joined the way the Alpaca reader joins instruction and input.</summary>
    public static Sample Alpaca(long index, string instruction, string input, string response)
    {
        var prompt = input.Length == 0 ? instruction : instruction + "\n\n" + input;
        return new Sample(index, [new Turn(Role.User, prompt), new Turn(Role.Assistant, response)], instruction, input, response);
    }
}
