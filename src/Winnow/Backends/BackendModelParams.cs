using Winnow.Components;

namespace Winnow.Backends;

/// <summary>
/// The parameters every component that opens its model through a backend (<see cref="BackendOptions"/>) shares: the
/// model, the backend keys, and the token budget of a batch.
/// </summary>
[ParamGroup(typeof(BackendModel))]
[ParamGroup(typeof(BackendKeys))]
[Param("max_batch_tokens", ParamType.Int, "most tokens (padded) in one forward batch", Default = "8192", Min = 1)]
public static class BackendModelParams;
