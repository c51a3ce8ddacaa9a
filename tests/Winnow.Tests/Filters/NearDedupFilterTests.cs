using Winnow.Data;
using Winnow.Filters;
using Winnow.Text;

namespace Winnow.Tests.Filters;

public class NearDedupFilterTests
{
    private static NearDedupFilter Filter(Dictionary<string, string>? settings = null) =>
        NearDedupFilter.Create(Parameters.For<NearDedupFilter>(settings ?? []));

    private static Dictionary<long, string> Decide(NearDedupFilter filter, IReadOnlyList<Sample> rows) =>
        filter.Decide(() => rows, CancellationToken.None).ToDictionary(d => d.Index, d => d.Detail);

    private static string Words(int from, int to) => string.Join(' ', Enumerable.Range(from, to - from + 1).Select(i => $"w{i}"));

    [Fact]
    public void Near_duplicates_collapse_to_the_smallest_index_with_their_jaccard()
    {
        var answer = string.Join(' ', Enumerable.Range(0, 80).Select(i => $"token{i}"));
        var decisions = Decide(Filter(), [
            TestRows.Alpaca(0, "Describe the list", answer),
            TestRows.Alpaca(1, "Something unrelated", "a completely different reply about gardening and weather today"),
            TestRows.Alpaca(2, "Describe the list", answer + " extra"),
            TestRows.Alpaca(3, "Describe the list", answer),
        ]);
        Assert.Equal([2, 3], decisions.Keys.Order());
        Assert.Contains("near-duplicate of row 0", decisions[2]);
        Assert.Contains("near-duplicate of row 0 (word-bigram Jaccard 1.000", decisions[3]);
    }

    /// <summary>
    /// Hand-made rows, Jaccard of their word-bigram sets counted by hand ("list w0 … w100" has 101 bigrams; shifting
    /// the words by 6 shares 94 of 108): row 2 repeats row 0 plus a word (101 / 102 = 0.990), row 3 is row 0 shifted by
    /// 6 (0.870 with row 0, 0.862 with row 2), row 4 shifted by 12 (0.772 with row 0, 0.870 with row 3). At 0.85, row 3
    /// joins row 0; row 4 is kept, because its only near-copy (row 3) was itself set aside; row 5 has no words, so no
    /// bigram, and is nobody's candidate; row 6 repeats row 4, the kept one.
    /// </summary>
    [Fact]
    public void A_row_joins_its_first_kept_candidate_and_a_copy_of_a_set_aside_row_stays()
    {
        var decisions = Decide(Filter(new() { ["threshold"] = "0.85" }), [
            TestRows.Alpaca(10, "List", Words(0, 100)),
            TestRows.Alpaca(11, "Plant", string.Join(' ', Enumerable.Range(0, 41).Select(i => $"g{i}"))),
            TestRows.Alpaca(12, "List", Words(0, 100) + " extra"),
            TestRows.Alpaca(13, "List", Words(6, 106)),
            TestRows.Alpaca(14, "List", Words(12, 112)),
            TestRows.Alpaca(15, "", ""),
            TestRows.Alpaca(16, "List", Words(12, 112)),
        ]);
        Assert.Equal(new Dictionary<long, string>
        {
            [12] = "near-duplicate of row 10 (word-bigram Jaccard 0.990 ≥ 0.85)",
            [13] = "near-duplicate of row 10 (word-bigram Jaccard 0.870 ≥ 0.85)",
            [16] = "near-duplicate of row 14 (word-bigram Jaccard 1.000 ≥ 0.85)",
        }, decisions);
    }

    /// <summary>
    /// The two-pass filter against its simple twin: every row compared, in pool order, with every earlier kept row
    /// that shares a band key, smallest first, the one-pass rule it replaced. Rows: 300 texts with chains and groups
    /// of near-copies (a copy of a copy, several copies of one row, exact repeats) at Jaccard around the threshold.
    /// </summary>
    [Fact]
    public void Two_passes_decide_as_checking_every_row_against_its_earlier_candidates()
    {
        var random = new Random(7);
        var rows = new List<Sample>();
        for (var i = 0; i < 300; i++)
        {
            string response;
            if (i < 20 || random.Next(3) == 0)
                response = string.Join(' ', Enumerable.Range(0, 20 + random.Next(60)).Select(_ => $"v{random.Next(400)}"));
            else
            {
                var words = rows[random.Next(rows.Count)].Response.Split(' ').ToList();
                for (var edits = random.Next(4); edits > 0; edits--)
                    words[random.Next(words.Count)] = $"e{random.Next(1000)}";
                response = string.Join(' ', words);
            }
            rows.Add(TestRows.Alpaca(i, "Task", response));
        }
        foreach (var threshold in new[] { 0.6, 0.8, 0.9 })
        {
            var settings = new Dictionary<string, string> { ["threshold"] = threshold.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            var decisions = Decide(Filter(settings), rows);
            var bands = MinHashLsh.BandsFor(threshold, 128);
            Assert.Equal(OneByOne(rows, threshold, new MinHashLsh(128, bands, 0)), decisions);
            Assert.InRange(decisions.Count, 20, 280);
        }
    }

    private static Dictionary<long, string> OneByOne(List<Sample> rows, double threshold, MinHashLsh lsh)
    {
        var shingles = rows.Select(r => MinHashLsh.Shingles(r.Instruction + " " + r.Response)).ToList();
        var keys = shingles.Select(s =>
        {
            var k = new ulong[lsh.Bands];
            lsh.BandKeys(s, k);
            return k;
        }).ToList();
        var decisions = new Dictionary<long, string>();
        for (var row = 0; row < rows.Count; row++)
        {
            for (var earlier = 0; earlier < row; earlier++)
            {
                if (decisions.ContainsKey(rows[earlier].Index) || !keys[row].Where((k, b) => keys[earlier][b] == k).Any())
                    continue;
                var jaccard = MinHashLsh.Jaccard(shingles[earlier], shingles[row]);
                if (jaccard >= threshold)
                {
                    decisions[rows[row].Index] = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"near-duplicate of row {rows[earlier].Index} (word-bigram Jaccard {jaccard:F3} ≥ {threshold})");
                    break;
                }
            }
        }
        return decisions;
    }

