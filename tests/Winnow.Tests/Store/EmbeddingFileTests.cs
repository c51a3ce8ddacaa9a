using Winnow.Embedding;
using Winnow.Store;

namespace Winnow.Tests.Store;

public sealed class EmbeddingFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("winnow-emb-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void RoundTripsEveryValue()
    {
        var matrix = new EmbeddingMatrix(3, 2);
        matrix.WriteRow(0, [1f, -2f]);
        matrix.WriteRow(1, [0.5f, 65504f]);
        matrix.WriteRow(2, [-0f, 0.000061035156f]);
        var path = Path.Combine(_dir, "e.f16");
        EmbeddingFile.Write(path, matrix);
        Assert.Equal(16 + 3 * 2 * 2, new FileInfo(path).Length);
        var back = EmbeddingFile.Read(path);
        Assert.Equal((3, 2), (back.Rows, back.Dim));
        Assert.Equal(matrix.Block(0, 3).ToArray(), back.Block(0, 3).ToArray());
    }

    [Fact]
    public void AMatrixCreatedInAFileIsTheFileAndMapsBackWithTheSameValues()
    {
        var path = Path.Combine(_dir, "mapped.f16");
        using (var matrix = EmbeddingMatrix.Create(path, 3, 2))
        {
            Assert.True(matrix.IsMapped);
            matrix.WriteRow(0, [1f, -2f]);
            matrix.WriteRow(2, [0.25f, 3f]);
            matrix.Flush();
        }
        Assert.Equal(16 + 3 * 2 * 2, new FileInfo(path).Length);
        var read = EmbeddingFile.Read(path);
        Assert.Equal([(Half)1f, (Half)(-2f), Half.Zero, Half.Zero, (Half)0.25f, (Half)3f], read.Block(0, 3).ToArray());
        using var mapped = EmbeddingFile.Map(path);
        Assert.Equal(read.Block(0, 3).ToArray(), mapped.Block(0, 3).ToArray());
        var row = new float[2];
        mapped.ReadRow(2, row);
        Assert.Equal([0.25f, 3f], row);
        // The mapping is copy-on-write: a caller's write stays in its view.
        mapped.WriteRow(1, [5f, 6f]);
        Assert.Equal(read.Block(0, 3).ToArray(), EmbeddingFile.Read(path).Block(0, 3).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => mapped.Row(3));
    }

    [Fact]
    public void ShortOrForeignFilesAreRefusedWithTheReason()
    {
        var foreign = Path.Combine(_dir, "x.f16");
        File.WriteAllText(foreign, "not an embedding file");
        Assert.Contains("not a Winnow embedding file", Assert.Throws<InvalidDataException>(() => EmbeddingFile.Read(foreign)).Message);
        var matrix = new EmbeddingMatrix(2, 4);
        var cut = Path.Combine(_dir, "cut.f16");
        EmbeddingFile.Write(cut, matrix);
        File.WriteAllBytes(cut, File.ReadAllBytes(cut)[..^2]);
        Assert.Contains("header says 2 × 4", Assert.Throws<InvalidDataException>(() => EmbeddingFile.Read(cut)).Message);
    }
}
