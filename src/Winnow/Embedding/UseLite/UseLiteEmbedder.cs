using System.Globalization;
using Winnow.Data;

namespace Winnow.Embedding.UseLite;

/// <summary>Which text of a row the embedder reads.</summary>
public enum UseLiteField
{
    /// <summary>The prompt (instruction, and input after a blank line when present).</summary>
    Instruction,

    /// <summary>The response.</summary>
    Response,

    /// <summary>Prompt + "\n" + response.</summary>
    Whole,
}

/// <summary>
/// <see cref="IEmbedder"/> over <see cref="UseLiteModel"/>: 512-d unit-length Universal Sentence Encoder lite
/// embeddings of one text field per row. Pretrained, so <see cref="Fit"/> does nothing.
/// </summary>
public sealed class UseLiteEmbedder : IEmbedder
{
    public const string RegistryName = "use-lite";

    private readonly UseLiteModel _model;
    private readonly UseLiteField _field;
    private readonly int _threads;

    public UseLiteEmbedder(UseLiteModel model, UseLiteField field = UseLiteField.Whole, int threads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        _model = model;
        _field = field;
        _threads = threads;
        Settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["path"] = model.Folder,
            ["sha256"] = model.ContentHash,
            ["field"] = field.ToString().ToLowerInvariant(),
            ["package"] = UseLitePackage.NpmPackage + "@" + UseLitePackage.NpmVersion,
            ["max_length"] = model.MaxLength.ToString(CultureInfo.InvariantCulture),
        };
    }

    public string Name => RegistryName;

    public int Dim => _model.Dim;

    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>
    /// Builds from registry parameters: <c>path</c> (folder with model.json + vocab.json, or the npm package
    /// folder; default: environment variable WINNOW_USE_LITE_DIR), <c>field</c> (instruction|response|whole,
    /// default whole), <c>threads</c> (0 = one per core).
    /// </summary>
    public static UseLiteEmbedder Create(Parameters parameters)
    {
        var path = parameters.GetOptionalString("path") ?? Environment.GetEnvironmentVariable(UseLitePackage.DirectoryVariable)
            ?? throw new ArgumentException($"{RegistryName}: parameter 'path' is required (or set {UseLitePackage.DirectoryVariable}); {UseLitePackage.InstallHint}");
        var fieldText = parameters.GetString("field", "whole");
        var field = fieldText switch
        {
            "instruction" => UseLiteField.Instruction,
            "response" => UseLiteField.Response,
            "whole" => UseLiteField.Whole,
            _ => throw new ArgumentException($"{RegistryName}: parameter 'field' is '{fieldText}', expected instruction, response or whole"),
        };
        var threads = parameters.GetInt("threads", 0);
        if (threads < 0)
            throw new ArgumentException($"{RegistryName}: parameter 'threads' is {threads}, expected 0 (one per core) or more");
        return new UseLiteEmbedder(UseLiteModel.Load(path), field, threads);
    }

    public void Fit(IEnumerable<Sample> pool, CancellationToken cancellationToken)
    {
        // Pretrained: no pool statistics to gather.
    }

    public void Embed(IReadOnlyList<Sample> batch, EmbeddingMatrix target, int firstRow, CancellationToken cancellationToken)
    {
        if (target.Dim != Dim)
            throw new ArgumentException($"{RegistryName}: target matrix has {target.Dim} columns, expected {Dim}");
        if (firstRow < 0 || firstRow + batch.Count > target.Rows)
            throw new ArgumentOutOfRangeException(nameof(firstRow), $"{RegistryName}: rows {firstRow}..{firstRow + batch.Count - 1} do not fit a matrix of {target.Rows} rows");
        var texts = batch.Select(Text).ToArray();
        var vectors = new float[texts.Length * Dim];
        _model.Embed(texts, vectors, _threads, cancellationToken);
        for (var i = 0; i < texts.Length; i++)
            target.WriteRow(firstRow + i, vectors.AsSpan(i * Dim, Dim));
    }

    private string Text(Sample sample) => _field switch
    {
        UseLiteField.Instruction => sample.Prompt,
        UseLiteField.Response => sample.Response,
        _ => sample.Prompt + "\n" + sample.Response,
    };
}
