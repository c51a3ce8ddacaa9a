using Winnow.Components;

namespace Winnow.Tests.Components;

public sealed class ComponentTextTests
{
    [Fact]
    public void DocsComponentsMdMatchesTheDeclarations()
    {
        var path = Path.Combine(TestPaths.RepoRoot, "docs", "components.md");
        var onDisk = File.Exists(path) ? File.ReadAllText(path) : "";
        Assert.True(onDisk == ComponentText.Markdown(),
            "docs/components.md does not match the component declarations; regenerate it with: ./winnow list --markdown > docs/components.md");
    }

    [Fact]
    public void TheMarkdownHasEveryComponentAndParameter()
    {
        var markdown = ComponentText.Markdown();
        foreach (var component in Declared.All)
        {
            Assert.Contains($"### `{component.Name}`", markdown);
            Assert.All(component.Params, p => Assert.Contains($"| `{p.Name}` |", markdown));
        }
    }

    [Fact]
    public void TheFullEntryShowsNeedsProducesAndEveryParameter()
    {
        var text = ComponentText.Full(Declared.All.Single(c => c.Name == "lexical.mtld"));
        Assert.Equal(
            """
            lexical.mtld (scorer)
              MTLD, threshold 0.72, mean of forward and backward passes
              needs: row text: chosen by 'text'
              produces: lexical.mtld.mtld
              parameters:
                text       response | prompt | conversation; default response. which text of the row is measured
                threshold  number in (0, 1); default 0.72. TTR at which a factor ends

            """.ReplaceLineEndings(), text.ReplaceLineEndings());
    }
}
