namespace Winnow.Data;

/// <summary>Who speaks in a conversation turn.</summary>
public enum Role
{
    System,
    User,
    Assistant,
}

/// <summary>One message of a conversation.</summary>
public sealed record Turn(Role Role, string Text);
