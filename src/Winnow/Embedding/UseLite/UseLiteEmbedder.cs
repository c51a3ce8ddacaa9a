using System.Globalization;
using Winnow.Data;
using Winnow.Components;

namespace Winnow.Embedding.UseLite;

/// <summary>
/// <see cref="IEmbedder"/> over <see cref="UseLiteModel"/>: 512-d unit-length Universal Sentence Encoder lite
/// embeddings of one text of each row. Pretrained, so <see cref="Fit"/> does nothing.
/// </summary>
[Component("use-lite", "Universal Sentence Encoder lite (npm " + UseLitePackage.NpmPackage + "@" + UseLitePackage.NpmVersion + "), 512-d")]
[Param("path", ParamType.Path, "folder with model.json + vocab.json, or the npm package folder", DefaultDoc = "environment variable " + UseLitePackage.DirectoryVariable)]
[Param("text", ParamType.Choice, "which text of the row is embedded", Default = RowTextNames.Exchange, Values = [RowTextNames.Prompt, RowTextNames.Response, RowTextNames.Exchange])]
[Param("threads", ParamType.Int, "worker threads; 0: one per core", Default = "0", Min = 0)]
[Needs(TextParam = "text", ModelParams = ["path"])]
public sealed class UseLiteEmbedder : IEmbedder
{
    private static readonly string RegistryName = Declared.Name<UseLiteEmbedder>();

    private readonly UseLiteModel _model;
    private readonly RowText _text;
    private readonly int _threads;

    public UseLiteEmbedder(UseLiteModel model, RowText text = RowText.Exchange, int threads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        _model = model;
        _text = text;
        _threads = threads;
        Settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["path"] = model.Folder,
            ["sha256"] = model.ContentHash,
            ["text"] = text.Name(),
            ["package"] = UseLitePackage.NpmPackage + "@" + UseLitePackage.NpmVersion,
            ["max_length"] = model.MaxLength.ToString(CultureInfo.InvariantCulture),
        };
    }

    public string Name => RegistryName;

    public int Dim => _model.Dim;

    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>Builds from checked parameters; without <c>path</c> the model folder comes from the environment.</summary>
    public static UseLiteEmbedder Create(Parameters parameters)
    {
        var path = parameters.GetOptionalString("path") ?? Environment.GetEnvironmentVariable(UseLitePackage.DirectoryVariable)
            ?? throw new ArgumentException($"{RegistryName}: parameter 'path' is required (or set {UseLitePackage.DirectoryVariable}); {UseLitePackage.InstallHint}");
        return new UseLiteEmbedder(UseLiteModel.Load(path), RowTexts.Parse(parameters.GetString("text")), parameters.GetInt("threads"));
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
        var texts = batch.Select(row => _text.Of(row)).ToArray();
        var vectors = new float[texts.Length * Dim];
        _model.Embed(texts, vectors, _threads, cancellationToken);
        for (var i = 0; i < texts.Length; i++)
            target.WriteRow(firstRow + i, vectors.AsSpan(i * Dim, Dim));
    }
}
