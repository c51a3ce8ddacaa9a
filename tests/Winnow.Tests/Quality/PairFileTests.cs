using Winnow.Quality.Pairs;

namespace Winnow.Tests.Quality;

public sealed class PairFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-pairs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Ape_pairs_split_instruction_and_input_strip_tags_and_decode_both_sides()
    {
        var path = Write("p.csv", "src,pos,neg\n\"Instruction: Sort these. Input: b, a \",\"Response: Sorted:\na, b\",Response: a\\nb\n");
        var pair = PairFile.Read(path).Pairs.Single();
        Assert.Equal(("Sort these.", "b, a"), (pair.Instruction, pair.Input));
        Assert.Equal("Sorted:\na, b", pair.Preferred);
        Assert.Equal("a\nb", pair.Other);
        Assert.Equal(@"a\nb", PairFile.Read(path, decodeEscapes: false).Pairs.Single().Other);
    }

    [Fact]
    public void Graded_csv_pairs_responses_to_the_same_prompt_higher_score_preferred()
    {
        var path = Write("g.csv", "src,score\nInstruction: Q1 Response: bad,0\nInstruction: Q1 Response: good,1\nInstruction: Q2 Response: only,1\n");
        var set = PairFile.Read(path);
        Assert.Equal(3, set.Graded!.Count);
        var pair = set.Pairs.Single();
        Assert.Equal(("good", "bad"), (pair.Preferred, pair.Other));
        Assert.Equal([(1, 0)], set.SampleIndexPairs());
    }

    [Fact]
    public void Jsonl_pairs_and_graded_rows_are_read()
    {
        var pairs = PairFile.Read(Write("p.jsonl", "{\"prompt\":\"Q\",\"chosen\":\"A\\\\n\",\"rejected\":\"B\"}\n\n"));
        Assert.Equal(@"A\n", pairs.Pairs.Single().Preferred);
        var graded = PairFile.Read(Write("g.jsonl", "{\"instruction\":\"Q\",\"input\":null,\"response\":\"A\",\"score\":2.5}\n{\"instruction\":\"Q\",\"response\":\"B\",\"score\":1}\n"));
        Assert.Equal(2.5, graded.Graded![0].Score);
        Assert.Equal(("A", "B"), (graded.Pairs.Single().Preferred, graded.Pairs.Single().Other));
    }

    [Theory]
    [InlineData("a.csv", "x,y\n1,2\n", ":1: header is 'x,y'")]
    [InlineData("b.csv", "src,pos,neg\nInstruction: Q,Response: a\n", ":2: 2 field(s); expected 3")]
    [InlineData("c.csv", "src,pos,neg\nInstruction: Q,Response: a,Response:  \n", ":2: field 'neg' has an empty response")]
    [InlineData("d.csv", "src,score\nInstruction: Q Response: a,high\n", ":2: field 'score' is 'high'")]
    [InlineData("e.jsonl", "{\"prompt\":\"Q\",\"chosen\":\"A\"}\n", ":1: field 'rejected' is missing")]
    [InlineData("f.jsonl", "{\"prompt\":\"Q\",\"response\":\"A\",\"score\":\"1\"}\n", ":1: field 'score' is String")]
    [InlineData("g.jsonl", "{\"prompt\":\"Q\",\"chosen\":\"A\",\"rejected\":\"B\"}\n{\"prompt\":\"Q\",\"response\":\"A\",\"score\":1}\n", ":2: the file mixes")]
    public void Bad_rows_name_file_line_and_field(string name, string text, string message)
    {
        var path = Write(name, text);
        var error = Assert.Throws<InvalidDataException>(() => PairFile.Read(path));
        Assert.StartsWith(path + message, error.Message);
    }

    [SharedFact]
    public void Ape_valid_reads_254_pairs_and_no_decoded_side_keeps_a_newline_escape()
    {
        var set = PairFile.Read(TestPaths.Data("APE_valid.csv"));
        Assert.Equal(254, set.Pairs.Count);
        Assert.DoesNotContain(set.Pairs, p => p.Other.Contains(@"\n") || p.Preferred.Contains(@"\n"));
        // The regression form has 508 responses; experts sometimes revised the instruction too, so only
        // some prompts appear with both grades (162 exact prompt matches counted independently in Python).
        var graded = PairFile.Read(TestPaths.Data("APE_score_valid.csv"));
        Assert.Equal(508, graded.Graded!.Count);
        Assert.InRange(graded.Pairs.Count, 162, 254);
    }
}
