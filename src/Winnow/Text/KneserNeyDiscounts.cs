namespace Winnow.Text;

/// <summary>
/// Modified Kneser–Ney discounts of one order (Chen and Goodman 1998): with n_i the number of n-grams whose
/// (adjusted) count is i and Y = n1/(n1 + 2 n2): D1 = 1 − 2Y n2/n1, D2 = 2 − 3Y n3/n2, D3+ = 3 − 4Y n4/n3.
/// When a count-of-counts is zero (tiny corpora) or a discount leaves [0, i], the estimate is meaningless and
/// the order falls back to KenLM's documented fallback 0.5, 1, 1.5. Every discount stays ≤ the count it applies
/// to, which is what keeps each conditional distribution summing to one.
/// </summary>
public readonly record struct KneserNeyDiscounts(double D1, double D2, double D3)
{
    public static readonly KneserNeyDiscounts Fallback = new(0.5, 1.0, 1.5);

    public static KneserNeyDiscounts Estimate(long n1, long n2, long n3, long n4)
    {
        if (n1 == 0 || n2 == 0 || n3 == 0 || n4 == 0)
            return Fallback;
        var y = (double)n1 / (n1 + 2.0 * n2);
        var d = new KneserNeyDiscounts(1 - 2 * y * n2 / n1, 2 - 3 * y * n3 / n2, 3 - 4 * y * n4 / n3);
        return d.D1 is >= 0 and <= 1 && d.D2 is >= 0 and <= 2 && d.D3 is >= 0 and <= 3 ? d : Fallback;
    }

    public double For(int count) => count switch
    {
        <= 0 => 0,
        1 => D1,
        2 => D2,
        _ => D3,
    };
}

/// <summary>Per-context totals of one order: Σ adjusted counts and how many continuations have count 1, 2 and ≥ 3.</summary>
public record struct ContextStats(int Total, int N1, int N2, int N3)
{
    public readonly ContextStats Add(int count, int sign) => count switch
    {
        <= 0 => this,
        1 => this with { Total = Total + sign, N1 = N1 + sign },
        2 => this with { Total = Total + sign * 2, N2 = N2 + sign },
        _ => this with { Total = Total + sign * count, N3 = N3 + sign },
    };
}
