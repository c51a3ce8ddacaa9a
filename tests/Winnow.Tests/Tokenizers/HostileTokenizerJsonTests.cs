using Winnow.Tokenizers;

namespace Winnow.Tests.Tokenizers;

/// <summary>Malformed, oversized and unsupported tokenizer.json files fail fast with a message naming the problem.</summary>
public sealed class HostileTokenizerJsonTests
{
    private const string Bpe = """{"type":"BPE","vocab":{"a":0,"b":1,"ab":2},"merges":["a b"]}""";

    /// <summary>A file with the minimal BPE model plus the given top-level fields.</summary>
    private static string With(string fields) => "{\"model\":" + Bpe + "," + fields + "}";

    private static TokenizerFormatException Refused(string json) =>
        Assert.Throws<TokenizerFormatException>(() => Tokenizer.FromJson(json));

    [Fact]
    public void AMinimalValidFileLoads()
    {
        var t = Tokenizer.FromJson($$"""{"model":{{Bpe}}}""");
        Assert.Equal([2, 0], t.Encode("aba").Ids);
        Assert.Equal("ab a", t.Decode([2, 0]));
    }

    [Fact]
    public void OversizedFileIsRefusedBeforeReading()
    {
        string dir = Directory.CreateTempSubdirectory("winnow-tok-").FullName;
        string path = Path.Combine(dir, "tokenizer.json");
        try
        {
            using (var f = File.Create(path)) f.SetLength(1L << 30); // sparse: costs no disk
            // Refused from the file's length: reading the gigabyte first would allocate at least as much.
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.Throws<TokenizerFormatException>(() => Tokenizer.Load(dir));
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Assert.True(allocated < 1 << 20, $"allocated {allocated:N0} bytes before refusing");
            Assert.Contains("larger than", e.Message);
            Assert.Contains("tokenizer.json", e.Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void MissingFieldsAreNamed()
    {
        Assert.Contains("model is missing", Refused("{}").Message);
        Assert.Contains("model.merges is missing", Refused("""{"model":{"type":"BPE","vocab":{}}}""").Message);
        Assert.Contains("model.vocab is missing", Refused("""{"model":{"type":"WordPiece"}}""").Message);
        Assert.Contains("unk_id is missing", Refused("""{"model":{"type":"Unigram","vocab":[["a",-1.0]]}}""").Message);
        Assert.Contains("top level", Refused("[1,2]").Message);
        Assert.Contains("not valid JSON", Refused("{\"model\":").Message);
    }

    [Fact]
    public void MergesMustConnectVocabularyEntries()
    {
        var e = Refused("""{"model":{"type":"BPE","vocab":{"a":0,"b":1},"merges":["a b"]}}""");
        Assert.Contains("merges[0]", e.Message);
        Assert.Contains("'ab'", e.Message);
        Assert.Contains("merges[1]", Refused("""{"model":{"type":"BPE","vocab":{"a":0,"b":1,"ab":2},"merges":["a b","ab c"]}}""").Message);
        Assert.Contains("two tokens", Refused("""{"model":{"type":"BPE","vocab":{"a":0},"merges":["a"]}}""").Message);
        Assert.Contains("merges[0]", Refused("""{"model":{"type":"BPE","vocab":{"a":0},"merges":[["a"]]}}""").Message);
    }

    [Fact]
    public void HugeIdClaimsAreRefusedWithoutAllocating()
    {
        var e = Refused("""{"model":{"type":"BPE","vocab":{"a":2000000000},"merges":[]}}""");
        Assert.Contains("ids up to 2000000000", e.Message);
        Assert.Contains("negative id", Refused("""{"model":{"type":"BPE","vocab":{"a":-5},"merges":[]}}""").Message);
        Assert.Contains("added_tokens[0].id", Refused(With(""" "added_tokens":[{"id":2147483647,"content":"x"}] """)).Message);
        Assert.Contains("unk_id 7", Refused("""{"model":{"type":"Unigram","unk_id":7,"vocab":[["a",-1.0]]}}""").Message);
    }

    [Fact]
    public void UnsupportedFeaturesAreNamed()
    {
        Assert.Contains("normalizer type 'Foo' is not supported", Refused(With(""" "normalizer":{"type":"Foo"} """)).Message);
        Assert.Contains("pre_tokenizer type 'Bar' is not supported", Refused(With(""" "pre_tokenizer":{"type":"Bar"} """)).Message);
        Assert.Contains("post_processor type 'Baz' is not supported", Refused(With(""" "post_processor":{"type":"Baz"} """)).Message);
        Assert.Contains("decoder type 'Qux' is not supported", Refused(With(""" "decoder":{"type":"Qux"} """)).Message);
        Assert.Contains("model type 'WordLevel' is not supported", Refused("""{"model":{"type":"WordLevel","vocab":{}}}""").Message);
        Assert.Contains("dropout", Refused("""{"model":{"type":"BPE","dropout":0.1,"vocab":{},"merges":[]}}""").Message);
        Assert.Contains("behavior 'Sideways'", Refused(With(""" "pre_tokenizer":{"type":"Split","pattern":{"String":" "},"behavior":"Sideways"} """)).Message);
        Assert.Contains("not supported by .NET Regex", Refused(With(""" "pre_tokenizer":{"type":"Split","pattern":{"Regex":"(unclosed"},"behavior":"Isolated"} """)).Message);
        Assert.Contains("base64", Refused(With(""" "normalizer":{"type":"Precompiled","precompiled_charsmap":"!!"} """)).Message);
        Assert.Contains("byte_fallback", Refused("""{"model":{"type":"BPE","byte_fallback":true,"vocab":{"a":0},"merges":[]}}""").Message);
    }

    [Fact]
    public void DeeplyNestedJsonFailsFast()
    {
        string json = new string('[', 100_000) + new string(']', 100_000);
        Assert.Contains("not valid JSON", Refused(json).Message);
    }

    [Fact]
    public void UnknownIdsInDecodeAreNamed()
    {
        var t = Tokenizer.FromJson($$"""{"model":{{Bpe}}}""");
        Assert.Contains("token id 99", Assert.Throws<ArgumentOutOfRangeException>(() => t.Decode([0, 99])).Message);
    }
}
