using Winnow.Data;
using Winnow.Filters;

namespace Winnow.Tests.Filters;

public class ResponseFitTests
{
    private static ResponseFitFilter Filter(string maxFitRank, string selectMaxFitRank = "1") =>
        ResponseFitFilter.Create(Parameters.For<ResponseFitFilter>(new Dictionary<string, string> { ["max_fit_rank"] = maxFitRank, ["select_max_fit_rank"] = selectMaxFitRank }));

    /// <summary>Row i's words: two letters naming the row and a suffix, at most five letters, so a word is its own stem and no two rows share one.</summary>
    private static string Word(int row, string suffix) => $"{(char)('a' + row / 26)}{(char)('a' + row % 26)}{suffix}";

    /// <summary>
    /// 30 rows with disjoint vocabularies: prompt = four words of the row, response = the same four words and four more.
    /// Rows 0 and 1 get the responses of rows 30 and 31, which are not in the pool (so no other row's prompt fits them).
    /// </summary>
    private static List<Sample> DisjointPool()
    {
        var rows = new List<Sample>();
        for (var i = 0; i < 30; i++)
            rows.Add(TestRows.Alpaca(i, Prompt(i), Response(i < 2 ? i + 30 : i)));
        return rows;

        static string Prompt(int i) => string.Join(' ', new[] { "pa", "pb", "pc", "pd" }.Select(s => Word(i, s)));

        static string Response(int i) => Prompt(i) + " " + string.Join(' ', new[] { "ra", "rb", "rc", "rd" }.Select(s => Word(i, s)));
    }

    [Fact]
    public void Ranks_on_a_pool_of_disjoint_vocabularies_are_worked_out_by_hand()
    {
        // Every row has 29 references (all responses have eight words, so all pass the length band) and 10 neighbours.
        // Stems add no term (no word is longer than five letters, none has a digit). A clean row: its prompt shares all
        // its 7 terms with its response (4 words, 3 bigrams; in 2 of the 60 documents, idf ln(61/3)+1 = 4.01) and the
        // response has 8 terms of its own (idf ln(61/2)+1 = 4.42): fit 7·4.01² / (√7·4.01 · √(7·4.01² + 8·4.42²)) =
        // 0.647 from the prompt, 0 from the neighbours. A reference fits only through the neighbour term,
        // at most 1/√10 = 0.316 (ĉ is the normalised sum of 10 orthogonal unit vectors), so no reference beats it:
        // rank 0. Rows 0 and 1 hold a response whose words appear nowhere else in the pool: own fit 0; the 10
        // neighbours' responses fit better (> 0) and the other 19 tie at 0 (half each): rank (10 + 9.5) / 29 = 0.6724.
        var rows = DisjointPool();
        using var fit = new ResponseFit(new ResponseFit.Options { Threads = 2 });
        fit.Fit(() => rows, CancellationToken.None);
        var ranks = fit.Rank(rows, CancellationToken.None);
        Assert.Equal(19.5 / 29, ranks[0], 12);
        Assert.Equal(19.5 / 29, ranks[1], 12);
        Assert.All(ranks.Skip(2), r => Assert.Equal(0.0, r));
    }

    [Fact]
    public void The_filter_sets_aside_ranks_above_its_limit_as_mismatch()
    {
        var flagged = Filter("0.5").Decide(DisjointPool, CancellationToken.None).ToList();
        Assert.Equal([0L, 1L], flagged.Select(f => f.Index));
        Assert.Contains("67.2 % of the reference pool responses of similar length fit it better (limit 50 %)", flagged[0].Detail);
        // Equal printed ranks share one sentence: a large pool holds a reference a row, not a string.
        Assert.Same(flagged[0].Detail, flagged[1].Detail);
        Assert.Empty(Filter("0.7").Decide(DisjointPool, CancellationToken.None));
        Assert.Equal("mismatch", Filter("0.5").Code);
    }

    [Fact]
    public void Rows_kept_above_the_selection_limit_are_gated_out_of_the_selection()
    {
        // Rows 0 and 1 rank 0.6724 (worked out above), every other row 0.
        var filter = Filter("0.7", "0.5");
        Assert.Empty(filter.Decide(DisjointPool, CancellationToken.None));
        Assert.Equal([0L, 1L], filter.Unselectable.Keys.Order());
        Assert.Contains("fits the instruction weakly: 67.2 % of the reference pool responses of similar length fit it better (selection limit 50 %)", filter.Unselectable[0]);

        // A row set aside is not gated as well, and a limit at or above max_fit_rank gates nothing.
        var both = Filter("0.5", "0.1");
        Assert.Equal([0L, 1L], both.Decide(DisjointPool, CancellationToken.None).Select(f => f.Index));
        Assert.Empty(both.Unselectable);
        var none = Filter("0.7", "0.7");
        Assert.Empty(none.Decide(DisjointPool, CancellationToken.None));
        Assert.Empty(none.Unselectable);
    }

    [Fact]
    public void Ranks_do_not_depend_on_the_thread_count_or_on_how_rows_fall_into_search_blocks()
    {
        // 45 rows: two full blocks of 16 and a padded tail of 13; the same rows ranked one at a time must agree.
        var rows = DisjointPool().Concat(DisjointPool().Take(15).Select(r => TestRows.Alpaca(r.Index + 30, r.Instruction, r.Response))).ToList();
        using var one = new ResponseFit(new ResponseFit.Options { Threads = 1 });
        one.Fit(() => rows, CancellationToken.None);
        using var two = new ResponseFit(new ResponseFit.Options { Threads = 2 });
        two.Fit(() => rows, CancellationToken.None);
        var together = one.Rank(rows, CancellationToken.None);
        Assert.Equal(together, two.Rank(rows, CancellationToken.None));
        Assert.Equal(together, rows.Select(r => two.Rank([r], CancellationToken.None)[0]));
    }

