using Winnow.Cli;
using Winnow.Tests.Serve;

namespace Winnow.Tests.Cli;

/// <summary><c>winnow score --server</c> runs the scorer on a server (backend=http); <c>winnow serve</c> refuses a missing model as a usage error.</summary>
public class ServerOptionTests(SharedGpt2Server gpt2) : IClassFixture<SharedGpt2Server>
{
    [SharedFact]
    public async Task ScoreWithServerUsesTheHttpBackend()
    {
        var f = await gpt2.Get();
        var dir = Directory.CreateTempSubdirectory("winnow-server-option-");
        try
        {
            var data = Path.Combine(dir.FullName, "rows.jsonl");
            File.WriteAllText(data, "{\"instruction\":\"Say hi.\",\"output\":\"Hi there.\"}\n{\"instruction\":\"Count.\",\"output\":\"1 2 3\"}\n");
            var output = Path.Combine(dir.FullName, "scores.jsonl");
            var (stdout, stderr) = (new StringWriter(), new StringWriter());
            var code = Program.Run(["score", data, "-s", "perplexity", "--param", "model=" + TestPaths.Fixture("gpt2-tiny"), "--server", f.Server.Address.ToString(), "-o", output], stdout, stderr);
            Assert.True(code == 0, stderr.ToString());
            var lines = File.ReadAllLines(output);
            Assert.Contains("\"backend\":\"http\"", lines[0]);
            Assert.Equal(3, lines.Length);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void ServeWithoutAModelFolderIsAUsageError()
    {
        var error = new StringWriter();
        Assert.Equal(2, Program.Run(["serve", "--model", Path.Combine(Path.GetTempPath(), "no-such-model-folder")], new StringWriter(), error));
        Assert.Contains("is not a folder", error.ToString());
    }
}
