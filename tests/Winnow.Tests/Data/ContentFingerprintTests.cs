using Winnow.Data;

namespace Winnow.Tests.Data;

/// <summary>
/// <see cref="Sample.Fingerprint"/> (<see cref="ContentFingerprint"/>), which matches a re-read row to the scan's, and
/// <see cref="Sample.Hash"/>, computed on first use or taken from the scan.
/// </summary>
public class ContentFingerprintTests
{
    private static Sample Row(string instruction, string input, string response, params Turn[] turns) =>
        new(0, turns, instruction, input, response);

    [Fact]
    public void The_same_content_gives_the_same_fingerprint_and_any_change_another()
    {
        var turns = new[] { new Turn(Role.User, "Add 2 and 2"), new Turn(Role.Assistant, "4") };
        var row = Row("Add 2 and 2", "", "4", turns);
        Assert.Equal(row.Fingerprint, Row("Add 2 and 2", "", "4", turns).Fingerprint);
        var others = new[]
        {
            // Characters moved from one field to the next: the lengths keep the splits apart.
            Row("Add 2 and", " 2", "4", turns),
            Row("Add 2 and 2", "", "4 ", turns),
            Row("Add 2 and 2", "", "4", new Turn(Role.User, "Add 2 and 2"), new Turn(Role.Assistant, "5")),
            Row("Add 2 and 2", "", "4", new Turn(Role.System, "Add 2 and 2"), new Turn(Role.Assistant, "4")),
            Row("Add 2 and 2", "", "4", turns[0]),
        };
        Assert.Equal(others.Length + 1, others.Select(r => r.Fingerprint).Append(row.Fingerprint).Distinct().Count());
    }

    [Fact]
    public void A_hash_taken_from_the_scan_is_not_computed_again_and_one_not_taken_is_the_digest()
    {
        var computed = Row("Say hi", "", "Hi");
        Assert.Equal(ContentDigest.Of([], "Say hi", "", "Hi"), computed.Hash);
        var adopted = Row("Say hi", "", "Hi");
        adopted.AdoptHash(42);
        Assert.Equal(42UL, adopted.Hash);
        Assert.Equal($"0-{42:x16}", adopted.Id);
    }
}
