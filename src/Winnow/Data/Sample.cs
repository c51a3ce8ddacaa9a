using System.Globalization;

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
    private ulong _hash;
    private volatile bool _hashed;

    public Sample(long index, IReadOnlyList<Turn> turns, string instruction, string input, string response)
    {
        Index = index;
        Turns = turns;
        Instruction = instruction;
        Input = input;
        Response = response;
        Fingerprint = ContentFingerprint.Of(turns, instruction, input, response);
    }

    /// <summary>Where the row came from in a pool of several inputs (<see cref="DatasetPool"/>): a file or folder name, or the row's own source field.</summary>
    public string Source { get; internal set; } = "";

    /// <summary>Position of the row in its source file, or in the pool of several files (0-based; array index or JSONL record number).</summary>
    public long Index { get; }

    public IReadOnlyList<Turn> Turns { get; }

    public string Instruction { get; }

    public string Input { get; }

    public string Response { get; }

    /// <summary>
    /// The first 8 bytes of SHA-256 over the row's content, big-endian (<see cref="ContentDigest"/>): stable across runs
    /// and machines. Computed on first use, unless the row took it from the pool scan (<see cref="AdoptHash"/>).
    /// </summary>
    public ulong Hash
    {
        get
        {
            if (!_hashed)
                AdoptHash(ContentDigest.Of(Turns, Instruction, Input, Response));
            return _hash;
        }
    }

    /// <summary>A cheap hash of the same content (<see cref="ContentFingerprint"/>): how a re-read row is matched to the scan's.</summary>
    internal ulong Fingerprint { get; }

    /// <summary><see cref="Hash"/> as 16 lower-case hex digits, made when asked for.</summary>
    public string ContentHash => Hash.ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>Stable row id: source index plus content hash, so a reordered or edited file never reuses a score.</summary>
    public string Id => FormatId(Index, Hash);

    /// <summary>Instruction and input joined as one user message (input after a blank line when present).</summary>
    public string Prompt => Input.Length == 0 ? Instruction : Instruction + "\n\n" + Input;

    /// <summary>Number of user/assistant exchanges (an exchange is a user turn followed by its answer).</summary>
    public int ExchangeCount => Turns.Count(t => t.Role == Role.Assistant);

    /// <summary>
    /// Sets <see cref="Hash"/>, which is otherwise computed on first use: a row read again, whose
    /// <see cref="Fingerprint"/> matches the scan's, takes the digest the scan computed. Threads that race here write
    /// the same value; the flag is written after it.
    /// </summary>
    internal void AdoptHash(ulong hash)
    {
        _hash = hash;
        _hashed = true;
    }

    /// <summary>The id (<see cref="Id"/>) of the row at <paramref name="index"/> whose <see cref="Hash"/> is <paramref name="hash"/>.</summary>
    public static string FormatId(long index, ulong hash) => string.Create(CultureInfo.InvariantCulture, $"{index}-{hash:x16}");
}
