namespace Winnow.Data;

/// <summary>Settings of <see cref="DatasetReader"/> and of <see cref="DatasetWriter"/>'s second pass over the input.</summary>
public sealed record DatasetReadOptions
{
    public const int DefaultMaxRowBytes = 32 * 1024 * 1024;

    /// <summary>Row schema; <see cref="DatasetFormat.Auto"/> detects it from the first row.</summary>
    public DatasetFormat Format { get; init; } = DatasetFormat.Auto;

    /// <summary>
    /// Largest row (JSONL line or array element, in bytes) that is buffered and parsed. A larger row is skipped
    /// without being held in memory and reported as a <see cref="RowError"/>, so memory stays bounded by this limit.
    /// </summary>
    public int MaxRowBytes { get; init; } = DefaultMaxRowBytes;

    /// <summary>At most this many bytes of a bad row's text are kept in <see cref="RowError.RawText"/>.</summary>
    public int MaxErrorRawBytes { get; init; } = 16 * 1024;

    /// <summary>
    /// Reject a row whose explicit <c>id</c> field repeats an earlier row's id. Costs about 40 bytes per row
    /// with an id for the whole read (a 128-bit hash of each id and the index where it was first seen).
    /// </summary>
    public bool RejectDuplicateIds { get; init; } = true;

    /// <summary>Accept an input with no rows at all (an empty file, <c>[]</c>, an empty .gz); otherwise that is an error.</summary>
    public bool AllowEmpty { get; init; }
    /// <summary>
    /// The file's own column for each field a row schema reads, e.g. <c>instruction → question</c>,
    /// <c>output → answer</c>, <c>conversations → dialog</c>, <c>from → speaker</c>; fields not named keep their
    /// usual names. Keys are the names in <see cref="MappableFields"/>.
    /// </summary>
    public IReadOnlyDictionary<string, string> FieldMap { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Role names of conversation turns beyond the row schema's own, each with the role it stands for, e.g.
    /// <c>bot → Assistant</c> from <c>--map role.assistant=bot</c>. Matched exactly, and before the schema's own
    /// names, so a mapping also overrides one of those.
    /// </summary>
    public IReadOnlyDictionary<string, Role> RoleMap { get; init; } = new Dictionary<string, Role>(StringComparer.Ordinal);

    /// <summary>A field of each row whose string value is the row's source in a pool's report; null: the file is the source.</summary>
    public string? SourceField { get; init; }

    public static readonly IReadOnlyList<string> MappableFields =
        ["instruction", "input", "output", "conversations", "from", "value", "system", "messages", "role", "content", "prompt", "completion", "id"];

    /// <summary>The prefix of a <c>--map</c> key that maps role names rather than a field: <c>role.assistant=bot</c>.</summary>
    public const string RolePrefix = "role.";

    /// <summary>
    /// These options with the <c>--map</c> pairs: <c>role.system|user|assistant=name[|name…]</c> into
    /// <see cref="RoleMap"/>, the others into <see cref="FieldMap"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A role that is not system, user or assistant, an empty name, or one name given two roles.</exception>
    public DatasetReadOptions WithMap(IReadOnlyDictionary<string, string> pairs)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var roles = new Dictionary<string, Role>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            if (!key.StartsWith(RolePrefix, StringComparison.Ordinal))
            {
                fields[key] = value;
                continue;
            }
            var role = key[RolePrefix.Length..] switch
            {
                "system" => Role.System,
                "user" => Role.User,
                "assistant" => Role.Assistant,
                var other => throw new ArgumentException($"--map {key}=…: '{other}' is not a role; expected role.system, role.user or role.assistant"),
            };
            foreach (var name in value.Split('|'))
            {
                if (name.Length == 0)
                    throw new ArgumentException($"--map {key}={value}: an empty role name; expected {key}=name or {key}=name|other");
                if (roles.TryGetValue(name, out var earlier) && earlier != role)
                    throw new ArgumentException($"--map: role name '{name}' is mapped to both {earlier.ToString().ToLowerInvariant()} and {role.ToString().ToLowerInvariant()}");
                roles[name] = role;
            }
        }
        return this with { FieldMap = fields, RoleMap = roles };
    }

    /// <summary>The role a turn names with <paramref name="name"/> through <see cref="RoleMap"/>, or null.</summary>
    internal Role? MappedRole(string name) => RoleMap.TryGetValue(name, out var role) ? role : null;

    /// <summary>The error for a role name that neither the schema nor <see cref="RoleMap"/> knows.</summary>
    internal static RowProblem UnknownRole(string field, string name, string accepted) =>
        new(field, $"{field} has unknown role '{name}', expected {accepted}; if '{name}' is one of those, map it with --map role.user={name}, role.assistant={name} or role.system={name}");

    /// <summary>The file's column for the field a row schema calls <paramref name="field"/>.</summary>
    internal string Column(string field) => FieldMap.TryGetValue(field, out var column) ? column : field;

    internal void Validate()
    {
        foreach (var key in FieldMap.Keys)
        {
            if (!MappableFields.Contains(key))
                throw new ArgumentException($"--map {key}=…: '{key}' is not a field any row schema reads; expected one of {string.Join(", ", MappableFields)}");
        }
        if (MaxRowBytes < 2)
            throw new ArgumentOutOfRangeException(nameof(MaxRowBytes), MaxRowBytes, "the row size limit must be at least 2 bytes");
        if (MaxErrorRawBytes < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxErrorRawBytes), MaxErrorRawBytes, "must not be negative");
    }
}
