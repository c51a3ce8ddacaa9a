using Winnow.Backends.Http;
using Winnow.Components;

namespace Winnow.Backends;

/// <summary>
/// The keys <see cref="BackendOptions.Parse"/> reads besides the model itself, declared once for every component that
/// opens a model through <see cref="ModelBackends"/> (with a prefix for a second model, e.g. complexity_): the engine
/// keys, then the keys of backend http.
/// </summary>
[ParamGroup(typeof(EngineKeys))]
[ParamGroup(typeof(HttpBackendKeys))]
public static class BackendKeys;
