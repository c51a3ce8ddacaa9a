namespace Winnow.Selection.Selectors;

/// <summary>Registry entries of the selectors in this folder; names are the CLI, YAML recipe and documentation names.</summary>
public static class Selectors
{
    public static void Register(Registry<ISelector> r)
    {
        r.Add("threshold", "rows whose score column lies in [min, max] (inclusive flags), best first, capped by the budget", ScoreCutPresets.Threshold);
        r.Add("top-k", "the k best rows of a score column (k = 0: the budget) within an optional range", ScoreCutPresets.TopK);
        r.Add("ratio", "int(rate × base) best rows of a score column; base = in-range rows or the pool", ScoreCutPresets.Ratio);
        r.Add("cherry", "Cherry_LLM data_by_IFD: drop IFD > 1, int(rate × surviving) highest IFD, dataset order", ScoreCutPresets.Cherry);
        r.Add("cherry-vic", "Cherry_LLM select_from_ifd_json: IFD ≤ 1, int(rate × pool) highest IFD, descending", ScoreCutPresets.CherryVic);
        r.Add("superfiltering", "Superfiltering select_data: IFD < 1 strictly, int(rate × pool) highest IFD, descending", ScoreCutPresets.Superfiltering);
        r.Add("deita", "Deita Repr Filter: score-descending greedy, reject cosine similarity > threshold to any selected row", DeitaReprFilter.Create);
        r.Add("k-center", "greedy k-center (L2 or cosine) from a seeded random or highest-score start", KCenterGreedy.Create);
        r.Add("herding", "herding: each step matches the selected mean to the pool mean", Herding.Create);
        r.Add("facility-location", "facility location, kernel exp(-‖x−y‖/d), lazy greedy, optional score pre-filter", FacilityLocation.Create);
        r.Add("superfiltering-d", "Superfiltering.D: IFD pre-filter (top ifd_num with IFD < ifd_upper) then facility location", FacilityLocation.SuperfilteringD);
        r.Add("cherry-pre-experience", "Cherry_LLM pre-experience: k-means clusters, perplexity 25th–75th percentile band, 10 evenly spaced rows per cluster", CherryPreExperience.Create);
        r.Add("random", "seeded uniform random sample", RandomSelector.Create);
    }
}
