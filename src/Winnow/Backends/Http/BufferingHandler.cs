namespace Winnow.Backends.Http;

/// <summary>
/// Reads the whole response body inside the retry scope, so a body cut short (the server died mid-answer) surfaces as
/// a transient <see cref="HttpRequestException"/> that the resilience handler retries, instead of an I/O error after it.
/// </summary>
internal sealed class BufferingHandler : DelegatingHandler
{
    public BufferingHandler(HttpMessageHandler inner) : base(inner)
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            response.Dispose();
            throw new HttpRequestException($"the response body was cut short: {e.Message}", e);
        }
        return response;
    }
}
