namespace Winnow.Serve;

/// <summary>A request the server refuses: the status code and a message that says what to change.</summary>
internal sealed class ApiException(int status, string message, string? param = null) : Exception(message)
{
    public int Status { get; } = status;

    /// <summary>The request field at fault, when there is one (OpenAI's error "param").</summary>
    public string? Param { get; } = param;

    public static ApiException BadRequest(string message, string? param = null) => new(400, message, param);
}
