using System.Globalization;
using System.Text.Json;
using Winnow.Data;

namespace Winnow.Pipeline;

/// <summary>Row indices of the defects planted in a demo dataset, so a run can be checked against them.</summary>
public sealed record DemoManifest(
    int Rows,
    int Seed,
    IReadOnlyList<(int Original, int Copy)> ExactDuplicates,
    IReadOnlyList<int> EmptyAnswers,
    IReadOnlyList<int> MismatchedPairs);

/// <summary>
/// A synthetic Alpaca dataset made from templates (arithmetic, unit conversion, capitals, antonyms, sorting,
/// rewriting, short code) with answers of varied detail, and planted defects: exact duplicate rows, empty
/// answers and answers swapped in from an unrelated task. It is made by Winnow itself, so the demo and the
/// README's main command need no download and carry no third-party data.
/// </summary>
public static class DemoDataset
{
    private static readonly (string Country, string Capital)[] Capitals =
    [
        ("France", "Paris"), ("Japan", "Tokyo"), ("Kenya", "Nairobi"), ("Peru", "Lima"), ("Canada", "Ottawa"),
        ("Norway", "Oslo"), ("Egypt", "Cairo"), ("Chile", "Santiago"), ("Vietnam", "Hanoi"), ("Poland", "Warsaw"),
        ("Ghana", "Accra"), ("Nepal", "Kathmandu"), ("Cuba", "Havana"), ("Spain", "Madrid"), ("India", "New Delhi"),
    ];

    private static readonly (string Word, string Antonym)[] Antonyms =
    [
        ("ancient", "modern"), ("generous", "stingy"), ("fragile", "sturdy"), ("humble", "arrogant"), ("scarce", "plentiful"),
        ("transparent", "opaque"), ("rigid", "flexible"), ("brave", "cowardly"), ("expand", "contract"), ("victory", "defeat"),
    ];

    private static readonly string[] Sentences =
    [
        "the meeting was postponed because the manager was sick",
        "our team shipped the new release two days ahead of schedule",
        "the river flooded the valley after a week of heavy rain",
        "she learned to play the violin during the long winter",
        "the library extended its opening hours for exam season",
        "a small bakery on the corner sells the best bread in town",
    ];

    private static readonly string[] When = ["", " last year", " on monday", " this morning", " after lunch", " in the spring", " every weekend", " yesterday"];

    private static readonly string[] Fruits = ["mango", "apple", "kiwi", "banana", "cherry", "fig", "grape", "lemon", "papaya", "plum"];

    /// <summary>Makes the rows (instruction, input, output) and the manifest of planted defects.</summary>
    public static (List<(string Instruction, string Input, string Output)> Rows, DemoManifest Manifest) Generate(int rows, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 20);
        var random = new SeededRandom(seed);
        // Rows are made unique, so that the only exact duplicates in the file are the planted ones.
        var clean = new List<(string Instruction, string Input, string Output)>();
        var seen = new HashSet<(string, string, string)>();
        while (clean.Count < rows)
        {
            var task = MakeTask(random);
            if (seen.Add(task))
                clean.Add(task);
        }

