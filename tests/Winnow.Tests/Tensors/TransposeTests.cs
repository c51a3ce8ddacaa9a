using Winnow.Tensors;

namespace Winnow.Tests.Tensors;

public class TransposeTests
{
    [Fact]
    public void A_2x3_matrix_becomes_its_3x2_transpose()
    {
        float[] m = [1, 2, 3, 4, 5, 6]; // [[1, 2, 3], [4, 5, 6]]
        Assert.Equal([1f, 4, 2, 5, 3, 6], Transpose.Of(m, 2, 3));
    }

    [Fact]
    public void Transposing_twice_gives_the_matrix_back_and_each_entry_moves_to_its_mirror()
    {
        var m = Enumerable.Range(0, 7 * 5).Select(i => (float)i * 0.5f - 3).ToArray();
        var t = Transpose.Of(m, 7, 5);
        for (var r = 0; r < 7; r++)
        {
            for (var c = 0; c < 5; c++)
                Assert.Equal(m[r * 5 + c], t[c * 7 + r]);
        }
        Assert.Equal(m, Transpose.Of(t, 5, 7));
    }

    [Fact]
    public void Into_writes_the_transpose_into_a_larger_buffer_and_refuses_one_too_small()
    {
        float[] m = [1, 2, 3, 4, 5, 6];
        var result = Enumerable.Repeat(-1f, 8).ToArray();
        Transpose.Into(m, 2, 3, result);
        Assert.Equal([1f, 4, 2, 5, 3, 6, -1, -1], result);
        Assert.Throws<ArgumentException>(() => Transpose.Into(m, 2, 3, new float[5]));
        Assert.Throws<ArgumentException>(() => Transpose.Into(m, 3, 3, new float[9]));
    }
}
