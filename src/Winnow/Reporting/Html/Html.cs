using System.Net;

namespace Winnow.Reporting.Html;

/// <summary>Text escaping for the report page.</summary>
public static class Html
{
    public static string Encode(string text) => WebUtility.HtmlEncode(text);
}