        // Plant defects at seeded positions; duplicates copy an earlier clean row to a later position.
        var positions = random.Permutation(rows).ToList();
        var duplicateCount = Math.Max(2, rows * 3 / 100);
        var emptyCount = Math.Max(2, rows * 2 / 100);
        var mismatchCount = Math.Max(2, rows * 3 / 100);
        var duplicates = new List<(int, int)>();
        var empty = new List<int>();
        var mismatched = new List<int>();
        // Copies go to seeded positions; each copies an earlier row that is itself never overwritten.
        var copies = positions.Take(duplicateCount).Where(p => p > 0).Order().ToList();
        var copySet = copies.ToHashSet();
        var cursor = duplicateCount;
        foreach (var copy in copies)
        {
            var original = random.NextInt(copy);
            while (copySet.Contains(original))
                original = random.NextInt(copy);
            clean[copy] = clean[original];
            duplicates.Add((original, copy));
        }
        var duplicateRows = duplicates.SelectMany(d => new[] { d.Item1, d.Item2 }).ToHashSet();
        foreach (var position in positions.Skip(cursor).Where(p => !duplicateRows.Contains(p)).Take(emptyCount))
        {
            clean[position] = clean[position] with { Output = "" };
            empty.Add(position);
        }
        var used = duplicateRows.Concat(empty).ToHashSet();
        foreach (var position in positions.Skip(cursor).Where(p => !used.Contains(p)).Take(mismatchCount))
        {
            var donor = MakeTask(random);
            while (SameTemplate(donor.Instruction, clean[position].Instruction))
                donor = MakeTask(random);
            clean[position] = clean[position] with { Output = donor.Output };
            mismatched.Add(position);
        }
        duplicates.Sort();
        empty.Sort();
        mismatched.Sort();
        return (clean, new DemoManifest(rows, seed, duplicates, empty, mismatched));
    }

    /// <summary>Writes the dataset as an Alpaca JSON array (appearing atomically) and the manifest beside it.</summary>
    public static DemoManifest Write(string path, int rows, int seed)
    {
        var (data, manifest) = Generate(rows, seed);
        var samples = data.Select((row, index) => new Sample(
            index,
            [new Turn(Role.User, row.Input.Length == 0 ? row.Instruction : row.Instruction + "\n\n" + row.Input), new Turn(Role.Assistant, row.Output)],
            row.Instruction,
            row.Input,
            row.Output));
        SampleFileWriter.WriteAlpaca(path, samples);
        File.WriteAllText(ManifestPath(path), JsonSerializer.Serialize(new
        {
            rows = manifest.Rows,
            seed = manifest.Seed,
            exact_duplicates = manifest.ExactDuplicates.Select(d => new[] { d.Original, d.Copy }),
            empty_answers = manifest.EmptyAnswers,
            mismatched_pairs = manifest.MismatchedPairs,
        }) + "\n");
        return manifest;
    }

    public static string ManifestPath(string datasetPath) => Path.ChangeExtension(datasetPath, ".planted.json");

    private static bool SameTemplate(string a, string b) => a.Split(' ')[0] == b.Split(' ')[0];

    /// <summary><paramref name="count"/> distinct items in random order.</summary>
    private static T[] Draw<T>(T[] items, int count, SeededRandom random)
    {
        var copy = (T[])items.Clone();
        random.ShuffleFront(copy.AsSpan(), count);
        return copy[..count];
    }

    private static (string Instruction, string Input, string Output) MakeTask(SeededRandom random)
    {
        var detailed = random.NextDouble() < 0.5;
        switch (random.NextInt(7))
        {
            case 0:
            {
                int a = random.NextInt(10, 999), b = random.NextInt(10, 999);
                var sum = (a + b).ToString(CultureInfo.InvariantCulture);
                return ($"Add {a} and {b}.", "", detailed
                    ? $"Adding the two numbers column by column: {a} + {b} = {sum}. The ones digits give the first carry, the tens the next, so the total is {sum}."
                    : sum);
            }
            case 1:
            {
                var km = random.NextInt(2, 400);
                var miles = (km * 0.621371).ToString("0.##", CultureInfo.InvariantCulture);
                return ("Convert the distance from kilometres to miles.", $"{km} km", detailed
                    ? $"One kilometre is about 0.621371 miles, so {km} km × 0.621371 ≈ {miles} miles."
                    : $"{miles} miles");
            }
            case 2:
            {
                var picks = Draw(Capitals, 2, random);
                return ($"Name the capital cities of {picks[0].Country} and {picks[1].Country}.", "", detailed
                    ? $"The capital of {picks[0].Country} is {picks[0].Capital}, and the capital of {picks[1].Country} is {picks[1].Capital}. Both cities are the seats of their national governments."
                    : $"{picks[0].Capital}, {picks[1].Capital}");
            }
            case 3:
            {
                var picks = Draw(Antonyms, 2, random);
                return ("Give an antonym for each word.", $"{picks[0].Word}, {picks[1].Word}", detailed
                    ? $"A good antonym for \"{picks[0].Word}\" is \"{picks[0].Antonym}\", and for \"{picks[1].Word}\" it is \"{picks[1].Antonym}\": each expresses the opposite quality."
                    : $"{picks[0].Antonym}, {picks[1].Antonym}");
            }
            case 4:
            {
                var items = Draw(Fruits, random.NextInt(3, 7), random);
                var sorted = items.Order(StringComparer.Ordinal).ToArray();
                return ("Sort these words alphabetically.", string.Join(", ", items), detailed
                    ? $"In alphabetical order the words are: {string.Join(", ", sorted)}. Each word is compared letter by letter from the left."
                    : string.Join(", ", sorted));
            }
            case 5:
            {
                var sentence = Sentences[random.NextInt(Sentences.Length)] + When[random.NextInt(When.Length)];
                var fixedSentence = char.ToUpperInvariant(sentence[0]) + sentence[1..] + ".";
                return ("Rewrite the sentence with correct capitalisation and punctuation.", sentence, detailed
                    ? $"Corrected sentence: \"{fixedSentence}\" The first letter is capitalised and a full stop ends the sentence."
                    : fixedSentence);
            }
            default:
            {
                var n = random.NextInt(2, 40);
                var power = random.NextInt(2, 5);
                var name = power switch { 2 => "square", 3 => "cube", _ => "fourth-power" };
                return ($"Write a Python function that returns the first {n} {name} numbers.", "", detailed
                    ? $"def first_powers(n={n}, p={power}):\n    \"\"\"Return i ** p for the first n positive integers i.\"\"\"\n    return [i ** p for i in range(1, n + 1)]\n\nCalling first_powers() returns a list of {n} numbers."
                    : $"def f():\n    return [i**{power} for i in range(1, {n + 1})]");
            }
        }
    }
}
