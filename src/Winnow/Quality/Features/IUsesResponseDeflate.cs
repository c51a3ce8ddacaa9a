namespace Winnow.Quality.Features;

/// <summary>A component that compresses responses with Deflate and can share the sizes with the rest of the run.</summary>
public interface IUsesResponseDeflate
{
    /// <summary>Records the sizes it computes in, and reads known ones from, <paramref name="sizes"/> from now on.</summary>
    void ShareDeflateSizes(ResponseDeflateSizes sizes);
}
