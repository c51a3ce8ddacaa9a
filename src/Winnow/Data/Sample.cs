using System.Security.Cryptography;
using System.Text;

namespace Winnow.Data;

/// <summary>
/// One instruction-tuning row, whatever format it was read from. <see cref="Turns"/> holds the whole
/// conversation (optional system turn, then user/assistant turns in order); <see cref="Instruction"/>,
/// <see cref="Input"/> and <see cref="Response"/> are the first exchange split the way single-turn methods
/// (Cherry IFD, Superfiltering, CaR) need it. For Alpaca rows <see cref="Input"/> is the <c>input</c> field;
/// for every other format it is empty and the first user message is the instruction.
/// </summary>
public sealed class Sample
{
    public Sample(long index, IReadOnlyList<Turn> turns, string instruction, string input, string response)
    {
        Index = index;
        Turns = turns;
        Instruction = instruction;
        Input = input;
        Response = response;
        ContentHash = ComputeHash(turns, instruction, input, response);
    }

    /// <summary>Where the row came from in a pool of several inputs (<see cref="DatasetPool"/>): a file or folder name, or the row's own source field.</summary>
    public string Source { get; internal set; } = "";

    /// <summary>Position of the row in its source file, or in the pool of several files (0-based; array index or JSONL record number).</summary>
    public long Index { get; }

    public IReadOnlyList<Turn> Turns { get; }

    public string Instruction { get; }

    public string Input { get; }

    public string Response { get; }

    /// <summary>First 16 hex digits of SHA-256 over the row's content: stable across runs and machines.</summary>
    public string ContentHash { get; }

    /// <summary>Stable row id: source index plus content hash, so a reordered or edited file never reuses a score.</summary>
    public string Id => $"{Index}-{ContentHash}";

    /// <summary>Instruction and input joined as one user message (input after a blank line when present).</summary>
    public string Prompt => Input.Length == 0 ? Instruction : Instruction + "\n\n" + Input;

    /// <summary>Number of user/assistant exchanges (an exchange is a user turn followed by its answer).</summary>
    public int ExchangeCount => Turns.Count(t => t.Role == Role.Assistant);

    private static string ComputeHash(IReadOnlyList<Turn> turns, string instruction, string input, string response)
    {
        var builder = new StringBuilder();
        builder.Append("I\0").Append(instruction).Append("\0N\0").Append(input).Append("\0R\0").Append(response).Append('\0');
        foreach (var turn in turns)
            builder.Append((int)turn.Role).Append('\0').Append(turn.Text).Append('\0');
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString()), digest);
        return Convert.ToHexStringLower(digest[..8]);
    }
}