    [Fact]
    public void Too_few_references_or_no_words_leave_a_row_alone()
    {
        // 20 rows: 19 references each, fewer than the 20 the rank needs. A response without a word has no vector.
        var rows = DisjointPool().Take(20).ToList();
        rows.Add(TestRows.Alpaca(20, "zzpa zzpb", "!!!"));
        using var fit = new ResponseFit(new ResponseFit.Options { Threads = 1 });
        fit.Fit(() => rows, CancellationToken.None);
        var ranks = fit.Rank(rows, CancellationToken.None);
        Assert.All(ranks.Take(20), r => Assert.True(double.IsNaN(r)));
        Assert.True(double.IsNaN(ranks[20]));
    }

    [Fact]
    public void Stems_cut_words_to_five_characters_and_make_digits_zero()
    {
        Assert.Equal("India cuisi 0000 ", ResponseFit.Stems("Indian cuisine 1708!"));
        Assert.Equal(" 00 000 ab", ResponseFit.Stems(" 47.225 ab"));
        Assert.Equal(3, ResponseFit.Words("one, two-3"));
    }

    /// <summary>What <see cref="ResponseFit.Terms"/> gave before it hashed the stems in the text's own scan: two scans, sorted, distinct.</summary>
    private static List<int> TermsOfTwoScans(string text)
    {
        var buckets = new List<int>();
        Winnow.Embedding.HashedTerms.Collect(text, 18, buckets);
        Winnow.Embedding.HashedTerms.Collect(ResponseFit.Stems(text), 18, buckets);
        return [.. buckets.Distinct().Order()];
    }

    [Theory]
    [InlineData("Indian cuisine 1708! Add 763 and 945.")]
    [InlineData("Ünïcödé ÀÉÎ straße ΣΊΣΥΦΟΣ İstanbul ªµº")]
    [InlineData("हिन्दी भाषा 中文分词 日本語 ٣٤٥ Ⅻ")]
    [InlineData("emoji 😀 between 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 words, e\u0301te")]
    [InlineData("lone \ud800 surrogate \udc00 and cafe\u0301s")]
    [InlineData("")]
    public void Terms_hash_the_stems_in_the_texts_own_scan_as_two_scans_did(string text)
    {
        var buckets = new List<int>();
        ResponseFit.Terms(text, buckets);
        Assert.Equal(TermsOfTwoScans(text), buckets);
    }

    [Fact]
    public void Terms_of_random_mixed_script_texts_are_those_of_two_scans()
    {
        // Pieces where the two scans' word rules differ: combining marks (in a word, not in a stem), letters outside the
        // BMP (one rune, two non-letters), lone surrogates, non-ASCII digits and letters whose lower case is longer.
        string[] pieces = ["a", "Zq", "9", "12345678", "abcdefgh", " ", "-", ".", "_", "\n", "Ä", "ß", "İ", "Σ", "\u0301", "क", "\u093F",
            "٣", "中", "😀", "𝔘", "\ud800", "\udc00", "ª", "µ", "Ⅻ", "ǅ", "ʰ"];
        var random = new Random(11);
        for (var trial = 0; trial < 2000; trial++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(0, 24)).Select(_ => pieces[random.Next(pieces.Length)]));
            var buckets = new List<int>();
            ResponseFit.Terms(text, buckets);
            Assert.True(TermsOfTwoScans(text).SequenceEqual(buckets), $"trial {trial}: {string.Join(" ", text.Select(c => ((int)c).ToString("x4")))}");
        }
    }

    [Fact]
    public void A_number_matches_another_number_of_the_same_shape()
    {
        var one = new List<int>();
        var other = new List<int>();
        ResponseFit.Terms("1708", one);
        ResponseFit.Terms("2045", other);
        Assert.Single(one.Intersect(other));
        Assert.Equal(2, one.Count);
    }

    [SharedFact]
    public void Flags_swapped_responses_on_real_rows_far_more_often_than_untouched_ones()
    {
        // 1,200 Alpaca rows, 40 of them in 20 pairs that exchange responses (the rows the mismatch test uses).
        var rows = DatasetReader.Read(TestPaths.Data("alpaca_cherry_5pct.json")).Take(1200).Select(o => o.Sample!).ToList();
        var swapped = Enumerable.Range(0, 40).Select(i => i * 29).ToArray();
        for (var k = 0; k < swapped.Length; k += 2)
        {
            var (a, b) = (rows[swapped[k]], rows[swapped[k + 1]]);
            rows[swapped[k]] = TestRows.Alpaca(a.Index, a.Instruction, b.Response, a.Input);
            rows[swapped[k + 1]] = TestRows.Alpaca(b.Index, b.Instruction, a.Response, b.Input);
        }
        var flagged = Filter("0.5").Decide(() => rows, CancellationToken.None).Select(f => f.Index).ToHashSet();
        var hits = swapped.Count(i => flagged.Contains(i));
        var falseAlarms = flagged.Count - hits;
        var message = $"{hits} of {swapped.Length} swapped vs {falseAlarms} of {rows.Count - swapped.Length} untouched rows flagged";
        Assert.True(hits >= 12, message);
        Assert.True(falseAlarms <= 0.05 * (rows.Count - swapped.Length), message);
    }
}
