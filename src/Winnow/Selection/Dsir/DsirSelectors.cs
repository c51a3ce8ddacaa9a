namespace Winnow.Selection.Dsir;

/// <summary>Registers the <c>dsir</c> selector.</summary>
public static class DsirSelectors
{
    public static void Register(Registry<ISelector> registry) =>
        registry.Add("dsir", "DSIR importance resampling: Gumbel top-k over dsir.log_importance (top_k=true: deterministic), rows under min_example_length dropped", DsirSelector.Create);
}