    [Fact]
    public void Bands_are_chosen_from_the_threshold_unless_given()
    {
        Assert.Equal("16", Filter(new() { ["threshold"] = "0.9" }).Settings["bands"]);
        Assert.Equal("64", Filter(new() { ["threshold"] = "0.5" }).Settings["bands"]);
        Assert.Equal("16", Filter(new() { ["threshold"] = "0.5", ["bands"] = "16" }).Settings["bands"]);
        Assert.Contains("16 bands of 8: a pair at the threshold is compared with probability 0.9999", Filter(new() { ["threshold"] = "0.9" }).Describe());
    }

    [Fact]
    public void Permutations_must_be_a_multiple_of_bands()
    {
        var error = Assert.Throws<ArgumentException>(() => Filter(new() { ["permutations"] = "100", ["bands"] = "16" }));
        Assert.Contains("multiple of bands", error.Message);
    }

    [Fact]
    public void With_the_input_rows_that_differ_only_in_their_input_are_not_duplicates()
    {
        // Same instruction and answer, different input: SCAR's text (instruction + response) sees one row twice.
        Sample[] rows =
        [
            TestRows.Alpaca(0, "Sort these words alphabetically.", "fig, kiwi, pear", "pear, fig, kiwi"),
            TestRows.Alpaca(1, "Sort these words alphabetically.", "fig, kiwi, pear", "kiwi, pear, fig"),
        ];
        var scar = Decide(Filter(new() { ["threshold"] = "0.9", ["include_input"] = "false" }), rows);
        Assert.Contains("near-duplicate of row 0 (word-bigram Jaccard 1.000", scar[1]);
        Assert.Empty(Decide(Filter(new() { ["threshold"] = "0.9", ["include_input"] = "true" }), rows));
    }

    /// <summary>
    /// A fifteen-word prompt and a ten-word answer: 24 bigrams. Dropping one answer word ("e") takes away "d e" and
    /// "e f" and adds "d f": 3 bigrams differ, 22 shared of 25, Jaccard 0.880, under 0.9. With the same prompt that is a
    /// near-copy at <c>same_prompt_max_diff</c> 6, not at 0; with one prompt word changed (2 gone, 2 new: 0.846) it is
    /// not. Three answer words dropped apart (9 differ) stay apart at 6. 64 bands make every pair here a candidate,
    /// so the test is of the rule, not of the banding.
    /// </summary>
    [Fact]
    public void With_the_same_prompt_a_one_word_edit_of_a_short_answer_is_a_near_copy()
    {
        var prompt = Words(1, 15);
        var answer = "a b c d e f g h i j";
        Sample[] rows =
        [
            TestRows.Alpaca(0, prompt, answer),
            TestRows.Alpaca(1, prompt, "a b c d f g h i j"),
            TestRows.Alpaca(2, Words(1, 14) + " changed", answer),
            TestRows.Alpaca(3, prompt, "a c d f g i j"),
        ];
        Dictionary<string, string> Settings(int maxDiff) => new() { ["threshold"] = "0.9", ["bands"] = "64", ["same_prompt_max_diff"] = $"{maxDiff}" };
        Assert.Empty(Decide(Filter(Settings(0)), rows));
        var decisions = Decide(Filter(Settings(6)), rows);
        Assert.Equal([1], decisions.Keys);
        Assert.Equal("near-duplicate of row 0 (same prompt; 3 word bigrams differ ≤ 6, Jaccard 0.880)", decisions[1]);
        Assert.Equal(3, MinHashLsh.Differing(MinHashLsh.Shingles(prompt + " " + answer), MinHashLsh.Shingles(prompt + " a b c d f g h i j")));
        Assert.Equal(9, MinHashLsh.Differing(MinHashLsh.Shingles(prompt + " " + answer), MinHashLsh.Shingles(prompt + " a c d f g i j")));
    }

    [Fact]
    public void A_pool_without_candidate_pairs_is_read_once()
    {
        var passes = 0;
        IEnumerable<Sample> Rows()
        {
            passes++;
            yield return TestRows.Alpaca(0, "One", "first answer here");
            yield return TestRows.Alpaca(1, "Two", "something else entirely");
        }
        Assert.Empty(Filter().Decide(Rows, CancellationToken.None));
        Assert.Equal(1, passes);
    }
}
