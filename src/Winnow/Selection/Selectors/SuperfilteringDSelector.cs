using Winnow.Components;

namespace Winnow.Selection.Selectors;

/// <summary>
/// <c>superfiltering-d</c>: Superfiltering's <c>do_fla.py</c> — IFD pre-filter (keep IFD &lt; <c>ifd_upper</c> unless
/// it is 0; then the top <c>ifd_num</c> by IFD, or, when <c>ifd_num</c> = 0, IFD &gt; <c>ifd_lower</c>), then facility
/// location with the budget as <c>fla_num</c>.
/// </summary>
[Component("superfiltering-d", "Superfiltering.D: IFD pre-filter (top ifd_num with IFD < ifd_upper) then facility location")]
[Param("column", ParamType.Column, "the IFD column", Default = "ifd.ifd")]
[Param("ifd_upper", ParamType.Number, "keep IFD strictly below this; 0: no upper bound", Default = "1")]
[Param("ifd_num", ParamType.Int, "then the top this many by IFD; 0: every row with IFD above ifd_lower", Default = "520", Min = 0)]
[Param("ifd_lower", ParamType.Number, "lower IFD bound, used when ifd_num is 0", Default = "0.9")]
[ParamGroup(typeof(FacilityLocation.DenseParams))]
[Needs(Embeddings = true, ColumnParams = ["column"])]
public static class SuperfilteringDSelector
{
    public static ISelector Create(Parameters p)
    {
        var upper = p.GetDouble("ifd_upper");
        var top = p.GetInt("ifd_num");
        var lower = p.GetDouble("ifd_lower");
        var range = new ScoreRange(top == 0 ? lower : double.NegativeInfinity, upper != 0 ? upper : double.PositiveInfinity, false, false);
        return new FacilityLocation(p.ComponentName, new CandidateFilter(p.GetString("column"), range, top), p.GetInt("dense_mb"), p.GetInt("max_rows"));
    }
}
