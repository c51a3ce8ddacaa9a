using Microsoft.Playwright;

namespace Winnow.Tests.Reporting;

/// <summary>
/// The report in a real browser: Playwright's driver comes from its NuGet package (copied beside the tests), and the
/// browser is the system's Chromium given by path, so nothing is downloaded. The page must load without console
/// errors, show every section, and its hover, search and sort must work.
/// </summary>
[Collection(ReportRunsCollection.Name)]
public sealed class ReportBrowserTests(ReportRunsFixture runs)
{
    [ChromiumFact]
    public async Task PageWorksInChromium()
    {
        using var playwright = await Playwright.CreateAsync();
        var profile = Directory.CreateTempSubdirectory("winnow-chromium-").FullName;
        try
        {
            await using var browser = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = ChromiumFactAttribute.Executable,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
                ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
            });
            var page = await browser.NewPageAsync();
            var problems = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Type is "error" or "warning")
                    problems.Add($"console {message.Type}: {message.Text}");
            };
            page.PageError += (_, error) => problems.Add("page error: " + error);
            page.RequestFailed += (_, request) => problems.Add("request failed: " + request.Url);
            await page.GotoAsync(new Uri(runs.Report).AbsoluteUri);

            foreach (var id in Winnow.Reporting.Html.HtmlReport.SectionIds)
                Assert.True(await page.Locator($"section#{id}").IsVisibleAsync(), $"section {id} is not visible");

            // Hover: a map point shows its row in the tooltip.
            var point = page.Locator("#map .pool-points circle").First;
            await point.ScrollIntoViewIfNeededAsync();
            await point.HoverAsync(new LocatorHoverOptions { Force = true });
            Assert.True(await page.Locator("#tip").IsVisibleAsync(), "hovering a map point shows no tooltip");
            Assert.StartsWith("row ", await page.Locator("#tip b").TextContentAsync());

            // Search: typing part of one selected row's prompt leaves only rows that contain it.
            var rows = page.Locator("#selected-table tbody tr");
            var all = await rows.CountAsync();
            Assert.True(all > 1);
            var prompt = await page.Locator("#selected-table tbody tr:nth-child(2) td:nth-child(5)").TextContentAsync();
            var needle = prompt!.Split(' ', StringSplitOptions.RemoveEmptyEntries).OrderByDescending(w => w.Length).First();
            await page.Locator("#selected-search").FillAsync(needle);
            var matching = await rows.CountAsync();
            Assert.InRange(matching, 1, all);
            foreach (var text in await rows.AllTextContentsAsync())
                Assert.Contains(needle.ToLowerInvariant(), text.ToLowerInvariant());
            await page.Locator("#selected-search").FillAsync("");

            // Sort: the table opens by rank; a click on rank reverses it, a click on row sorts by row index.
            var rankHeader = page.Locator("#selected-table thead th", new PageLocatorOptions { HasText = "rank" }).First;
            Assert.Equal("ascending", await rankHeader.GetAttributeAsync("aria-sort"));
            await rankHeader.ClickAsync();
            Assert.Equal("descending", await rankHeader.GetAttributeAsync("aria-sort"));
            var ranks = (await page.Locator("#selected-table tbody tr td:nth-child(1)").AllTextContentsAsync()).Select(int.Parse).ToList();
            Assert.Equal(ranks.OrderDescending(), ranks);
            await page.Locator("#selected-table thead th", new PageLocatorOptions { HasText = "row" }).First.ClickAsync();
            var indices = (await page.Locator("#selected-table tbody tr td:nth-child(2)").AllTextContentsAsync()).Select(long.Parse).ToList();
            Assert.Equal(indices.Order(), indices);

            var shot = Path.Combine(runs.Dir, "report.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(shot)[..4]);
            Assert.Empty(problems);
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
