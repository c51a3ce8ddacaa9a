using Winnow.Scoring.Judge;

namespace Winnow.Tests.Scoring.Judge;

/// <summary>Template files: rendering with every placeholder and literal braces, and errors that name file, line and key.</summary>
public sealed class JudgeTemplateFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-template-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string yaml)
    {
        var path = Path.Combine(_dir, "t.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public void RendersEveryPlaceholderAndLiteralBraces()
    {
        var template = JudgeTemplate.Resolve(Write("""
            system: Grade {{strictly}}.
            user: |
              I={instruction}|In={input}|P={prompt}
              R={response}
            scale: [1, 9]
            pattern: '\ARating: (?<score>[1-9])\z'
            """));
        var row = TestRows.Alpaca(0, "Sum", "3", "1 and 2");
        Assert.Equal("Grade {strictly}.", template.System!.Render(row));
        Assert.Equal("I=Sum|In=1 and 2|P=Sum\n\n1 and 2\nR=3\n", template.User.Render(row));
        Assert.Equal((1.0, 9.0), (template.Min, template.Max));
        Assert.True(template.HasDigitScale);
        Assert.Equal(Path.Combine(_dir, "t.yaml"), template.Name);
        Assert.Matches(template.Pattern, "Rating: 7");
        Assert.NotEqual(JudgeTemplate.AlpaGasus.Hash(), template.Hash());
    }

    [Theory]
    [InlineData("user: |\n  line one\n  Q: {question}\nscale: [0, 5]\n", ":3: key 'user': unknown placeholder '{question}'; expected one of {instruction}, {input}, {prompt}, {response}")]
    [InlineData("system: \"{response\"\nuser: x\nscale: [0, 5]\n", ":1: key 'system': a '{' that is never closed")]
    [InlineData("user: \"a } b {response}\"\nscale: [0, 5]\n", ":1: key 'user': a lone '}'")]
    [InlineData("user: \"{instruction}\"\nscale: [0, 5]\n", ":1: key 'user': the template never shows the judge the response")]
    [InlineData("user: \"{response}\"\nscale: [5, 0]\n", ":2: key 'scale': expected [lowest, highest]")]
    [InlineData("user: \"{response}\"\n", ":1: key 'scale' is missing")]
    [InlineData("scale: [0, 5]\n", ":1: key 'user' is missing")]
    [InlineData("user: \"{response}\"\nscale: [0, 5]\nscore_regex: x\n", ":3: unknown key 'score_regex'; expected one of system, user, scale, pattern")]
    [InlineData("user: \"{response}\"\nscale: [0, 5]\npattern: '(\\d)'\n", ":3: key 'pattern' has no group named 'score'")]
    [InlineData("user: \"{response}\"\nscale: [0, 5]\npattern: '(?<score>'\n", ":3: key 'pattern' is not a valid regular expression")]
    public void BadTemplatesNameFileLineAndKey(string yaml, string expected)
    {
        var path = Write(yaml);
        var e = Assert.Throws<ArgumentException>(() => JudgeTemplate.Resolve(path));
        Assert.Contains(path + expected, e.Message);
    }

    [Fact]
    public void BrokenYamlNamesFileAndLine()
    {
        var path = Write("user: \"{response}\"\nscale: [0, 5\n");
        var e = Assert.Throws<ArgumentException>(() => JudgeTemplate.Resolve(path));
        Assert.Matches($@"^{System.Text.RegularExpressions.Regex.Escape(path)}:[23]: not valid YAML", e.Message);
    }

    [Fact]
    public void AnUnknownNameIsNeitherBuiltInNorAFile()
    {
        var e = Assert.Throws<ArgumentException>(() => JudgeTemplate.Resolve("alpaca-gasus"));
        Assert.Contains("neither a built-in template (alpagasus) nor an existing template file", e.Message);
    }
}
