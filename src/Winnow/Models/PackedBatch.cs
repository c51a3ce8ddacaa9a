namespace Winnow.Models;

/// <summary>
/// Rows of token ids packed back to back (row r owns packed rows [RowStarts[r], RowStarts[r+1])). Packing instead of
/// right-padding means no work is spent on pads; every per-token operation is row-independent and attention runs
/// per sequence, so each row's result is what it would be alone (up to GEMM summation order).
/// </summary>
internal sealed class PackedBatch
{
    private PackedBatch(int[] ids, int[] positions, int[] rowStarts)
    {
        Ids = ids;
        Positions = positions;
        RowStarts = rowStarts;
    }

    public int[] Ids { get; }

    public int[] Positions { get; }

    public int[] RowStarts { get; }

    public int Rows => RowStarts.Length - 1;

    public int Tokens => Ids.Length;

    public int Length(int row) => RowStarts[row + 1] - RowStarts[row];

    /// <param name="positionOf">Position id of token t in a row (0-based decoders; RoBERTa offsets by the pad id).</param>
    public static PackedBatch Create(IReadOnlyList<int[]> rows, int vocab, int maxPositions, Func<int[], int, int> positionOf)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var starts = new int[rows.Count + 1];
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r] ?? throw new ArgumentException($"row {r} is null");
            starts[r + 1] = checked(starts[r] + row.Length);
        }
        var ids = new int[starts[^1]];
        var positions = new int[ids.Length];
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            for (var t = 0; t < row.Length; t++)
            {
                if ((uint)row[t] >= (uint)vocab)
                    throw new ArgumentException($"row {r} token {t}: id {row[t]} is outside the vocabulary [0, {vocab})");
                var position = positionOf(row, t);
                if (position >= maxPositions)
                    throw new ArgumentException($"row {r} has {row.Length} tokens; position {position} exceeds the model's {maxPositions} positions");
                ids[starts[r] + t] = row[t];
                positions[starts[r] + t] = position;
            }
        }
        return new PackedBatch(ids, positions, starts);
    }
}
