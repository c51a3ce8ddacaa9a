using FsCheck;
using FsCheck.Fluent;
using Winnow.Text;

namespace Winnow.Tests.Text;

public class KneserNeyModelTests
{
    private const int A = 3, B = 4, C = 5, Bits = 21;
    private const int S = LmVocabulary.Start, E = LmVocabulary.End, Unk = LmVocabulary.Unknown;

    [Fact]
    public void ModifiedDiscountsFromCountOfCounts()
    {
        // n1..n4 = 10, 5, 3, 2: Y = 10/(10 + 2·5) = 0.5; D1 = 1 − 2·0.5·5/10 = 0.5; D2 = 2 − 3·0.5·3/5 = 1.1;
        // D3+ = 3 − 4·0.5·2/3 = 5/3.
        var d = KneserNeyDiscounts.Estimate(10, 5, 3, 2);
        Assert.Equal(0.5, d.D1, 12);
        Assert.Equal(1.1, d.D2, 12);
        Assert.Equal(5.0 / 3, d.D3, 12);
        Assert.Equal(KneserNeyDiscounts.Fallback, KneserNeyDiscounts.Estimate(4, 2, 0, 0));
    }

    [Fact]
    public void HandWorkedBigramModel()
    {
        // Corpus "a b", "a c", "b"; bigram model, discounts 0.5 / 1 / 1.5, predicted vocabulary {a, b, c, </s>, <unk>} = 5.
        // Bigram counts: <s>a 2, ab 1, b</s> 2, ac 1, c</s> 1, <s>b 1.
        // Unigram continuation counts: a 1 ({<s>}), b 2 ({a, <s>}), c 1, </s> 2 → T = 6, N1 = 2, N2 = 2;
        //   γ = (0.5·2 + 1·2)/6 = 0.5; p1(a) = 0.5/6 + 0.5/5 = 0.18333…, p1(b) = 1/6 + 0.1 = 0.26666…, p1(<unk>) = 0.1.
        // p(b | a): T(a) = 2, N1 = 2 → γ = 0.5 → (1 − 0.5)/2 + 0.5·0.26666… = 0.38333…
        // p(a | <s>): counts 2 and 1 → T = 3, γ = (0.5 + 1)/3 = 0.5 → (2 − 1)/3 + 0.5·0.18333… = 0.425
        // p(</s> | b): count 2, T = 2, γ = 0.5 → (2 − 1)/2 + 0.5·0.26666… = 0.63333…
        var builder = new KneserNeyBuilder(2, Bits);
        builder.Add([A, B]);
        builder.Add([A, C]);
        builder.Add([B]);
        var model = builder.Build(5, KneserNeyDiscounts.Fallback);
        Assert.Equal(0.5 / 6 + 0.1, P(model, A), 12);
        Assert.Equal(1.0 / 6 + 0.1, P(model, B), 12);
        Assert.Equal(0.1, P(model, Unk), 12);
        Assert.Equal(0.25 + 0.5 * (1.0 / 6 + 0.1), model.Probability([A], B), 12);
        Assert.Equal(1.0 / 3 + 0.5 * (0.5 / 6 + 0.1), model.Probability([S], A), 12);
        Assert.Equal(0.5 + 0.5 * (1.0 / 6 + 0.1), model.Probability([B], E), 12);
        var logs = model.LogProbabilities([A, B]);
        Assert.Equal(3, logs.Length);
        Assert.Equal(Math.Log(0.425), logs[0], 12);
        Assert.Equal(Math.Log(0.25 + 0.5 * (1.0 / 6 + 0.1)), logs[1], 12);
        Assert.Equal(Math.Log(0.5 + 0.5 * (1.0 / 6 + 0.1)), logs[2], 12);
    }

    /// <summary>The unigram level alone, read through a context that was never seen (so every higher order passes it through).</summary>
    private static double P(KneserNeyModel model, int word) => model.Probability([Unk], word);

    [Fact]
    public void ContextsThatBeginWithStartKeepRawCounts()
    {
        // Trigram model over "a b" twice: the bigram "<s> a" has one left context (<s>) but keeps its raw count 2.
        var builder = new KneserNeyBuilder(3, Bits);
        builder.Add([A, B]);
        builder.Add([A, B]);
        var model = builder.Build(5);
        Assert.Equal(2, model.AdjustedCount(2, NgramKey.Pack([S, A], Bits)));
        Assert.Equal(1, model.AdjustedCount(2, NgramKey.Pack([A, B], Bits)));
        Assert.Equal(1, model.AdjustedCount(1, NgramKey.Pack([B], Bits)));
    }

    [Fact]
    public void DistributionsSumToOne()
    {
        var gen = Gen.ArrayOf(Gen.ArrayOf(Gen.Choose(3, 9)).Where(a => a.Length > 0)).Where(a => a.Length > 0);
        Prop.ForAll(gen.ToArbitrary(), corpus =>
        {
            var builder = new KneserNeyBuilder(3, Bits);
            foreach (var seq in corpus)
                builder.Add(seq);
            var model = builder.Build(9); // ids 1..9 except <s> = 0 → </s>, <unk>, 3..9
            int[] predicted = [E, Unk, 3, 4, 5, 6, 7, 8, 9];
            foreach (var h in new[] { new[] { S, S }, [S, corpus[0][0]], [corpus[0][0], corpus[0][^1]], [Unk, 5], [9, 9] })
            {
                var sum = predicted.Sum(w => model.Probability(h, w));
                if (Math.Abs(sum - 1) > 1e-9)
                    return false;
            }
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void LeaveOneOutEqualsTrainingWithoutTheRow()
    {
        var gen = Gen.ArrayOf(Gen.ArrayOf(Gen.Choose(3, 8)).Where(a => a.Length > 0)).Where(a => a.Length > 1);
        Prop.ForAll(gen.ToArbitrary(), corpus =>
        {
            var full = new KneserNeyBuilder(3, Bits);
            var rest = new KneserNeyBuilder(3, Bits);
            foreach (var seq in corpus)
                full.Add(seq);
            foreach (var seq in corpus[1..])
                rest.Add(seq);
            var withRow = full.Build(8, KneserNeyDiscounts.Fallback);
            var without = rest.Build(8, KneserNeyDiscounts.Fallback);
            var overlay = KneserNeyOverlay.LeaveOut(withRow, [corpus[0]]);
            var a = withRow.LogProbabilities(corpus[0], overlay);
            var b = without.LogProbabilities(corpus[0]);
            return a.Zip(b).All(x => Math.Abs(x.First - x.Second) < 1e-12);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void LeavingOutARowNotInThePoolIsRefused()
    {
        var builder = new KneserNeyBuilder(2, Bits);
        builder.Add([A]);
        var model = builder.Build(5);
        Assert.Throws<InvalidOperationException>(() => KneserNeyOverlay.LeaveOut(model, [[B]]));
    }
}
