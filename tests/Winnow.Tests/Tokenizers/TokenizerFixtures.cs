using System.Collections.Concurrent;
using System.Text.Json;
using Winnow.Tokenizers;

namespace Winnow.Tests.Tokenizers;

/// <summary>One line of ../shared/fixtures/tokenizers/*.jsonl (made with add_special_tokens = true).</summary>
public sealed record FixtureLine(int Line, string Text, int[] Ids, string[] Tokens);

/// <summary>Loads the reference tokenizers and their expected encodings once per test run.</summary>
public static class TokenizerFixtures
{
    public static readonly string[] Names = ["gpt2", "mistral-7b-v0.1", "bert-minilm-uncased", "xlmr-unigram-test", "qwen3", "llama3"];

    private static readonly ConcurrentDictionary<string, Lazy<Tokenizer>> Tokenizers = new();
    private static readonly ConcurrentDictionary<string, Lazy<FixtureLine[]>> Lines = new();

    public static string DirectoryOf(string name)
    {
        using var index = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("tokenizers", "index.json")));
        return TestPaths.Fixture(index.RootElement.GetProperty(name).GetProperty("tokenizer_dir").GetString()!);
    }

    public static Tokenizer Tokenizer(string name) =>
        Tokenizers.GetOrAdd(name, n => new Lazy<Tokenizer>(() => Winnow.Tokenizers.Tokenizer.Load(DirectoryOf(n)))).Value;

    public static FixtureLine[] Expected(string name) =>
        Lines.GetOrAdd(name, n => new Lazy<FixtureLine[]>(() => Read(TestPaths.Fixture("tokenizers", n + ".jsonl")))).Value;

    private static FixtureLine[] Read(string path) =>
        [.. File.ReadLines(path).Select((line, i) =>
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            return new FixtureLine(i + 1, r.GetProperty("text").GetString()!,
                [.. r.GetProperty("ids").EnumerateArray().Select(x => x.GetInt32())],
                [.. r.GetProperty("tokens").EnumerateArray().Select(x => x.GetString()!)]);
        })];

    public static IEnumerable<object[]> NameData() => Names.Select(n => new object[] { n });
}
