using System.Reflection;
using Winnow.Embedding;
using Winnow.Filters;
using Winnow.Scoring;
using Winnow.Selection;

namespace Winnow.Components;

/// <summary>
/// Every component declared in this assembly (classes with <see cref="ComponentAttribute"/>), found once by
/// reflection; the registries, <c>winnow list</c>, docs/components.md and the run plan all read this list.
/// </summary>
public static class Declared
{
    private static readonly (Type Contract, string Kind)[] Kinds =
    [
        (typeof(IRowFilter), "filter"),
        (typeof(IScorer), "scorer"),
        (typeof(IEmbedder), "embedder"),
        (typeof(ISelector), "selector"),
    ];

    private static readonly Lazy<IReadOnlyList<ComponentInfo>> Scanned = new(Scan);

    /// <summary>All declarations, ordered by kind (filter, scorer, embedder, selector: the order a run uses them) then name.</summary>
    public static IReadOnlyList<ComponentInfo> All => Scanned.Value;

    /// <summary>The declaration on <typeparamref name="T"/>.</summary>
    public static ComponentInfo Of<T>() => Of(typeof(T));

    public static ComponentInfo Of(Type type) =>
        All.FirstOrDefault(c => c.Type == type) ?? throw new InvalidOperationException($"{type.FullName} is not a declared component");

    /// <summary>The registry name declared on <typeparamref name="T"/>: how code refers to a component without repeating its name.</summary>
    public static string Name<T>() => Of<T>().Name;

    public static IEnumerable<ComponentInfo> OfKind(string kind) => All.Where(c => c.Kind == kind);

    public static IReadOnlyList<string> KindNames { get; } = Kinds.Select(k => k.Kind).ToList();

    private static IReadOnlyList<ComponentInfo> Scan()
    {
        var found = new List<ComponentInfo>();
        foreach (var type in typeof(Declared).Assembly.GetTypes().Where(t => t.GetCustomAttribute<ComponentAttribute>() is not null))
        {
            var (built, factory) = Factory(type);
            var kinds = Kinds.Where(k => k.Contract.IsAssignableFrom(built)).ToList();
            if (kinds.Count != 1)
                throw new InvalidOperationException($"{type.FullName} builds {built.Name}, which must implement exactly one of {string.Join(", ", Kinds.Select(k => k.Contract.Name))}");
            found.Add(new ComponentInfo(type, kinds[0].Kind, factory));
        }
        var twice = found.GroupBy(c => (c.Kind, c.Name)).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw new InvalidOperationException($"{twice.Key.Kind} '{twice.Key.Name}' is declared by {string.Join(" and ", twice.Select(c => c.Type.FullName))}");
        return found.OrderBy(c => Array.FindIndex(Kinds, k => k.Kind == c.Kind)).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The type a declared class builds and how: its public static Create(Parameters), else its public constructor taking Parameters.</summary>
    private static (Type Built, Func<Parameters, object> Factory) Factory(Type type)
    {
        var create = type.GetMethod("Create", BindingFlags.Public | BindingFlags.Static, [typeof(Parameters)]);
        if (create is not null)
            return (create.ReturnType, p => create.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [p], null)!);
        var constructor = type.GetConstructor([typeof(Parameters)])
            ?? throw new InvalidOperationException($"{type.FullName} is declared a component but has neither a public static Create(Parameters) nor a constructor taking Parameters");
        return (type, p => constructor.Invoke(BindingFlags.DoNotWrapExceptions, null, [p], null));
    }
}
